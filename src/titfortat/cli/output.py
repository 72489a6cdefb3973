"""Writing events to stdout: JSONL for machines, a table or CSV for people."""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from collections.abc import Iterable
from typing import IO, TextIO

from rich.console import Console
from rich.table import Table

from titfortat.model import Entity, Event

CSV_FIELDS = ("id", "story_id", "date", "date_precision", "event", "mode", "cameo_code", "goldstein",
              "quad_code", "event_scale", "acled_event_type", "acled_sub_event_type", "actor_text",
              "actor_code", "actor_sector", "recipient_text", "recipient_code", "recipient_sector",
              "place", "country_code", "lat", "lon", "modality", "confidence", "event_text", "text")


def entity_label(ents: Iterable[Entity]) -> str:
    parts = []
    for e in ents:
        code = ":".join(x for x in (e.code, e.sector) if x) or "?"
        parts.append(f"{e.entity_text} [{code}]")
    return "; ".join(parts)


def default_format(stream: TextIO) -> str:
    return "table" if stream.isatty() else "jsonl"


def write_jsonl(events: Iterable[Event], out: IO[str]) -> None:
    for e in events:
        out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")


def csv_row(e: Event) -> dict[str, object]:
    loc = e.event_loc
    return {
        "id": e.id, "story_id": e.story_id, "date": e.date.isoformat() if e.date else "",
        "date_precision": e.date_precision or "", "event": e.event, "mode": e.mode or "",
        "cameo_code": e.cameo_code, "goldstein": e.goldstein, "quad_code": e.quad_code,
        "event_scale": e.event_scale, "acled_event_type": e.acled_event_type or "",
        "acled_sub_event_type": e.acled_sub_event_type or "",
        "actor_text": "; ".join(a.entity_text for a in e.actor),
        "actor_code": "; ".join(a.code or "" for a in e.actor),
        "actor_sector": "; ".join(a.sector or "" for a in e.actor),
        "recipient_text": "; ".join(a.entity_text for a in e.recipient),
        "recipient_code": "; ".join(a.code or "" for a in e.recipient),
        "recipient_sector": "; ".join(a.sector or "" for a in e.recipient),
        "place": (loc.resolved_place or loc.extracted_place) if loc else "",
        "country_code": (loc.country_code or "") if loc else "",
        "lat": loc.lat if loc and loc.lat is not None else "",
        "lon": loc.lon if loc and loc.lon is not None else "",
        "modality": e.modality, "confidence": e.confidence, "event_text": e.event_text, "text": e.text,
    }


def csv_writer(out: IO[str]) -> csv.DictWriter[str]:
    w = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    return w


def events_table(events: list[Event], title: str = "Events") -> Table:
    t = Table(title=title, show_lines=False)
    for col in ("date", "event", "mode", "actor", "recipient", "place", "modality", "trigger"):
        t.add_column(col, overflow="fold")
    for e in events:
        loc = e.event_loc
        t.add_row(
            e.date.isoformat() if e.date else "-", e.event, e.mode or "-", entity_label(e.actor) or "-",
            entity_label(e.recipient) or "-",
            (loc.resolved_place or loc.extracted_place) if loc else "-", e.modality, e.event_text,
        )
    return t


def counts_table(events: list[Event]) -> Table:
    counts = Counter(e.event for e in events)
    t = Table(title="Events by type")
    t.add_column("event")
    t.add_column("count", justify="right")
    for ev, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        t.add_row(ev, str(n))
    t.add_row("total", str(len(events)))
    return t


def console(stream: TextIO | None = None) -> Console:
    """A Rich console with a fixed width when not a terminal, so output is deterministic."""
    stream = stream or sys.stdout
    return Console(file=stream, width=None if stream.isatty() else 160, color_system=None if not stream.isatty() else "auto",
                   soft_wrap=False)
