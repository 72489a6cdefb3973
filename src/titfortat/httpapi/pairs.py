"""One pair of actors in plain Python: the acts between A and B, what answers what, and their
counts per period, from the pair's few hundred events.

The analyses in `titfortat.analysis` build a pandas frame, whose fixed cost per operation
dominates for one pair; the dyad explorer asks for one pair at a time, many at once. This
module follows the same rules step by step, and `tests/api/test_pairs.py` holds it to the
same answers as `analysis.find_exchanges` and `analysis.dyad_series`:

- rows: every directed dyad of each dated event that happened (`titfortat.dyads.dyads`), in
  the order (date, story, sentence, id), keyed at `level` as `analysis.frame` keys them;
  only the rows from A to B and from B to A are kept; the acts are each (event, source,
  target) once;
- the answer to an act is the other side's first act toward it on a later day within the
  window, or in the same story on the same day in a later sentence (which wins);
- the class of an answer (`analysis.exchanges.classify`), its lag, and per period the
  events, reports (cluster sizes), quad class counts and Goldstein sum and mean.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from titfortat import settings
from titfortat.analysis.dyads import QUADS
from titfortat.analysis.exchanges import (
    CONCESSION,
    CONCESSION_EVENTS,
    DEESCALATION,
    ESCALATION,
    NO_RESPONSE,
    RECIPROCATED_COOPERATION,
    RECIPROCATED_HOSTILITY,
)
from titfortat.analysis.frame import EXCLUDED_MODALITIES, STATE_SECTORS, UNKNOWN_CODE, check_level
from titfortat.dyads import dyads
from titfortat.errors import AnalysisError
from titfortat.model import Entity, Event


@dataclass(frozen=True, slots=True)
class Act:
    """One directed row of the pair: an event seen from its source toward its target."""

    id: str
    story_id: str
    date: dt.date
    source: str
    target: str
    event: str
    mode: str | None
    quad_code: int
    goldstein: float
    text: str
    sequence: int
    weight: int


def key(entity: Entity, level: str) -> str:
    """The dyad key of one entity at `level` (what `analysis.frame.with_dyads` computes)."""
    code = entity.code if entity.code is not None else UNKNOWN_CODE
    sector = entity.sector
    unknown = entity.code is None and (sector is None or sector == "UNK")
    if level == "country":
        out = code
    elif level == "side":
        out = f"{code}:{'GOV' if sector is None or sector in STATE_SECTORS else sector}"
    else:
        out = code if sector is None else f"{code}:{sector}"
        if level == "identifier":
            unknown = unknown and entity.identifier_id is None
            out = entity.identifier_id if entity.identifier_id is not None else out
    return UNKNOWN_CODE if unknown else out


@dataclass(frozen=True, slots=True)
class PairEvent:
    """What the pair analysis reads of an event: the fields `titfortat.dyads.dyads` reads
    (actor, recipient, event, cameo_code, acled_sub_event_type) and those of an act."""

    id: str
    story_id: str
    date: dt.date | None
    event: str
    mode: str | None
    quad_code: int
    goldstein: float
    modality: str
    text: str
    sequence: int
    cameo_code: str
    acled_sub_event_type: str | None
    actor: tuple[Entity, ...]
    recipient: tuple[Entity, ...]
    reports: int = 1


def from_events(events: Iterable[Event], weights: Mapping[str, int] | None = None) -> list[PairEvent]:
    """Events (with their cluster sizes, default 1) as the pair analysis reads them."""
    return [PairEvent(e.id, e.story_id, e.date, e.event, e.mode, int(e.quad_code), float(e.goldstein), e.modality,
                      e.text, int(e.text_info.sequence), e.cameo_code, e.acled_sub_event_type, e.actor, e.recipient,
                      int((weights or {}).get(e.id, 1)))
            for e in events]


def from_rows(rows: Iterable[Sequence[Any]], parties: Mapping[str, Sequence[Sequence[Any]]]) -> list[PairEvent]:
    """The store's `pair_rows` (tuples of `serving.PAIR_EVENT_COLUMNS` and `PARTY_COLUMNS`) as
    the pair analysis reads them."""
    out = []
    known: dict[Sequence[Any], Entity] = {}  # the same few parties recur in every event
    for (event_id, story_id, date, event, mode, quad, goldstein, modality, text, sequence, cameo, sub_event,
         reports) in rows:
        actors: list[Entity] = []
        recipients: list[Entity] = []
        for party in parties.get(event_id, ()):
            ent = known.get(party)
            if ent is None:
                ent = known[party] = Entity(*party[1:])
            (actors if party[0] == "actor" else recipients).append(ent)
        out.append(PairEvent(event_id, story_id, date, event, mode, int(quad), float(goldstein), modality, text,
                             int(sequence), cameo, sub_event, tuple(actors), tuple(recipients), int(reports)))
    return out


def pair_acts(events: Iterable[PairEvent], a: str, b: str, level: str) -> list[Act]:
    """The rows from `a` to `b` and from `b` to `a`, in the frame's order (time, story,
    sentence, id); `distinct` of them are the acts, numbered by position as in
    `analysis.exchanges.acts`."""
    check_level(level)
    wanted = {(a, b), (b, a)}
    rows: list[tuple[tuple[dt.date, str, int, str], int, Act]] = []
    n = 0
    keys: dict[Entity, str] = {}
    for ev in events:
        if ev.date is None or ev.modality in EXCLUDED_MODALITIES:
            continue
        for pair in dyads(cast(Event, ev)):  # reads only the fields PairEvent has
            if pair.source is None or pair.target is None:
                continue
            src = keys.get(pair.source) or keys.setdefault(pair.source, key(pair.source, level))
            tgt = keys.get(pair.target) or keys.setdefault(pair.target, key(pair.target, level))
            if (src, tgt) not in wanted:
                continue
            act = Act(ev.id, ev.story_id, ev.date, src, tgt, ev.event, ev.mode, ev.quad_code, ev.goldstein,
                      ev.text, ev.sequence, ev.reports)
            rows.append(((ev.date, ev.story_id, ev.sequence, ev.id), n, act))
            n += 1
    rows.sort(key=lambda r: (r[0], r[1]))
    return [act for _order, _n, act in rows]


def distinct(acts: list[Act]) -> list[Act]:
    """Each (event, source, target) once, the first kept: a compound party that falls into one
    key at this level is one act (`analysis.exchanges.acts`; the series count every row)."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for act in acts:
        if (act.id, act.source, act.target) not in seen:
            seen.add((act.id, act.source, act.target))
            out.append(act)
    return out


def responses(acts: list[Act], window: int) -> list[int]:
    """For each act, the position of the act answering it, or -1."""
    by_direction: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for j, act in enumerate(acts):  # positions are in time order, so each list is sorted
        days, positions = by_direction.setdefault((act.source, act.target), ([], []))
        days.append(act.date.toordinal())
        positions.append(j)
    out = [-1] * len(acts)
    for i, act in enumerate(acts):
        other = by_direction.get((act.target, act.source))
        if other is None:
            continue
        days, positions = other
        day = act.date.toordinal()
        k = bisect.bisect_left(days, day)
        while k < len(days) and days[k] == day:  # the same story, a later sentence
            found = acts[positions[k]]
            if found.story_id == act.story_id and found.sequence > act.sequence:
                out[i] = positions[k]
                break
            k += 1
        else:
            if k < len(days) and days[k] - day <= window:
                out[i] = positions[k]
    return out


def classify(act: Act, answer: Act | None, tolerance: float = 2.0) -> str:
    """The class of an act's answer (`analysis.exchanges.classify` for one pair)."""
    if answer is None:
        return NO_RESPONSE
    s_host, r_host = act.quad_code >= 3, answer.quad_code >= 3
    if s_host and answer.event in CONCESSION_EVENTS:
        return CONCESSION
    if s_host and r_host:
        if answer.goldstein < act.goldstein - tolerance:
            return ESCALATION
        if answer.goldstein > act.goldstein + tolerance:
            return DEESCALATION
        return RECIPROCATED_HOSTILITY
    if s_host:
        return DEESCALATION
    return ESCALATION if r_host else RECIPROCATED_COOPERATION


def exchanges(acts: list[Act], window: int | None = None, tolerance: float = 2.0) -> list[dict[str, Any]]:
    """Every act (`distinct` rows) with the act it answers (`answers`, `answers_as`: the latest earlier act of
    the other side that it is the answer to), its own answer, the answer's class and lag."""
    days = int(settings.get("response_days") if window is None else window)
    answer = responses(acts, days)
    classes = [classify(act, acts[r] if r >= 0 else None, tolerance) for act, r in zip(acts, answer, strict=True)]
    stimulus: dict[int, int] = {}
    for i, r in enumerate(answer):
        if r >= 0:
            stimulus[r] = i  # acts are in time order: the last one wins
    out = []
    for i, act in enumerate(acts):
        r, s = answer[i], stimulus.get(i)
        out.append({
            "id": act.id, "date": act.date.isoformat(), "source": act.source, "target": act.target,
            "event": act.event, "mode": act.mode, "quad_code": act.quad_code, "goldstein": act.goldstein,
            "text": act.text, "answers": acts[s].id if s is not None else None,
            "answers_as": classes[s] if s is not None else None,
            "response": acts[r].id if r >= 0 else None, "response_class": classes[i],
            "lag_days": (acts[r].date - act.date).days if r >= 0 else None,
        })
    return out


def period_start(day: dt.date, period: str) -> dt.date:
    """The first day of the day's period (weeks start on Monday), as `analysis.dyads`."""
    if period == "day":
        return day
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    raise AnalysisError(f"unknown period {period!r}; use one of: day, week, month")


def series(acts: list[Act], period: str) -> list[dict[str, Any]]:
    """Per direction and period: events, reports, counts per quad class, Goldstein sum and
    mean (weighted by reports), ordered by source, target and period (`analysis.dyad_series`)."""
    groups: dict[tuple[str, str, dt.date], list[Act]] = {}
    for act in acts:
        groups.setdefault((act.source, act.target, period_start(act.date, period)), []).append(act)
    out = []
    for (source, target, start), members in sorted(groups.items()):
        reports = sum(m.weight for m in members)
        total = math.fsum(m.goldstein * m.weight for m in members)
        row: dict[str, Any] = {"source": source, "target": target, "period": start.isoformat(),
                               "events": len(members), "reports": reports}
        row.update({name: sum(1 for m in members if m.quad_code == q) for q, name in QUADS.items()})
        row["goldstein_sum"] = _round3(total)
        row["goldstein_mean"] = _round3(total / reports)
        out.append(row)
    return out


def _round3(value: float) -> float:
    """Rounded as pandas' `round(3)` rounds (numpy: scale, round half to even, unscale)."""
    return float(round(value * 1000.0) / 1000.0) if math.isfinite(value) else value
