"""`titfortat review`: the records the coder is least sure of, in a file an analyst corrects.

The file (CSV or JSONL) has the sentence, the current codes and an empty `sub_event_type`
column. The analyst writes the right ACLED sub-event type there for the rows they check
(leaving a row empty skips it); `titfortat train` then reads the file as extra training data
(learn/corpus.py). The lowest confidence comes first.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from titfortat.errors import TitForTatError
from titfortat.model import Event

FORMATS: tuple[str, ...] = ("csv", "jsonl")
COLUMNS: tuple[str, ...] = ("id", "story_id", "confidence", "event", "mode", "acled_event_type",
                            "acled_sub_event_type", "sub_event_type", "text", "explanation")


class ReviewError(TitForTatError):
    """The events to review cannot be read."""


def least_sure(events: Iterable[Event], limit: int | None = None) -> list[Event]:
    """Events by rising confidence (then id), at most `limit` of them."""
    ranked = sorted(events, key=lambda e: (e.confidence, e.id))
    return ranked if limit is None else ranked[:limit]


def read_events(path: str | Path, warn: Any = None) -> Iterator[Event]:
    """Event records from a JSONL file written by `titfortat code`; a bad line is reported
    through `warn` (file:line and why) and skipped."""
    p = Path(path)
    try:
        fh = open(p, encoding="utf-8")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise ReviewError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    with fh:
        try:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    yield Event.from_dict(json.loads(line))
                except (ValueError, KeyError, TypeError, AttributeError) as exc:
                    if warn is not None:
                        warn(f"{p}:{n}: not an event record ({exc.__class__.__name__}: {exc}); skipped")
        except UnicodeDecodeError as exc:
            raise ReviewError(f"{p}: not UTF-8 ({exc.reason})") from exc


def review_row(e: Event) -> dict[str, Any]:
    return {"id": e.id, "story_id": e.story_id, "confidence": e.confidence, "event": e.event,
            "mode": e.mode or "", "acled_event_type": e.acled_event_type or "",
            "acled_sub_event_type": e.acled_sub_event_type or "", "sub_event_type": "",
            "text": e.text, "explanation": " | ".join(e.explanation)}


def write_review(events: Iterable[Event], out: IO[str], fmt: str) -> int:
    """Write the review rows; the number written."""
    n = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for e in events:
            writer.writerow(review_row(e))
            n += 1
    elif fmt == "jsonl":
        for e in events:
            out.write(json.dumps(review_row(e), ensure_ascii=False) + "\n")
            n += 1
    else:
        raise ReviewError(f"unknown review format {fmt!r} (choose from {', '.join(FORMATS)})")
    return n
