"""Records to rows and back: pure functions, no database.

The store keeps the exact JSON record of each event (``record``) next to flat, searchable
columns; these functions compute both, plus the values duplicate merging needs.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from titfortat.model import Entity, Event, Story

# Modalities that report something that happened (or is said to have happened); the rest
# never merge with these.
FACTUAL = frozenset({"asserted", "claimed", "attempted"})


def story_hash(story: Story) -> str:
    """A hash of everything that affects coding: the same hash means the same story."""
    payload = json.dumps(
        [story.text, story.date.isoformat() if story.date else None, story.title, story.url,
         story.source, story.language],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def date_period(date: dt.date | None, precision: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a date can mean, given its precision."""
    if date is None:
        return None, None
    if precision == "week":
        return date, date + dt.timedelta(days=6)
    if precision == "month":
        return date, date.replace(day=calendar.monthrange(date.year, date.month)[1])
    if precision == "season":
        month = date.month + 2
        year = date.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return date, dt.date(year, month, calendar.monthrange(year, month)[1])
    if precision == "year":
        return date, dt.date(date.year, 12, 31)
    return date, date


def _party(entities: tuple[Entity, ...]) -> str:
    if not entities:
        return "-"
    first = entities[0]
    return f"{first.code or '?'}:{first.sector or '?'}"


def dedup_key(event: Event) -> str:
    """Events can only merge when these agree: type, factuality, actor and recipient."""
    factual = "F" if event.modality in FACTUAL else event.modality
    return f"{event.event}|{factual}|{_party(event.actor)}|{_party(event.recipient)}"


def entity_key(entity: Entity) -> str:
    """A stable key for an entity (same text, code, sector and identifier: same entity)."""
    raw = "\x1f".join([entity.entity_text.strip().lower(), entity.code or "", entity.sector or "",
                       entity.identifier_id or ""])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:24]


def story_row(story: Story, digest: str, n_events: int, warnings: list[str],
              now: dt.datetime) -> dict[str, Any]:
    return {
        "id": story.id, "title": story.title, "url": story.url, "source": story.source,
        "pub_date": story.date, "language": story.language, "content_hash": digest,
        "origin": story.origin, "n_events": n_events,
        "warnings": json.dumps(warnings, ensure_ascii=False),
        "first_ingested": now, "last_ingested": now,
    }


def event_row(event: Event, source_key: str) -> dict[str, Any]:
    """The events-table row of an event (cluster columns are filled in by merging)."""
    loc = event.event_loc
    size = dict(event.size)
    start, end = date_period(event.date, event.date_precision)
    actor = event.actor[0] if event.actor else None
    recipient = event.recipient[0] if event.recipient else None
    ti = event.text_info
    return {
        "id": event.id, "story_id": event.story_id, "event": event.event, "mode": event.mode,
        "context": ",".join(event.context), "quad_code": event.quad_code,
        "event_scale": event.event_scale, "cameo_code": event.cameo_code,
        "goldstein": event.goldstein, "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "actor_code": actor.code if actor else None, "actor_sector": actor.sector if actor else None,
        "recipient_code": recipient.code if recipient else None,
        "recipient_sector": recipient.sector if recipient else None,
        "date": event.date, "date_precision": event.date_precision, "date_text": event.date_text,
        "date_start": start, "date_end": end,
        "loc_extracted": loc.extracted_place if loc else None,
        "loc_place": loc.resolved_place if loc else None,
        "loc_geonameid": loc.geonameid if loc else None,
        "loc_lat": loc.lat if loc else None, "loc_lon": loc.lon if loc else None,
        "loc_province": loc.province if loc else None, "loc_country": loc.country if loc else None,
        "loc_country_code": loc.country_code if loc else None,
        "loc_resolution": loc.resolution if loc else None,
        "size_dead": size.get("dead"), "size_injured": size.get("injured"),
        "size_arrested": size.get("arrested"),
        "modality": event.modality, "event_text": event.event_text, "text": event.text,
        "ti_sequence": ti.sequence, "ti_start": ti.start, "ti_end": ti.end,
        "ti_trigger_start": ti.trigger_start, "ti_trigger_end": ti.trigger_end,
        "confidence": event.confidence,
        "record": json.dumps(event.to_dict(), ensure_ascii=False, separators=(",", ":")),
        "dedup_key": dedup_key(event), "source_key": source_key,
        "cluster_id": None, "is_rep": False,
    }


def entity_rows(event: Event) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The entities of an event and their links (role, position)."""
    ents: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for role, group in (("actor", event.actor), ("recipient", event.recipient)):
        for pos, e in enumerate(group):
            key = entity_key(e)
            ents.append({"key": key, "entity_text": e.entity_text, "code": e.code,
                         "sector": e.sector, "identifier_id": e.identifier_id,
                         "identifier_text": e.identifier_text})
            links.append({"event_id": event.id, "role": role, "position": pos,
                          "entity_key": key, "code": e.code, "sector": e.sector})
    return ents, links


def pair_rows(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The event_pairs rows of one event's links: every ordered pair of two different links."""
    return [{"event_id": x["event_id"], "a_role": x["role"], "a_position": x["position"], "b_role": y["role"],
             "b_position": y["position"], "a_code": x["code"], "a_sector": x["sector"], "b_code": y["code"],
             "b_sector": y["sector"]}
            for i, x in enumerate(links) for j, y in enumerate(links) if i != j]


def with_cluster_note(event: Event, row: Mapping[Any, Any]) -> Event:
    """A representative with its cluster's summary as its last explanation line (a row with
    cluster_id, n_events, n_stories, n_sources and cluster_confidence)."""
    note = (f"cluster {row['cluster_id']}: {row['n_events']} reports, {row['n_stories']} stories, "
            f"{row['n_sources']} sources, confidence {row['cluster_confidence']:.2f}")
    return dataclasses.replace(event, explanation=(*event.explanation, note))


def event_from_record(record: str) -> Event:
    """The Event stored in a ``record`` column."""
    return Event.from_dict(json.loads(record))
