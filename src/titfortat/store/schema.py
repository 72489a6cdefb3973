"""The database schema (SQLAlchemy Core) and its forward migrations.

Tables:

- ``stories``: one row per coded story (id, title, url, source, publication date, content
  hash, where it was read from, first and last ingest time).
- ``events``: one row per event. Every field of the record has a column (nested fields are
  flattened: ``loc_*``, ``size_*``, ``ti_*``); ``record`` keeps the exact JSON record so an
  Event comes back exactly as it was coded. ``dedup_key``, ``date_start``/``date_end`` and
  ``source_key`` serve duplicate merging; ``cluster_id``/``is_rep`` say where it was merged.
- ``entities`` and ``event_entities``: the actors and recipients, linked to their events
  (the link carries code and sector so filters need no join).
- ``event_pairs``: every ordered pair of two different parties (actor or recipient links) of
  an event, with both parties' code and sector, so the events between two actors are one
  index range (the dyad explorer) instead of an intersection of two long lists.
- ``clusters``: one row per group of reports of one real event.
- ``story_versions``: the content hash of every version of a story ever ingested.
- ``skipped``: stories that could not be read or coded, with the reason.
- ``meta``: the schema version.

Migrations are functions from version n-1 to n, applied in order on open.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

metadata = sa.MetaData()

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

stories = sa.Table(
    "stories", metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("pub_date", sa.Date),
    sa.Column("language", sa.String(16)),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("origin", sa.Text),
    sa.Column("n_events", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Text, nullable=False),  # JSON list
    sa.Column("first_ingested", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_ingested", sa.DateTime(timezone=True), nullable=False),
)

# Every version of every story ever ingested: a version seen before is never applied again,
# so replaying an input after a crash cannot revert a later correction.
story_versions = sa.Table(
    "story_versions", metadata,
    sa.Column("story_id", sa.String, primary_key=True),
    sa.Column("content_hash", sa.String(64), primary_key=True),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("story_id", sa.String, sa.ForeignKey("stories.id"), nullable=False, index=True),
    sa.Column("event", sa.String(16), nullable=False),
    sa.Column("mode", sa.String(32)),
    sa.Column("context", sa.Text, nullable=False),  # comma separated
    sa.Column("quad_code", sa.Integer, nullable=False),
    sa.Column("event_scale", sa.Float, nullable=False),
    sa.Column("cameo_code", sa.String(8), nullable=False),
    sa.Column("goldstein", sa.Float, nullable=False),
    sa.Column("acled_event_type", sa.Text),
    sa.Column("acled_sub_event_type", sa.Text),
    sa.Column("actor_code", sa.String(8)),  # first actor entity, for the dyad index
    sa.Column("actor_sector", sa.String(8)),
    sa.Column("recipient_code", sa.String(8)),
    sa.Column("recipient_sector", sa.String(8)),
    sa.Column("date", sa.Date),
    sa.Column("date_precision", sa.String(8)),
    sa.Column("date_text", sa.Text),
    sa.Column("date_start", sa.Date),  # the period the date stands for
    sa.Column("date_end", sa.Date),
    sa.Column("loc_extracted", sa.Text),
    sa.Column("loc_place", sa.Text),
    sa.Column("loc_geonameid", sa.Integer),
    sa.Column("loc_lat", sa.Float),
    sa.Column("loc_lon", sa.Float),
    sa.Column("loc_province", sa.Text),
    sa.Column("loc_country", sa.Text),
    sa.Column("loc_country_code", sa.String(3)),
    sa.Column("loc_resolution", sa.String(16)),
    sa.Column("size_dead", sa.Integer),
    sa.Column("size_injured", sa.Integer),
    sa.Column("size_arrested", sa.Integer),
    sa.Column("modality", sa.String(16), nullable=False),
    sa.Column("event_text", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ti_sequence", sa.Integer, nullable=False),
    sa.Column("ti_start", sa.Integer, nullable=False),
    sa.Column("ti_end", sa.Integer, nullable=False),
    sa.Column("ti_trigger_start", sa.Integer, nullable=False),
    sa.Column("ti_trigger_end", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("record", sa.Text, nullable=False),  # the exact JSON record
    sa.Column("dedup_key", sa.Text, nullable=False),
    sa.Column("source_key", sa.Text, nullable=False),  # who reported it: source, else story id
    sa.Column("cluster_id", sa.String, index=True),
    sa.Column("is_rep", sa.Boolean, nullable=False, default=False),
    sa.Index("ix_events_dyad_date", "actor_code", "recipient_code", "date"),
    sa.Index("ix_events_type_date", "event", "date"),
    sa.Index("ix_events_date", "date"),
    sa.Index("ix_events_date_id", "date", "id"),  # newest-first pages stop after one page of rows
    sa.Index("ix_events_dedup", "dedup_key", "date_start"),
    sa.Index("ix_events_place", "loc_place"),
    sa.Index("ix_events_latlon", "loc_lat", "loc_lon"),
)

entities = sa.Table(
    "entities", metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("entity_text", sa.Text, nullable=False),
    sa.Column("code", sa.String(8)),
    sa.Column("sector", sa.String(8)),
    sa.Column("identifier_id", sa.Text),
    sa.Column("identifier_text", sa.Text),
)

event_entities = sa.Table(
    "event_entities", metadata,
    sa.Column("event_id", sa.String, sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("role", sa.String(9), primary_key=True),  # actor | recipient
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("entity_key", sa.String(32), sa.ForeignKey("entities.key"), nullable=False),
    sa.Column("code", sa.String(8)),
    sa.Column("sector", sa.String(8)),
    sa.Index("ix_event_entities_code", "role", "code", "sector", "event_id"),
)

# Derived from event_entities by the writer (and by migration 2 for older databases).
event_pairs = sa.Table(
    "event_pairs", metadata,
    sa.Column("event_id", sa.String, sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("a_role", sa.String(9), primary_key=True),  # the first party's link (role, position)
    sa.Column("a_position", sa.Integer, primary_key=True),
    sa.Column("b_role", sa.String(9), primary_key=True),  # the second party's link
    sa.Column("b_position", sa.Integer, primary_key=True),
    sa.Column("a_code", sa.String(8)),
    sa.Column("a_sector", sa.String(8)),
    sa.Column("b_code", sa.String(8)),
    sa.Column("b_sector", sa.String(8)),
    sa.Index("ix_event_pairs_codes", "a_code", "b_code", "a_sector", "b_sector", "event_id"),
)

clusters = sa.Table(
    "clusters", metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("event", sa.String(16), nullable=False),
    sa.Column("dedup_key", sa.Text, nullable=False),
    sa.Column("representative_id", sa.String, nullable=False),
    sa.Column("min_start", sa.Date, nullable=False),
    sa.Column("max_start", sa.Date, nullable=False),
    sa.Column("min_end", sa.Date, nullable=False),
    sa.Column("max_end", sa.Date, nullable=False),
    sa.Column("n_events", sa.Integer, nullable=False),
    sa.Column("n_stories", sa.Integer, nullable=False),
    sa.Column("n_sources", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Index("ix_clusters_dedup", "dedup_key", "max_start"),
)

skipped = sa.Table(
    "skipped", metadata,
    sa.Column("origin", sa.Text, primary_key=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
)

# Columns that hold wall-clock times; a canonical dump leaves them out.
TIME_COLUMNS = frozenset({"first_ingested", "last_ingested", "first_seen", "last_seen"})


def _v1(conn: Connection) -> None:
    """Version 1: every table above but event_pairs."""
    metadata.create_all(conn, tables=[t for t in metadata.sorted_tables if t is not event_pairs])


def _v2(conn: Connection) -> None:
    """Version 2: event_pairs, filled from the links of the events already stored, and the
    (date, id) index of events."""
    for index in events.indexes:
        if index.name == "ix_events_date_id":
            index.create(conn, checkfirst=True)
    event_pairs.create(conn)
    x, y = event_entities.alias("x"), event_entities.alias("y")
    pairs = (sa.select(x.c.event_id, x.c.role, x.c.position, y.c.role, y.c.position, x.c.code, x.c.sector,
                       y.c.code, y.c.sector)
             .join(y, sa.and_(y.c.event_id == x.c.event_id,
                              sa.or_(y.c.role != x.c.role, y.c.position != x.c.position))))
    conn.execute(event_pairs.insert().from_select(
        ["event_id", "a_role", "a_position", "b_role", "b_position", "a_code", "a_sector", "b_code", "b_sector"],
        pairs))


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """The schema version of the database (0 when empty)."""
    if not sa.inspect(conn).has_table("meta"):
        return 0
    value = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    return int(value) if value is not None else 0


def migrate(conn: Connection) -> int:
    """Apply the missing migrations in order (inside the caller's transaction)."""
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        from titfortat.errors import StoreError

        raise StoreError(
            f"the database has schema version {version}, newer than this titfortat "
            f"({SCHEMA_VERSION}); upgrade titfortat"
        )
    for n in range(version, SCHEMA_VERSION):
        MIGRATIONS[n](conn)
        conn.execute(sa.delete(meta).where(meta.c.key == "schema_version"))
        conn.execute(sa.insert(meta).values(key="schema_version", value=str(n + 1)))
    return SCHEMA_VERSION
