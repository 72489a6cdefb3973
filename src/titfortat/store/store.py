"""The Store: the only code that talks to the database (SQLite or PostgreSQL).

    >>> with Store.open("events.db") as store:
    ...     stats = store.ingest(code_stories(read_paths(["news/"])))
    ...     for event in store.iter_events(actor="IRQ:GOV", since=date(2024, 1, 1)):
    ...         ...

Ingest commits in batches, each in one transaction; a run killed at any moment and
started again ends with the same database as an uninterrupted run. On SQLite, writers take
turns: every write transaction starts with BEGIN IMMEDIATE, and a writer waits up to the
`lock_timeout` setting for the other one's batch to commit. SQLite may also refuse a lock at
once, without waiting (to break a possible deadlock); such a transaction is rolled back and
tried again within the same time budget (`_with_lock_retry`).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from titfortat import settings
from titfortat.errors import StoreError, StoryError
from titfortat.model import Event, Story
from titfortat.store import queries, records, schema
from titfortat.store.frames import FramesMixin
from titfortat.store.queries import Filters
from titfortat.store.serving import ServingMixin
from titfortat.store.writer import IngestStats, StoryResult, write_batch


def engine_url(url: str | None) -> str:
    """A SQLAlchemy URL from a --db value: a postgresql:// URL, a sqlite:/// URL or a path."""
    url = url or settings.get("db")
    assert url is not None
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    if url.startswith("sqlite:"):
        return url
    return "sqlite:///" + str(Path(url).expanduser())


WRITE = "titfortat_write"  # execution option of the connections that write
T = TypeVar("T")


class _LockTimeout(Exception):
    """The write lock stayed taken for the whole `lock_timeout`; carries the seconds waited."""

    def __init__(self, waited: float) -> None:
        super().__init__(waited)
        self.waited = waited


def _with_lock_retry(work: Callable[[], T], timeout: float) -> T:
    """`work()` (one whole transaction), tried again while SQLite answers "locked" and the
    `timeout` budget lasts. The busy timeout already waits inside a call; a refusal that
    comes back sooner is SQLite breaking a possible deadlock, which a retry resolves."""
    start = time.monotonic()
    delay = 0.01
    while True:
        try:
            return work()
        except sa.exc.OperationalError as exc:
            waited = time.monotonic() - start
            if not _locked(exc):
                raise
            if waited >= timeout:
                raise _LockTimeout(waited) from exc
        time.sleep(min(delay, max(timeout - waited, 0.0)))
        delay = min(delay * 2, 0.5)


def _sqlite_setup(engine: Engine, timeout: float) -> None:
    """A busy timeout (set first: switching to WAL may wait for another process), WAL, foreign
    keys, and real BEGIN/COMMIT around every transaction: BEGIN IMMEDIATE for writers, so a
    writer waits for the write lock up front instead of failing when it upgrades a read."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's begin() below issue BEGIN
        cur = dbapi_conn.cursor()
        for pragma in (f"busy_timeout={int(timeout * 1000)}", "journal_mode=WAL", "synchronous=NORMAL",
                       "foreign_keys=ON"):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


class Store(FramesMixin, ServingMixin):
    """An event database. Open with Store.open(url); use as a context manager."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.writer = engine.execution_options(**{WRITE: True})  # same pool, BEGIN IMMEDIATE
        self.dedup_days: int = settings.get("dedup_days")
        self.dedup_km: float = settings.get("dedup_km")

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True, connections: int | None = None) -> Store:
        """Open the database at `url` (default: setting "db"), migrating it as needed.

        `create=False` (the read commands) refuses to create a new SQLite file: a mistyped
        path is an error, not an empty database. `connections` keeps that many connections
        open for reuse (one per thread of a server), where SQLAlchemy keeps 5 and opens and
        closes up to 10 more on demand, each one paying its setup and a cold page cache."""
        target = engine_url(url)
        timeout: float = settings.get("lock_timeout")
        try:
            args = _engine_args(target, timeout)
            if connections:
                args.update(pool_size=connections, max_overflow=connections)
            engine = sa.create_engine(target, **args)
            if engine.dialect.name == "sqlite":
                _missing_file(engine, create)
                _sqlite_setup(engine, timeout)
            _with_lock_retry(lambda: _migrate(engine), timeout)
        except _LockTimeout as exc:
            raise StoreError(_locked_message(target, exc.waited)) from exc
        except sa.exc.OperationalError as exc:
            raise StoreError(f"cannot open database {_redact(target)}: {_reason(exc)}; check the --db "
                             "value (a SQLite path or postgresql://user:pass@host:port/dbname)") from exc
        except sa.exc.ArgumentError as exc:
            raise StoreError(f"bad database URL {_redact(target)}: {exc}") from exc
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot open database {_redact(target)}: {_reason(exc)}") from exc
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def backend(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    # Writing -------------------------------------------------------------------------

    def ingest(self, results: Iterable[StoryResult], batch_size: int | None = None,
               on_batch: Callable[[IngestStats], None] | None = None) -> IngestStats:
        """Store coded stories, `batch_size` stories per transaction; returns the totals.

        The same story again changes nothing; a story id with new content replaces that
        story's events (a version seen before, even one since replaced, changes nothing);
        errors are recorded as skipped. `on_batch` sees the running totals. The result
        depends only on the sequence of results, not on batch sizes or on earlier runs
        killed midway.
        """
        size = batch_size or settings.get("batch_size")
        total = IngestStats()
        batch: list[StoryResult] = []
        ids: set[str] = set()
        for result in results:
            sid = result.story.id if result.error is None and result.story is not None else None
            if sid in ids:  # the same story twice: commit the first before applying the second
                self._commit(batch, total, on_batch)
                batch, ids = [], set()
            batch.append(result)
            if sid is not None:
                ids.add(sid)
            if len(batch) >= size:
                self._commit(batch, total, on_batch)
                batch, ids = [], set()
        if batch:
            self._commit(batch, total, on_batch)
        return total

    def _commit(self, batch: list[StoryResult], total: IngestStats,
                on_batch: Callable[[IngestStats], None] | None) -> None:
        def write() -> IngestStats:
            with self.writer.begin() as conn:
                return write_batch(conn, batch, self.dedup_days, self.dedup_km)

        try:
            total.add(_with_lock_retry(write, settings.get("lock_timeout")))
        except _LockTimeout as exc:
            raise StoreError(_locked_message(str(self.engine.url), exc.waited)) from exc
        except sa.exc.OperationalError as exc:
            raise StoreError(f"cannot write to the database: {_reason(exc)}") from exc
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot write to the database: {_reason(exc)}") from exc
        if on_batch:
            on_batch(total)

    def is_known(self, story: Story) -> bool:
        """Was this exact version of the story ingested before? Then ingesting it changes
        nothing, and coding it again can be skipped."""
        sv = schema.story_versions
        with self.engine.connect() as conn:
            found = conn.execute(sa.select(sv.c.story_id).where(
                sv.c.story_id == story.id, sv.c.content_hash == records.story_hash(story))).first()
        return found is not None

    def pending(self, items: Iterable[Story | StoryError]) -> Iterator[Story | StoryError]:
        """The items that still need coding: errors, and story versions not seen before."""
        for item in items:
            if isinstance(item, StoryError) or not self.is_known(item):
                yield item

    # Reading -------------------------------------------------------------------------

    def iter_events(self, *, clusters: bool = True, actor: str | None = None,
                    recipient: str | None = None, type: str | None = None,
                    since: dt.date | None = None, until: dt.date | None = None,
                    place: str | None = None, bbox: tuple[float, float, float, float] | None = None,
                    ) -> Iterator[Event]:
        """Stored events, by date then id. clusters=True: one representative per cluster,
        its explanation ending with a "cluster ..." line (reports, stories, sources, confidence).
        `actor`/`recipient` are CODE, CODE:SECTOR or :SECTOR and match any actor entity."""
        f = Filters(clusters, actor, recipient, type, since, until, place, bbox)
        for event, _extra in self.iter_joined(f):
            yield event

    def iter_joined(self, filters: Filters) -> Iterator[tuple[Event, dict[str, Any]]]:
        """Events with their story's url/source/title and cluster summary (for exports)."""
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=2000).execute(queries.records(filters))
            for row in result.mappings():
                event = records.event_from_record(row["record"])
                extra = {k: v for k, v in row.items() if k != "record"}
                if filters.clusters and row["cluster_id"] is not None:
                    event = records.with_cluster_note(event, row)
                yield event, extra

    def cluster_members(self, cluster_id: str) -> list[Event]:
        """Every report merged into a cluster (its provenance)."""
        with self.engine.connect() as conn:
            return [records.event_from_record(r) for r in conn.execute(queries.cluster_members(cluster_id))
                    .scalars()]

    def count_events(self, *, clusters: bool = True, actor: str | None = None,
                     recipient: str | None = None, type: str | None = None,
                     since: dt.date | None = None, until: dt.date | None = None,
                     place: str | None = None,
                     bbox: tuple[float, float, float, float] | None = None) -> int:
        """How many events (clusters=True: clusters) match; same filters as iter_events."""
        f = Filters(clusters, actor, recipient, type, since, until, place, bbox)
        with self.engine.connect() as conn:
            sel = sa.select(sa.func.count()).select_from(schema.events).where(*f.conditions())
            return int(conn.execute(sel).scalar_one())

    def skipped(self) -> list[dict[str, Any]]:
        """Stories recorded as skipped: origin (file:line), reason, first and last seen."""
        sk = schema.skipped
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(sa.select(sk).order_by(sk.c.origin)).mappings()]

    def canonical_dump(self) -> Iterator[str]:
        """Every row of every table as sorted JSON lines, leaving out wall-clock times.

        Two stores hold the same data exactly when their dumps are equal.
        """
        with self.engine.connect() as conn:
            for table in schema.metadata.sorted_tables:
                cols = [c for c in table.columns if c.name not in schema.TIME_COLUMNS]
                rows = conn.execute(sa.select(*cols).order_by(*table.primary_key.columns))
                for row in rows:
                    yield json.dumps([table.name, *row], default=_plain, ensure_ascii=False)

    def _query(self, sel: sa.Select[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self.engine.connect() as conn:
            result = conn.execute(sel)
            return list(result.keys()), [tuple(r) for r in result]


def _engine_args(target: str, timeout: float) -> dict[str, Any]:
    if target.startswith("sqlite"):
        return {"connect_args": {"timeout": timeout}}  # the busy timeout, from the first statement on
    return {}


def _missing_file(engine: Engine, create: bool) -> None:
    """With create=False, a SQLite path that names no file is an error."""
    path = engine.url.database
    if create or not path or path == ":memory:" or path.startswith("file:"):
        return
    if not Path(path).is_file():
        raise StoreError(f"no database at {path}: check the --db value "
                         "(`titfortat ingest` creates a database)")


def _locked(exc: sa.exc.OperationalError) -> bool:
    return "database is locked" in str(exc.orig) or "database is busy" in str(exc.orig)


def _migrate(engine: Engine) -> None:
    """Bring the schema up to date: a read first, a write transaction only when behind."""
    with engine.connect() as conn:
        behind = schema.current_version(conn) != schema.SCHEMA_VERSION
    if behind:
        with engine.execution_options(**{WRITE: True}).begin() as conn:
            schema.migrate(conn)


def _locked_message(target: str, waited: float) -> str:
    return (f"database {_redact(target)} is locked: another process kept its write lock while this "
            f"one waited {waited:.0f} s; retry when it has finished (or raise TITFORTAT_LOCK_TIMEOUT)")


def _reason(exc: sa.exc.SQLAlchemyError) -> str:
    """The database's own message, on one line, without the SQL statement and parameters."""
    orig = getattr(exc, "orig", None) or exc
    lines = [line for line in str(orig).splitlines() if line.strip()]
    return " ".join(lines[0].split()) if lines else type(orig).__name__


def _plain(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _redact(url: str) -> str:
    """The URL without its password."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url
