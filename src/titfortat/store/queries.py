"""Query building: filters to SQL conditions, and the selects behind the Store's readers."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from titfortat.errors import UsageError
from titfortat.model import EVENT_TYPES, SECTORS
from titfortat.store import schema

ev, cl, st, links, ents = schema.events, schema.clusters, schema.stories, schema.event_entities, schema.entities


_CODE = re.compile(r"[A-Z]{3}")


def parse_party(value: str) -> tuple[str | None, str | None]:
    """"IRQ" -> ("IRQ", None); "IRQ:GOV" -> ("IRQ", "GOV"); ":MIL" -> (None, "MIL").

    CODE is three letters (ISO alpha-3 or a PLOVER code such as IGO), SECTOR a PLOVER sector."""
    usage = "use CODE, CODE:SECTOR or :SECTOR (e.g. IRQ:GOV)"
    parts = value.strip().upper().split(":")
    if len(parts) > 2 or not any(parts):
        raise UsageError(f"bad actor {value!r}: {usage}")
    code, sector = parts[0], parts[1] if len(parts) == 2 else ""
    if code and not _CODE.fullmatch(code):
        raise UsageError(f"bad actor {value!r}: the code {code!r} is not three letters; {usage}")
    if sector and sector not in SECTORS:
        raise UsageError(f"bad actor {value!r}: unknown sector {sector!r}; choose from {', '.join(SECTORS)}")
    return code or None, sector or None


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """"W,S,E,N" in degrees: longitudes within -180..180, latitudes within -90..90."""
    example = "e.g. 44.0,33.0,45.0,34.0"
    try:
        w, s, e, n = (float(x) for x in value.split(","))
    except ValueError as exc:
        raise UsageError(f"bad --bbox {value!r}: use W,S,E,N in degrees, {example}") from exc
    if not all(math.isfinite(x) for x in (w, s, e, n)):
        raise UsageError(f"bad --bbox {value!r}: the numbers must be finite")
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= 90 and -90 <= n <= 90):
        raise UsageError(f"bad --bbox {value!r}: longitudes go from -180 to 180, latitudes from -90 to 90")
    if not (w <= e and s <= n):
        raise UsageError(f"bad --bbox {value!r}: need W <= E and S <= N")
    return w, s, e, n


@dataclass(frozen=True)
class Filters:
    """What to select. `clusters` picks one representative event per cluster."""

    clusters: bool = True
    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        """SQL conditions on the events table."""
        out: list[sa.ColumnElement[bool]] = []
        if self.clusters:
            out.append(ev.c.is_rep == sa.true())
        for role, value in (("actor", self.actor), ("recipient", self.recipient)):
            if value:
                out.append(ev.c.id.in_(_party_ids(role, value)))
        if self.type:
            kind = self.type.upper()
            if kind not in EVENT_TYPES:
                raise UsageError(f"unknown event type {self.type!r}; choose from {', '.join(EVENT_TYPES)}")
            out.append(ev.c.event == kind)
        if self.since:
            out.append(ev.c.date >= self.since)
        if self.until:
            out.append(ev.c.date <= self.until)
        if self.place:
            name = self.place.strip().lower()
            out.append(sa.or_(*(sa.func.lower(c) == name for c in (
                ev.c.loc_place, ev.c.loc_extracted, ev.c.loc_province, ev.c.loc_country))))
        if self.bbox:
            w, s, e, n = self.bbox
            out.extend([ev.c.loc_lon.between(w, e), ev.c.loc_lat.between(s, n)])
        return out


def party_conditions(role: str, value: str) -> list[Any]:
    """Conditions on the actor links for one `CODE[:SECTOR]` party in `role`."""
    code, sector = parse_party(value)
    conds = [links.c.role == role]
    if code:
        conds.append(links.c.code == code)
    if sector:
        conds.append(links.c.sector == sector)
    return conds


def _party_ids(role: str, value: str) -> sa.Select[Any]:
    return sa.select(links.c.event_id).where(*party_conditions(role, value))


ORDER = (ev.c.date.is_(None), ev.c.date, ev.c.id)


def records(filters: Filters) -> sa.Select[Any]:
    """The JSON record of every selected event, with its cluster's summary and its story."""
    return (
        sa.select(ev.c.record, ev.c.cluster_id, cl.c.n_events, cl.c.n_stories, cl.c.n_sources,
                  cl.c.confidence.label("cluster_confidence"), st.c.url, st.c.source, st.c.title)
        .join(cl, cl.c.id == ev.c.cluster_id, isouter=True)
        .join(st, st.c.id == ev.c.story_id)
        .where(*filters.conditions()).order_by(*ORDER)
    )


def _first(role: str, column: str) -> sa.ScalarSelect[Any]:
    return (sa.select(ents.c[column]).join(links, links.c.entity_key == ents.c.key)
            .where(links.c.event_id == ev.c.id, links.c.role == role, links.c.position == 0)
            .scalar_subquery())


FRAME_COLUMNS: tuple[str, ...] = (
    "id", "story_id", "event", "mode", "context", "quad_code", "event_scale", "cameo_code",
    "goldstein", "acled_event_type", "acled_sub_event_type", "actor_code", "actor_sector",
    "recipient_code", "recipient_sector", "date", "date_precision", "date_text", "loc_place",
    "loc_province", "loc_country", "loc_country_code", "loc_lat", "loc_lon", "loc_resolution",
    "size_dead", "size_injured", "size_arrested", "modality", "event_text", "text", "confidence",
    "cluster_id", "is_rep",
)


def event_table(filters: Filters) -> sa.Select[Any]:
    """Flat event rows for data frames (first actor's and recipient's names added)."""
    return (sa.select(*(ev.c[n] for n in FRAME_COLUMNS),
                      _first("actor", "entity_text").label("actor_text"),
                      _first("recipient", "entity_text").label("recipient_text"))
            .where(*filters.conditions()).order_by(*ORDER))


def cluster_table(filters: Filters) -> sa.Select[Any]:
    """Clusters with their representative's dyad, date and place."""
    cols = [cl.c[n] for n in ("id", "event", "representative_id", "n_events", "n_stories",
                              "n_sources", "confidence", "min_start", "max_end")]
    rep = [ev.c[n] for n in ("actor_code", "actor_sector", "recipient_code", "recipient_sector",
                             "date", "date_precision", "loc_place", "loc_country_code", "loc_lat", "loc_lon")]
    conds = filters.conditions()
    if not filters.clusters:
        conds.append(ev.c.is_rep == sa.true())
    return (sa.select(*cols, *rep).join(ev, ev.c.id == cl.c.representative_id)
            .where(*conds).order_by(*ORDER))


def dyad_dates(filters: Filters) -> sa.Select[Any]:
    """Just the dates of the selected (dated) events."""
    return sa.select(ev.c.date).where(*filters.conditions(), ev.c.date.is_not(None))


def cluster_members(cluster_id: str) -> sa.Select[Any]:
    return sa.select(ev.c.record).where(ev.c.cluster_id == cluster_id).order_by(ev.c.id)
