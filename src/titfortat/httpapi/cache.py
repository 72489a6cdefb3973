"""The server's result cache, kept until the store changes.

Every entry is stamped with the store's change marker when its computation began; a lookup
whose marker differs is a miss. So a write by anyone (this process, another server process,
a `titfortat ingest` on the command line) shows at the next request instead of up to a
minute late, and a write racing a computation never leaves its stale result behind.

- SQLite: `PRAGMA data_version` on a connection of its own that never writes; SQLite changes
  the value whenever another connection, in any process, commits.
- PostgreSQL: the current snapshot (`txid_current_snapshot()`: the oldest running and the
  next transaction id with the ids running in between), which changes whenever a transaction
  that writes starts or ends, in any database of the server (a write elsewhere only empties
  the cache for nothing). Its upper bound alone would miss a writer that ends after a newer one.

Entries also expire after MAX_AGE seconds (a backstop), and the cache holds at most `max_bytes` of answers and `max_entries` entries, least recently used first.
Requests that need the same result at once (the dyad explorer asks for a pair's exchanges and
series together) compute it once.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

MAX_AGE = 600.0
WAIT_SECONDS = 120.0  # how long a request waits for the same computation in another thread


class ChangeMarker:
    """A value that changes whenever the store's data changes (compare with ==)."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        # local: reading costs microseconds and never blocks (else a query to the server)
        self.local = engine.dialect.name != "postgresql"
        if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            path = urllib.parse.quote(str(engine.url.database))
            self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    def read(self) -> Any:
        if self._conn is not None:
            with self._lock:
                return self._conn.execute("PRAGMA data_version").fetchone()[0]
        if self.engine.dialect.name != "postgresql":
            return None  # an in-memory SQLite store: only MAX_AGE and clear() apply
        with self.engine.connect() as conn:
            return str(conn.exec_driver_sql("SELECT txid_current_snapshot()::text").scalar_one())

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


class ResultCache:
    """Values by key, valid while the change marker stays the same (thread-safe)."""

    def __init__(self, marker: ChangeMarker, max_bytes: int = 48_000_000, max_entries: int = 2048) -> None:
        self.marker = marker
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[Any, ...], tuple[Any, float, Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._running: dict[tuple[Any, ...], threading.Event] = {}
        self.hits = self.misses = 0

    def get(self, key: tuple[Any, ...], marker: Any, stale_seconds: float = 0.0) -> Any | None:
        """The value kept for `key` under `marker` (or, with `stale_seconds`, under any marker
        if it is younger than that), or None."""
        with self._lock:
            entry = self._entries.get(key)
            age = time.monotonic() - entry[1] if entry is not None else 0.0
            if entry is None or age > MAX_AGE or (entry[0] != marker and age > stale_seconds):
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[2]

    def put(self, key: tuple[Any, ...], marker: Any, value: Any, size: int = 1000) -> None:
        """Keep `value` (about `size` bytes) for `key`, computed from the store at `marker`."""
        if size > self.max_bytes // 8:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[3]
            self._entries[key] = (marker, time.monotonic(), value, size)
            self._bytes += size
            while self._entries and (self._bytes > self.max_bytes or len(self._entries) > self.max_entries):
                _key, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped[3]

    def cached(self, key: tuple[Any, ...], compute: Callable[[], Any], size: int | Callable[[Any], int] = 1000,
               stale_seconds: float = 0.0) -> Any:
        """`compute()`, kept until the store changes (with `stale_seconds`: and at least that
        long); `size`: its bytes, or how to count them. The marker is read before computing,
        so a write during the computation makes the result stale at once."""
        marker = self.marker.read()
        hit = self.get(key, marker, stale_seconds)
        if hit is not None:
            return hit
        with self._lock:  # one computation of a key at a time: the others wait for its result
            running = self._running.get(key)
            if running is None:
                mine = self._running[key] = threading.Event()
        if running is not None:
            running.wait(WAIT_SECONDS)
            hit = self.get(key, marker)
            return hit if hit is not None else compute()
        try:
            value = compute()
            self.put(key, marker, value, size(value) if callable(size) else size)
            return value
        finally:
            with self._lock:
                del self._running[key]
            mine.set()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
