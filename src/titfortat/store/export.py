"""Export stored events to files: plover-jsonl, phoenix-tsv, acled-csv, parquet.

Every exporter takes the Store and Filters (clusters=True: one row per cluster, its
representative report) and returns the number of rows written.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from titfortat.dyads import dyads, goldstein
from titfortat.errors import UsageError
from titfortat.model import Entity, Event
from titfortat.store.queries import Filters
from titfortat.store.store import Store

PHOENIX_COLUMNS: tuple[str, ...] = (
    "EventID", "Date", "Year", "Month", "Day", "SourceActorFull", "SourceActorEntity",
    "SourceActorRole", "SourceActorAttribute", "TargetActorFull", "TargetActorEntity",
    "TargetActorRole", "TargetActorAttribute", "EventCode", "EventRootCode", "QuadClass",
    "GoldsteinScore", "Issues", "Lat", "Lon", "LocationName", "StateName", "CountryCode",
    "SentenceID", "URLs", "NewsSources",
)
ACLED_COLUMNS: tuple[str, ...] = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "inter1", "actor2",
    "inter2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "notes",
    "fatalities", "source",
)
_TIME_PRECISION = {"day": 1, "week": 2}  # anything coarser is 3
_GEO_PRECISION = {"place": 1, "city": 1, "province": 3, "country": 3}


def _blank(value: Any) -> Any:
    return "" if value is None else value


def _phoenix_party(e: Entity | None) -> list[str]:
    if e is None:
        return ["", "", "", ""]
    return [f"{e.code or ''}{e.sector or ''}", e.code or "", e.sector or "", ""]


def phoenix_rows(event: Event, extra: dict[str, Any]) -> list[list[Any]]:
    """The 26 Phoenix columns, one row per directed dyad (titfortat.dyads); codes stay strings.

    A one-dyad event keeps its id as EventID; the rows of a compound or mutual event are
    numbered "ID.1", "ID.2", ... in dyad order.
    """
    d, loc = event.date, event.event_loc
    pairs = dyads(event)
    rows = []
    for k, pair in enumerate(pairs, 1):
        rows.append([
            event.id if len(pairs) == 1 else f"{event.id}.{k}", d.strftime("%Y%m%d") if d else "",
            d.year if d else "", d.month if d else "", d.day if d else "",
            *_phoenix_party(pair.source), *_phoenix_party(pair.target),
            pair.cameo_code, pair.cameo_code[:2], event.quad_code, goldstein(pair, event),
            ";".join(event.context), _blank(loc.lat if loc else None), _blank(loc.lon if loc else None),
            _blank(loc.resolved_place or loc.extracted_place if loc else None),
            _blank(loc.province if loc else None), _blank(loc.country_code if loc else None),
            f"{event.story_id}-{event.text_info.sequence}", _blank(extra.get("url")),
            _blank(extra.get("source")),
        ])
    return rows


def acled_inter_of(group: tuple[Entity, ...], event: Event, acting: bool | None = None) -> int | None:
    """ACLED's actor class (1-8) of the first entity of `group` in `event`; None if empty.
    Records coded before `acled_inter` existed get it from the coder's class table."""
    if not group:
        return None
    e = group[0]
    if e.acled_inter is not None:  # decided by the coder
        return e.acled_inter
    from titfortat.coding.acled_inter import inter_of

    country = event.event_loc.country_code if event.event_loc else None
    return inter_of(e, group is event.actor if acting is None else acting, event.acled_event_type, country)


def _inter(group: tuple[Entity, ...], event: Event, acting: bool) -> tuple[str, Any]:
    if not group:
        return "", ""
    e = group[0]
    return e.identifier_text or e.entity_text, acled_inter_of(group, event, acting)


def acled_row(event: Event, extra: dict[str, Any]) -> list[Any]:
    """ACLED's columns where we have the data."""
    from titfortat.coding.acled_inter import acled_sides

    loc = event.event_loc
    side1, side2 = acled_sides(event)
    a1, i1 = _inter(side1, event, acting=True)
    a2, i2 = _inter(side2, event, acting=False)
    return [
        event.date.isoformat() if event.date else "", _TIME_PRECISION.get(event.date_precision or "day", 3),
        event.acled_event_type, _blank(event.acled_sub_event_type), a1, i1, a2, i2,
        _blank(loc.country if loc else None), _blank(loc.province if loc else None),
        _blank(loc.resolved_place or loc.extracted_place if loc else None),
        _blank(loc.lat if loc else None), _blank(loc.lon if loc else None),
        _GEO_PRECISION.get(loc.resolution or "", 3) if loc else "", event.text,
        dict(event.size).get("dead", 0), _blank(extra.get("source")),
    ]


def _write_rows(store: Store, filters: Filters, out: IO[str], header: tuple[str, ...],
                rows: Callable[[Event, dict[str, Any]], list[list[Any]]], delimiter: str,
                keep: Callable[[Event], bool] = lambda e: True) -> int:
    """Write the rows of each kept event; the number of events written."""
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    n = 0
    for event, extra in store.iter_joined(filters):
        if keep(event):
            writer.writerows(rows(event, extra))
            n += 1
    return n


def _plover(store: Store, filters: Filters, out: IO[str]) -> int:
    n = 0
    for event, _extra in store.iter_joined(filters):
        out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def _parquet(store: Store, filters: Filters, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    df = store.events_frame(clusters=filters.clusters, actor=filters.actor, recipient=filters.recipient,
                            type=filters.type, since=filters.since, until=filters.until,
                            place=filters.place, bbox=filters.bbox)
    df["context"] = [c.split(",") if c else [] for c in df["context"]]
    df["date"] = df["date"].dt.date
    table = pa.Table.from_pandas(df, preserve_index=False)
    table = table.set_column(table.schema.get_field_index("date"), "date",
                             table.column("date").cast(pa.date32()))
    pq.write_table(table, path)
    return len(df)


FORMATS: tuple[str, ...] = ("plover-jsonl", "phoenix-tsv", "acled-csv", "parquet")


def export(store: Store, fmt: str, path: Path, filters: Filters) -> int:
    """Write the selected events to `path` in `fmt`; returns the number of rows."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "parquet":
        return _parquet(store, filters, path)
    with open(path, "w", encoding="utf-8", newline="") as out:
        if fmt == "plover-jsonl":
            return _plover(store, filters, out)
        if fmt == "phoenix-tsv":
            return _write_rows(store, filters, out, PHOENIX_COLUMNS, phoenix_rows, "\t")
        return _write_rows(store, filters, out, ACLED_COLUMNS, lambda e, x: [acled_row(e, x)], ",",
                           keep=lambda e: e.acled_event_type is not None)
