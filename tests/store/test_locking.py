"""SQLite write locks between processes: a writer waits for the other's transaction, a lock
refused at once is tried again within the time budget, and a lock held past the budget gives
an error that says how long this writer waited (issue 16's guarantee: no lost stories)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from titfortat.errors import StoreError
from titfortat.store import Store
from titfortat.store.store import _with_lock_retry

from .factory import make_event, result


def _hold_write_lock(path: Path, seconds: float) -> threading.Thread:
    """Another connection takes the write lock now and releases it after `seconds`."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")

    def release() -> None:
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "locks.db"
    Store.open(str(path)).close()  # created and migrated, in WAL mode
    return path


def test_a_lock_refused_at_once_is_tried_again_until_released(db: Path) -> None:
    # No busy timeout: SQLite refuses the lock at once, as it does to break a deadlock.
    engine = sa.create_engine(f"sqlite:///{db}", connect_args={"timeout": 0, "isolation_level": None})
    attempts = 0

    def write() -> int:
        nonlocal attempts
        attempts += 1
        with engine.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('probe', 'x')")
            conn.exec_driver_sql("COMMIT")
        return attempts

    holder = _hold_write_lock(db, 0.5)
    try:
        assert _with_lock_retry(write, timeout=30) > 1
    finally:
        holder.join()
        engine.dispose()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'probe'").fetchone() == ("x",)


def test_a_writer_waits_for_the_other_transaction(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TITFORTAT_LOCK_TIMEOUT", "60")
    holder = _hold_write_lock(db, 0.5)
    try:
        with Store.open(str(db)) as store:
            stats = store.ingest([result("s1", [make_event("s1")])])
    finally:
        holder.join()
    assert (stats.stories, stats.events) == (1, 1)


def test_a_lock_held_too_long_says_how_long_it_waited_and_loses_nothing(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TITFORTAT_LOCK_TIMEOUT", "1")
    holder = _hold_write_lock(db, 4)
    try:
        with Store.open(str(db)) as store, pytest.raises(StoreError) as err:
            store.ingest([result("s1", [make_event("s1")])])
    finally:
        holder.join()
    message = str(err.value)
    assert "is locked" in message and "waited 1 s" in message and "TITFORTAT_LOCK_TIMEOUT" in message
    with Store.open(str(db)) as store:  # the lock is free again: the same input goes in whole
        stats = store.ingest([result("s1", [make_event("s1")])])
        assert (stats.stories, stats.events) == (1, 1)
        assert [e.id for e in store.iter_events()] == ["s1-0"]
