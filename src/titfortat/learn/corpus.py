"""Reading labelled examples: ACLED exports and the project's own correction files.

An ACLED export is a CSV with ACLED's column names; only `notes` (the text) and
`sub_event_type` (the label) are read, so export variants that differ in date format or in
how `inter` is written read the same. A correction file is what `titfortat review` writes
(CSV or JSONL) after an analyst filled its `sub_event_type` column: the sentence is in `text`,
rows whose label is still empty are skipped.

Every problem is reported with file:line, and a file with problems yields no examples: a
model is never trained on half a file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from titfortat.errors import TitForTatError
from titfortat.learn.labels import canonical, event_type_of

DELIMITERS = (",", ";", "\t", "|")
MAX_REPORTED = 5


class TrainingDataError(TitForTatError):
    """A training file cannot be used; the message names the file and line(s)."""


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # one of the 25 sub-event types, spelled as ACLED does
    origin: str  # file:line
    group: str = ""  # the country, for ACLED rows that carry one


@dataclass
class Corpus:
    """Examples from one file, and what was left out."""

    path: str
    kind: str  # "acled" or "corrections"
    examples: list[Example] = field(default_factory=list)
    skipped: int = 0  # correction rows not labelled (yet)


def read_file(path: str | Path) -> Corpus:
    """The labelled examples of one file; TrainingDataError if anything is wrong with it."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise TrainingDataError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TrainingDataError(
            f"{p}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8 and train again"
        ) from exc
    if not text.strip():
        raise TrainingDataError(f"{p}: empty file")
    if p.suffix.lower() == ".jsonl":
        return _read_jsonl(p, text)
    return _read_csv(p, text)


def read_files(paths: Iterable[str | Path]) -> list[Corpus]:
    return [read_file(p) for p in paths]


def _delimiter(p: Path, header: str) -> str:
    """The delimiter of a CSV header: the one that splits out a text and a label column."""
    for d in DELIMITERS:
        cols = {c.strip().strip('"').lower() for c in header.split(d)}
        if "sub_event_type" in cols and ("notes" in cols or "text" in cols):
            return d
    needed = "a `notes` (or `text`) column and a `sub_event_type` column"
    raise TrainingDataError(f"{p}:1: the header needs {needed} "
                            f"(separated by one of , ; tab |); found: {header[:120]!r}")


def _read_csv(p: Path, text: str) -> Corpus:
    header = text.split("\n", 1)[0].rstrip("\r")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(p, header))
    reader.fieldnames = [(f or "").strip().lower() for f in reader.fieldnames or ()]
    kind = "acled" if "notes" in reader.fieldnames else "corrections"
    text_col = "notes" if kind == "acled" else "text"
    corpus = Corpus(str(p), kind)
    problems: list[str] = []
    try:
        for row in reader:
            _add(corpus, problems, f"{p}:{reader.line_num}", row.get(text_col), row.get("sub_event_type"),
                 row.get("event_type"), row.get("country") or "", text_col)
    except csv.Error as exc:
        problems.append(f"{p}:{reader.line_num}: malformed CSV: {exc}")
    return _checked(corpus, problems)


def _read_jsonl(p: Path, text: str) -> Corpus:
    corpus = Corpus(str(p), "corrections")
    problems: list[str] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{p}:{n}: not a JSON object: {exc.msg}")
            continue
        if not isinstance(obj, dict):
            problems.append(f"{p}:{n}: not a JSON object")
            continue
        value = obj.get("text", obj.get("notes"))
        _add(corpus, problems, f"{p}:{n}", value if isinstance(value, str) else None,
             obj.get("sub_event_type") if isinstance(obj.get("sub_event_type"), str) else None,
             obj.get("event_type") if isinstance(obj.get("event_type"), str) else None, "", "text")
    return _checked(corpus, problems)


def _add(corpus: Corpus, problems: list[str], origin: str, text: str | None, label: str | None,
         event_type: str | None, group: str, text_col: str) -> None:
    label = (label or "").strip()
    if not label:
        if corpus.kind == "corrections":
            corpus.skipped += 1  # not reviewed yet
        else:
            problems.append(f"{origin}: empty sub_event_type")
        return
    sub = canonical(label)
    if sub is None:
        problems.append(f"{origin}: {label!r} is not one of the 25 ACLED sub-event types")
        return
    if event_type and event_type.strip() and event_type.strip().casefold() != event_type_of(sub).casefold():
        problems.append(f"{origin}: sub-event type {sub!r} belongs to {event_type_of(sub)!r}, "
                        f"not {event_type.strip()!r}")
        return
    body = " ".join((text or "").split())
    if not body:
        problems.append(f"{origin}: empty {text_col}")
        return
    corpus.examples.append(Example(body, sub, origin, group.strip()))


def _checked(corpus: Corpus, problems: list[str]) -> Corpus:
    if problems:
        more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        raise TrainingDataError("; ".join(problems[:MAX_REPORTED]) + more)
    if not corpus.examples and corpus.kind == "acled":
        raise TrainingDataError(f"{corpus.path}: no rows")
    return corpus
