"""Writing one batch of coded stories in one transaction (called by Store.ingest).

Per batch: record skipped stories, leave unchanged stories alone, delete the events of
replaced stories, insert the new stories, events and entities, and merge the new events
into clusters. The caller commits the whole batch or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from titfortat.errors import StoryError
from titfortat.model import Event, Story
from titfortat.store import records, schema
from titfortat.store.dedup import Clustering, Member

T = TypeVar("T")
State = dict[str, tuple[str, bool]]  # event id -> (cluster id, is representative) as stored
CHUNK = 500  # ids per IN (...) list
MEMBER_COLUMNS = [schema.events.c[n] for n in (
    "id", "story_id", "source_key", "dedup_key", "event", "confidence", "date_start", "date_end",
    "date_precision", "loc_lat", "loc_lon", "loc_province", "loc_country_code", "loc_resolution",
    "loc_place", "cluster_id", "is_rep")]


class StoryResult(Protocol):
    """What ingest needs of a coded story: titfortat.api.StoryResult has this shape."""

    @property
    def story(self) -> Story | None: ...
    @property
    def events(self) -> list[Event]: ...
    @property
    def error(self) -> StoryError | None: ...
    @property
    def warnings(self) -> list[str]: ...


@dataclass
class IngestStats:
    """What an ingest did. `stories` = inserted + replaced + unchanged."""

    stories: int = 0
    inserted: int = 0
    replaced: int = 0
    unchanged: int = 0
    events: int = 0
    skipped: int = 0

    def add(self, other: IngestStats) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def insert_ignore(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows, leaving existing primary keys untouched."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


def write_batch(conn: Connection, results: Iterable[StoryResult], days: int, km: float) -> IngestStats:
    """Store one batch; see the module docstring."""
    stats = IngestStats()
    now = dt.datetime.now(dt.UTC)
    errors: dict[str, str] = {}
    latest: dict[str, StoryResult] = {}
    for r in results:
        if r.error is not None:
            errors[r.error.origin] = r.error.reason
            stats.skipped += 1
        elif r.story is not None:
            assert r.story.id not in latest, "a batch holds each story id once (Store.ingest splits)"
            latest[r.story.id] = r
    _record_skipped(conn, errors, now)
    if not latest:
        return stats
    st, sv = schema.stories, schema.story_versions
    existing: dict[str, dt.datetime] = {}
    seen: set[tuple[str, str]] = set()
    for ids in chunks(list(latest)):
        for sid, first in conn.execute(sa.select(st.c.id, st.c.first_ingested).where(st.c.id.in_(ids))):
            existing[sid] = first
        for sid, digest in conn.execute(sa.select(sv.c.story_id, sv.c.content_hash)
                                        .where(sv.c.story_id.in_(ids))):
            seen.add((sid, digest))
    story_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    ents: dict[str, dict[str, Any]] = {}
    new_members: list[Member] = []
    replaced: list[str] = []
    versions: list[dict[str, Any]] = []
    for sid, r in latest.items():
        assert r.story is not None
        digest = records.story_hash(r.story)
        stats.stories += 1
        if (sid, digest) in seen:  # this story as it is now, or a version it replaced
            stats.unchanged += 1
            continue
        versions.append({"story_id": sid, "content_hash": digest})
        row = records.story_row(r.story, digest, len(r.events), r.warnings, now)
        if sid in existing:
            replaced.append(sid)
            row["first_ingested"] = existing[sid]
            stats.replaced += 1
        else:
            stats.inserted += 1
        story_rows.append(row)
        source_key = r.story.source or f"story:{sid}"
        for ev in r.events:
            erow = records.event_row(ev, source_key)
            event_rows.append(erow)
            new_members.append(Member.from_row(erow))
            e_ents, e_links = records.entity_rows(ev)
            ents.update((e["key"], e) for e in e_ents)
            links.extend(e_links)
            pairs.extend(records.pair_rows(e_links))
    origins = [r.story.origin for r in latest.values() if r.story and r.story.origin]
    for chunk in chunks(origins):
        conn.execute(sa.delete(schema.skipped).where(schema.skipped.c.origin.in_(chunk)))
    clustering = Clustering(days, km)
    state = _delete_stories(conn, replaced, clustering)
    state.update(_load_candidates(conn, new_members, clustering))
    for m, erow in zip(new_members, event_rows, strict=True):
        erow["cluster_id"] = clustering.assign(m)
    _write_clusters(conn, clustering, event_rows, state)
    if story_rows:
        conn.execute(sa.insert(schema.stories), story_rows)
        conn.execute(sa.insert(schema.story_versions), versions)
    insert_ignore(conn, schema.entities, [ents[k] for k in sorted(ents)])
    if event_rows:
        conn.execute(sa.insert(schema.events), event_rows)
    if links:
        conn.execute(sa.insert(schema.event_entities), links)
    if pairs:
        conn.execute(sa.insert(schema.event_pairs), pairs)
    stats.events += len(event_rows)
    return stats


def _record_skipped(conn: Connection, errors: dict[str, str], now: dt.datetime) -> None:
    sk = schema.skipped
    first: dict[str, dt.datetime] = {}
    for chunk in chunks(list(errors)):
        rows = conn.execute(sa.select(sk.c.origin, sk.c.first_seen).where(sk.c.origin.in_(chunk)))
        first.update((origin, seen) for origin, seen in rows)
        conn.execute(sa.delete(sk).where(sk.c.origin.in_(chunk)))
    if errors:
        conn.execute(sa.insert(sk), [
            {"origin": o, "reason": reason, "first_seen": first.get(o, now), "last_seen": now}
            for o, reason in errors.items()])


def _delete_stories(conn: Connection, story_ids: list[str], clustering: Clustering) -> State:
    """Delete replaced stories and their events; load their clusters' remaining members."""
    ev = schema.events
    gone: set[str] = set()
    cluster_ids: set[str] = set()
    for chunk in chunks(story_ids):
        for eid, cid in conn.execute(sa.select(ev.c.id, ev.c.cluster_id).where(ev.c.story_id.in_(chunk))):
            gone.add(eid)
            if cid is not None:
                cluster_ids.add(cid)
    for chunk in chunks(sorted(gone)):
        conn.execute(sa.delete(schema.event_pairs).where(schema.event_pairs.c.event_id.in_(chunk)))
        conn.execute(sa.delete(schema.event_entities).where(schema.event_entities.c.event_id.in_(chunk)))
        conn.execute(sa.delete(ev).where(ev.c.id.in_(chunk)))
    for chunk in chunks(story_ids):
        conn.execute(sa.delete(schema.stories).where(schema.stories.c.id.in_(chunk)))
    state = _load_clusters(conn, sorted(cluster_ids), clustering)
    for cid in sorted(cluster_ids):
        clustering.after_delete(cid, gone)
    return state


def _load_candidates(conn: Connection, new: list[Member], clustering: Clustering) -> State:
    """Load every stored cluster a new event might join (same key, dates in reach)."""
    days = dt.timedelta(days=clustering.days)
    reach: dict[str, tuple[dt.date, dt.date]] = {}  # per key: the dates new events can reach
    for m in new:
        if m.date_start is None or m.date_end is None:
            continue
        lo, hi = reach.get(m.dedup_key, (m.date_start, m.date_end))
        reach[m.dedup_key] = (min(lo, m.date_start), max(hi, m.date_end))
    cl = schema.clusters
    ids: list[str] = []
    if not reach:
        return {}
    lo = min(r[0] for r in reach.values()) - days
    hi = max(r[1] for r in reach.values()) + days
    for keys in chunks(sorted(reach)):
        rows = conn.execute(sa.select(cl.c.id, cl.c.dedup_key, cl.c.min_end, cl.c.max_start).where(
            cl.c.dedup_key.in_(keys), cl.c.max_start <= hi, cl.c.min_end >= lo))
        ids.extend(cid for cid, key, min_end, max_start in rows
                   if max_start <= reach[key][1] + days and min_end >= reach[key][0] - days)
    known = clustering.members.keys() | clustering.dropped
    return _load_clusters(conn, [i for i in ids if i not in known], clustering)


def _load_clusters(conn: Connection, cluster_ids: list[str], clustering: Clustering) -> State:
    ev = schema.events
    state: State = {}
    loaded: dict[str, list[Member]] = {}
    for chunk in chunks(cluster_ids):
        rows = conn.execute(sa.select(*MEMBER_COLUMNS).where(ev.c.cluster_id.in_(chunk)).order_by(ev.c.id))
        for row in rows.mappings():
            loaded.setdefault(row["cluster_id"], []).append(Member.from_row(row))
            state[row["id"]] = (row["cluster_id"], bool(row["is_rep"]))
    for cid in sorted(loaded):
        clustering.load(cid, loaded[cid])
    return state


def _write_clusters(conn: Connection, clustering: Clustering, event_rows: list[dict[str, Any]],
                    state: State) -> None:
    """Rewrite the touched clusters; update stored members whose cluster or role changed, and
    mark the new rows (before they are inserted)."""
    cl, ev = schema.clusters, schema.events
    touched = sorted(clustering.touched)
    summaries = [s for s in (clustering.summary(c) for c in touched) if s is not None]
    reps = {s["representative_id"] for s in summaries}
    for chunk in chunks(sorted(clustering.touched | clustering.dropped)):
        conn.execute(sa.delete(cl).where(cl.c.id.in_(chunk)))
    if summaries:
        conn.execute(sa.insert(cl), summaries)
    where = {m.id: cid for cid in touched for m in clustering.members.get(cid, [])}
    changes = [{"eid": eid, "cid": where[eid], "rep": eid in reps}
               for eid, old in sorted(state.items())
               if eid in where and old != (where[eid], eid in reps)]
    if changes:
        conn.execute(sa.update(ev).where(ev.c.id == sa.bindparam("eid"))
                     .values(cluster_id=sa.bindparam("cid"), is_rep=sa.bindparam("rep")), changes)
    for r in event_rows:
        r["is_rep"] = r["id"] in reps
