"""The Store's readers for the HTTP API: keyset pages, one event, the events between two
actors, and small aggregates for the dashboard (actors, weekly counts, map points).

Every value reaches SQL as a bound parameter; nothing here formats user input into SQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import sqlalchemy as sa

from titfortat.model import Event
from titfortat.store import records, schema
from titfortat.store.queries import Filters, party_conditions

# The columns of `ServingMixin.pair_rows`: an event, and one of its parties.
PAIR_EVENT_COLUMNS = ("id", "story_id", "date", "event", "mode", "quad_code", "goldstein", "modality", "text",
                      "sequence", "cameo_code", "acled_sub_event_type", "reports")
PARTY_COLUMNS = ("role", "entity_text", "code", "sector", "identifier_id", "identifier_text")
DENSE_PARTY = 2000
COUNT_CAP = 100_000
ev, cl, st, links, ents = schema.events, schema.clusters, schema.stories, schema.event_entities, schema.entities
pairs = schema.event_pairs


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: newest first, dated events (date, id) before undated ones (id)."""

    date: dt.date | None
    id: str

    def encode(self) -> str:
        return f"{self.date.isoformat() if self.date else ''}~{self.id}"

    @classmethod
    def decode(cls, value: str) -> Cursor:
        """Raises ValueError on anything that is not a cursor this module wrote."""
        day, sep, event_id = value.partition("~")
        if not sep or not event_id:
            raise ValueError(value)
        return cls(dt.date.fromisoformat(day) if day else None, event_id)


def _columns() -> list[Any]:
    return [ev.c.id, ev.c.date, ev.c.record, ev.c.cluster_id, ev.c.is_rep, cl.c.n_events, cl.c.n_stories,
            cl.c.n_sources, cl.c.confidence.label("cluster_confidence"), st.c.url, st.c.source, st.c.title]


def _joined(*conditions: Any) -> sa.Select[Any]:
    return (sa.select(*_columns()).join(cl, cl.c.id == ev.c.cluster_id, isouter=True)
            .join(st, st.c.id == ev.c.story_id).where(*conditions))


def _row(row: Any) -> dict[str, Any]:
    out = dict(row)
    out["record"] = orjson.loads(out["record"])
    return out


def _raw(result: sa.CursorResult[Any]) -> list[tuple[Any, ...]]:
    """The driver's own rows, without SQLAlchemy's processing of each value (a pair's
    hundreds of rows); dates are then `_day`'s to convert."""
    return [tuple(r) for r in result.cursor.fetchall()] if result.cursor is not None else []


def _day(value: Any) -> dt.date:
    """A DATE column's value as the driver gives it (SQLite: text) as a date."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def party_ids(code: str | None, sectors: tuple[str, ...] = (), identifier: str | None = None,
              no_sector: bool = False) -> sa.Select[Any]:
    """Ids of events with an actor or recipient of this country code (None: no code), of one
    of `sectors` (or none, with `no_sector`) when given, or of this resolved identifier."""
    conds = [links.c.role.in_(("actor", "recipient")),
             links.c.code.is_(None) if code is None else links.c.code == code]
    if sectors and no_sector:  # two index range scans rather than one scan with an OR
        both = sa.union_all(party_ids(code, sectors), sa.select(links.c.event_id).where(
            *conds, links.c.sector.is_(None))).subquery()
        return sa.select(both.c.event_id)
    if sectors:
        conds.append(links.c.sector.in_(sectors))
    match = sa.and_(*conds)
    if identifier:
        ids = sa.select(ents.c.key).where(ents.c.identifier_id == identifier)
        match = sa.or_(match, links.c.entity_key.in_(ids))
    return sa.select(links.c.event_id).where(match)


@dataclass(frozen=True)
class Party:
    """One side of a pair as the links store it: a country code (None: no code), and when
    `sectors` are given, one of them (or no sector at all, with `no_sector`)."""

    code: str | None
    sectors: tuple[str, ...] = ()
    no_sector: bool = False

    def conditions(self, code: Any, sector: Any) -> list[Any]:
        out = [code.is_(None) if self.code is None else code == self.code]
        if self.sectors and self.no_sector:
            out.append(sa.or_(sector.in_(self.sectors), sector.is_(None)))
        elif self.sectors:
            out.append(sector.in_(self.sectors))
        return out


def pair_ids(a: Party, b: Party) -> sa.Select[Any]:
    """Ids of events in which a party matching `a` and another matching `b` take part (any
    roles): one range of the event_pairs index."""
    return sa.select(pairs.c.event_id).where(*a.conditions(pairs.c.a_code, pairs.c.a_sector),
                                             *b.conditions(pairs.c.b_code, pairs.c.b_sector))


class ServingMixin:
    """Readers the API needs; the Store provides `engine`."""

    engine: sa.engine.Engine

    def page_events(self, filters: Filters, limit: int, after: Cursor | None = None,
                    ) -> tuple[list[dict[str, Any]], Cursor | None]:
        """One page of events, newest first, and the cursor of the next page (None at the end).

        Rows: `record` (the event record as a dict) and the story's and cluster's columns.
        """
        rows: list[dict[str, Any]] = []
        with self.engine.connect() as conn:
            base = self._page_conditions(conn, filters)
            if after is None or after.date is not None:
                cond: list[Any] = [ev.c.date.is_not(None)]
                if after is not None:
                    # date <= d first, so that the date index bounds the scan
                    cond += [ev.c.date <= after.date,
                             sa.or_(ev.c.date < after.date, ev.c.id < after.id)]
                sel = _joined(*base, *cond).order_by(ev.c.date.desc(), ev.c.id.desc()).limit(limit + 1)
                rows = [_row(r) for r in conn.execute(sel).mappings()]
            if len(rows) <= limit:
                cond = [ev.c.date.is_(None)]
                if after is not None and after.date is None:
                    cond.append(ev.c.id < after.id)
                sel = _joined(*base, *cond).order_by(ev.c.id.desc()).limit(limit + 1 - len(rows))
                rows += [_row(r) for r in conn.execute(sel).mappings()]
        if len(rows) <= limit:
            return rows, None
        rows = rows[:limit]
        return rows, Cursor(rows[-1]["date"], rows[-1]["id"])

    def _page_conditions(self, conn: sa.Connection, filters: Filters) -> list[Any]:
        """The filter's conditions, with actor/recipient written for a newest-first page.

        A party named in few events (at most DENSE_PARTY links) is looked up (IN) and its few
        events sorted; a common one is tested row by row (EXISTS) while the date index is
        walked newest first, so a page stops after a few thousand rows. With two common
        parties the rarer one is looked up and the other tested.
        """
        out = dataclasses.replace(filters, actor=None, recipient=None).conditions()
        parties = []
        named = [(role, value) for role, value in (("actor", filters.actor), ("recipient", filters.recipient)) if value]
        for role, value in named:
            conds = party_conditions(role, value)
            # Counting stops early: past DENSE_PARTY only a second party needs comparing to.
            cap = COUNT_CAP if len(named) > 1 else DENSE_PARTY + 1
            n = conn.execute(sa.select(sa.func.count()).select_from(
                sa.select(links.c.event_id).where(*conds).limit(cap).subquery())).scalar_one()
            parties.append((n, conds))
        parties.sort(key=lambda p: p[0])
        for i, (n, conds) in enumerate(parties):
            if n <= DENSE_PARTY or (i == 0 and len(parties) > 1):
                out.append(ev.c.id.in_(sa.select(links.c.event_id).where(*conds)))
            else:
                out.append(sa.exists().where(links.c.event_id == ev.c.id, *conds))
        return out

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """One event (any report, not only representatives) with its story and cluster."""
        with self.engine.connect() as conn:
            row = conn.execute(_joined(ev.c.id == event_id)).mappings().first()
            if row is None:
                return None
            out = _row(row)
            out["story_pub_date"] = conn.execute(
                sa.select(st.c.pub_date).where(st.c.id == out["record"]["story_id"])).scalar()
            return out

    def cluster_records(self, cluster_id: str) -> list[dict[str, Any]]:
        """Every report merged into a cluster, as records with their story's source and url."""
        sel = (sa.select(ev.c.record, st.c.source, st.c.url, st.c.title).join(st, st.c.id == ev.c.story_id)
               .where(ev.c.cluster_id == cluster_id).order_by(ev.c.id))
        with self.engine.connect() as conn:
            return [_row(r) for r in conn.execute(sel).mappings()]

    def pair_events(self, ids: sa.Select[Any], clusters: bool = True,
                    since: dt.date | None = None, until: dt.date | None = None,
                    limit: int | None = None) -> list[Event]:
        """Dated events among `ids` (from `pair_ids`, or an intersection of two `party_ids`),
        oldest first; with `limit`, the latest `limit` of them. With `clusters`, one
        representative per cluster with its cluster note, as `Store.iter_events` gives them."""
        conds = [ev.c.id.in_(ids), *Filters(clusters, since=since, until=until).conditions(),
                 ev.c.date.is_not(None)]
        sel = (sa.select(ev.c.record, ev.c.cluster_id, cl.c.n_events, cl.c.n_stories, cl.c.n_sources,
                         cl.c.confidence.label("cluster_confidence"))
               .join(cl, cl.c.id == ev.c.cluster_id, isouter=True).where(*conds)
               .order_by(ev.c.date.desc(), ev.c.id.desc()))
        if limit is not None:
            sel = sel.limit(limit)
        found = []
        with self.engine.connect() as conn:
            for row in conn.execute(sel).mappings():
                event = Event.from_dict(orjson.loads(row["record"]))
                found.append(records.with_cluster_note(event, row) if clusters and row["cluster_id"] else event)
        found.reverse()
        return found

    def pair_rows(self, ids: sa.Select[Any], clusters: bool = True, since: dt.date | None = None,
                  until: dt.date | None = None, limit: int | None = None, identifiers: bool = True,
                  ) -> tuple[list[tuple[Any, ...]], dict[str, list[tuple[Any, ...]]]]:
        """What a pair's analysis reads of `pair_events`, from the columns instead of the JSON
        records (several times faster), as plain tuples: the events oldest first
        (PAIR_EVENT_COLUMNS), and each event's parties in record order (PARTY_COLUMNS).
        `identifiers=False` leaves out the words and identifiers (empty), which the keys above
        the identifier level ignore."""
        conds = [ev.c.id.in_(ids), *Filters(clusters, since=since, until=until).conditions(), ev.c.date.is_not(None)]
        reports = sa.func.coalesce(cl.c.n_events, 1) if clusters else sa.literal(1)
        sel = (sa.select(ev.c.id, ev.c.story_id, ev.c.date, ev.c.event, ev.c.mode, ev.c.quad_code, ev.c.goldstein,
                         ev.c.modality, ev.c.text, ev.c.ti_sequence, ev.c.cameo_code, ev.c.acled_sub_event_type,
                         reports)
               .join(cl, cl.c.id == ev.c.cluster_id, isouter=True).where(*conds)
               .order_by(ev.c.date.desc(), ev.c.id.desc()))
        if limit is not None:
            sel = sel.limit(limit)
        if identifiers:
            parties = (sa.select(links.c.event_id, links.c.role, ents.c.entity_text, links.c.code, links.c.sector,
                                 ents.c.identifier_id, ents.c.identifier_text)
                       .join(ents, ents.c.key == links.c.entity_key))
        else:
            none = sa.null().cast(sa.Text)
            parties = sa.select(links.c.event_id, links.c.role, sa.literal(""), links.c.code, links.c.sector,
                                none, none)
        parties = parties.where(links.c.event_id.in_(ids)).order_by(links.c.event_id, links.c.role, links.c.position)
        with self.engine.connect() as conn:
            found = [(*r[:2], _day(r[2]), *r[3:]) for r in _raw(conn.execute(sel))]
            by_event: dict[str, list[tuple[Any, ...]]] = {}
            for row in _raw(conn.execute(parties)):
                by_event.setdefault(row[0], []).append(tuple(row[1:]))
        found.reverse()
        return found, by_event

    def count_matching(self, filters: Filters) -> int:
        with self.engine.connect() as conn:
            sel = sa.select(sa.func.count()).select_from(ev).where(*filters.conditions())
            return int(conn.execute(sel).scalar_one())

    def actor_counts(self, limit: int = 500) -> list[dict[str, Any]]:
        """Actors and recipients by (code, sector): how often they are named, most first
        (one pass over the links' covering index)."""
        n = sa.func.count().label("events")
        sel = (sa.select(links.c.code, links.c.sector, n).group_by(links.c.code, links.c.sector)
               .order_by(n.desc(), links.c.code, links.c.sector).limit(limit))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(sel).mappings()]

    def entity_names(self, per_party: int = 3) -> dict[tuple[str | None, str | None], list[str]]:
        """A few of the words used for each (code, sector) ("gunmen", "the army"), shortest
        first, from the table of distinct entities."""
        sel = (sa.select(ents.c.code, ents.c.sector, ents.c.entity_text)
               .order_by(ents.c.code, ents.c.sector, sa.func.length(ents.c.entity_text), ents.c.entity_text))
        out: dict[tuple[str | None, str | None], list[str]] = {}
        with self.engine.connect() as conn:
            for code, sector, text in conn.execute(sel):
                found = out.setdefault((code, sector), [])
                if len(found) < per_party and str(text) not in found:
                    found.append(str(text))
        return out

    def type_weeks(self, filters: Filters) -> list[dict[str, Any]]:
        """Per event date and type: events and Goldstein sum (the timeline)."""
        sel = (sa.select(ev.c.date, ev.c.event, sa.func.count().label("events"),
                         sa.func.sum(ev.c.goldstein).label("goldstein_sum"))
               .where(*filters.conditions(), ev.c.date.is_not(None))
               .group_by(ev.c.date, ev.c.event).order_by(ev.c.date, ev.c.event))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(sel).mappings()]

    def map_points(self, filters: Filters, limit: int) -> list[dict[str, Any]]:
        """The latest `limit` located events: id, type, date, place, coordinates, Goldstein."""
        cols: Sequence[Any] = (ev.c.id, ev.c.event, ev.c.date, ev.c.loc_place, ev.c.loc_country_code,
                               ev.c.loc_lat, ev.c.loc_lon, ev.c.goldstein, ev.c.event_text)
        sel = (sa.select(*cols).where(*filters.conditions(), ev.c.loc_lat.is_not(None), ev.c.loc_lon.is_not(None))
               .order_by(ev.c.date.desc(), ev.c.id.desc()).limit(limit))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(sel).mappings()]
