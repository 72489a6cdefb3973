"""Turn paths (files, folders, '-') into Story objects, or StoryErrors for bad ones.

Readers never raise for one bad story: they yield a StoryError in its place, so the batch
goes on and the caller reports it with file and line. Text is cleaned once, here
(`checks.clean_text`), and a story id seen before in the same batch is reported as a
duplicate, comparing ids as the strings they are stored as (`1` and `"1"` are one id).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from titfortat.errors import ReadError, RejectedStory, StoryError, UsageError
from titfortat.ingest.checks import check_text, clean_text, decode, parse_date
from titfortat.ingest.countries import country_hint
from titfortat.ingest.html import parse_html
from titfortat.model import Story

FORMATS = ("txt", "jsonl", "html")
_EXT = {".txt": "txt", ".text": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl",
        ".html": "html", ".htm": "html"}
HEADERS = ("id", "title", "date", "url", "source", "language")

Item = Story | StoryError


def read_paths(paths: Iterable[str], input_format: str | None = None,
               default_date: dt.date | None = None) -> Iterator[Item]:
    """Stories from files, folders (recursive, sorted) and '-' for stdin; a story whose id
    came earlier in the batch becomes a RejectedStory naming where it was first seen."""
    first_seen: dict[str, str] = {}
    for item in _read_all(paths, input_format, default_date):
        if isinstance(item, Story):
            if item.id in first_seen:
                item = RejectedStory(item.origin or item.id, f"duplicate id {item.id!r}, first seen at "
                                     f"{first_seen[item.id]}")
            else:
                first_seen[item.id] = item.origin or item.id
        yield item


def _read_all(paths: Iterable[str], input_format: str | None,
              default_date: dt.date | None) -> Iterator[Item]:
    for p in paths:
        if p == "-":
            data = sys.stdin.buffer.read()
            yield from _read_bytes(data, "<stdin>", input_format or _sniff(data), "stdin", default_date)
            continue
        path = Path(p)
        if path.is_dir():
            for f in walk(path):
                if isinstance(f, ReadError):
                    yield f
                else:
                    yield from read_file(f, input_format, default_date)
        elif path.is_file():
            yield from read_file(path, input_format, default_date)
        else:
            raise UsageError(f"no such file or directory: {p}")


def walk(folder: Path) -> Iterator[Path | ReadError]:
    """Story files under `folder` in sorted order, following symbolic links once (a link
    loop is not followed twice); an unreadable subfolder yields one ReadError."""
    seen: set[tuple[int, int]] = set()

    def visit(d: Path) -> Iterator[Path | ReadError]:
        try:
            st = d.stat()
            if (st.st_dev, st.st_ino) in seen:
                return
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield ReadError(str(d), f"cannot read folder: {exc.strerror or exc}")
            return
        for e in entries:
            path = Path(e.path)
            try:
                is_dir = e.is_dir()
                is_file = not is_dir and e.is_file()
            except OSError:
                continue
            if is_dir:
                yield from visit(path)
            elif is_file and path.suffix.lower() in _EXT:
                yield path

    return visit(folder)


def read_file(path: Path, input_format: str | None = None,
              default_date: dt.date | None = None) -> Iterator[Item]:
    fmt = input_format or _EXT.get(path.suffix.lower(), "txt")
    if fmt not in FORMATS:
        raise UsageError(f"unknown input format {fmt!r}; choose from {', '.join(FORMATS)}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(f"{path}", f"cannot read: {exc.strerror}")
        return
    yield from _read_bytes(data, str(path), fmt, path.stem, default_date)


def _sniff(data: bytes) -> str:
    head = data.lstrip()[:1]
    if head == b"{":
        return "jsonl"
    if head == b"<":
        return "html"
    return "txt"


def _read_bytes(data: bytes, name: str, fmt: str, stem: str,
                default_date: dt.date | None) -> Iterator[Item]:
    if fmt == "jsonl":
        yield from _read_jsonl(data, name, default_date)
        return
    origin = f"{name}:1"
    try:
        text = decode(data, origin)
        if fmt == "html":
            record = parse_html(text)
            record.setdefault("id", stem)
        else:
            record = parse_txt(text, stem)
        yield story_from_record(record, origin, default_date)
    except StoryError as exc:
        yield exc


def parse_txt(text: str, stem: str) -> dict[str, Any]:
    """A .txt story: optional `Key: value` header lines, a blank line, then the body."""
    record: dict[str, Any] = {"id": stem}
    lines = text.splitlines(keepends=True)
    headers: dict[str, str] = {}
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            break
        key, sep, value = line.partition(":")
        if not sep or key.strip().lower() not in HEADERS:
            headers = {}
            i = 0
            break
        headers[key.strip().lower()] = value.strip()
        i += 1
    if headers and i < len(lines):
        body = "".join(lines[i + 1:])
    elif headers:
        body = ""
    else:
        body = text
    record.update(headers)
    record["text"] = body.strip("\n")
    return record


def _read_jsonl(data: bytes, name: str, default_date: dt.date | None) -> Iterator[Item]:
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        origin = f"{name}:{lineno}"
        try:
            line = decode(raw, origin)
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReadError(origin, f"malformed JSON: {exc.msg} at column {exc.colno}") from exc
            if not isinstance(record, dict):
                raise ReadError(origin, "a JSONL line must be an object with 'id' and 'text'")
            for key in ("id", "text"):
                if key not in record or record[key] in (None, ""):
                    raise RejectedStory(origin, f"missing required field {key!r}")
            yield story_from_record(record, origin, default_date)
        except StoryError as exc:
            yield exc


def story_from_record(record: dict[str, Any], origin: str,
                      default_date: dt.date | None = None) -> Story:
    """Validate a record (from any format), clean its text and build the Story."""
    text = record.get("text")
    if not isinstance(text, str):
        raise RejectedStory(origin, "'text' must be a string")
    text = clean_text(text)
    sid = record.get("id")
    if isinstance(sid, bool) or not isinstance(sid, (str, int)):
        raise RejectedStory(origin, "'id' must be a non-empty string (or an integer)")
    sid = clean_text(str(sid)).strip()
    if not sid:
        raise RejectedStory(origin, "'id' must be a non-empty string")
    check_text(text, origin)
    date = parse_date(record.get("date"), origin) or default_date

    def opt(key: str) -> str | None:
        v = record.get(key)
        return clean_text(str(v)) if v not in (None, "") else None

    country = opt("country")
    return Story(id=sid, text=text, date=date, title=opt("title"), url=opt("url"),
                 source=opt("source"), language=opt("language"), origin=origin,
                 country=country_hint(country, origin) if country else None)
