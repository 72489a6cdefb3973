"""The server's result cache: kept while the store is unchanged, dropped as soon as anyone
commits a write (SQLite and PostgreSQL), and one computation of a key at a time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.serving import BACKENDS, empty_db
from titfortat.httpapi.cache import ChangeMarker, ResultCache
from titfortat.store import Store


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return empty_db(request.param, tmp_path / "cache.db")


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened


def write_elsewhere(url: str, value: str) -> None:
    """A commit through another engine (another connection pool, as another process has)."""
    with Store.open(url) as other, other.writer.begin() as conn:
        conn.execute(sa.text("UPDATE meta SET value = :v WHERE key = 'note'"), {"v": value})
        conn.execute(sa.text("INSERT INTO meta (key, value) SELECT 'note', :v WHERE NOT EXISTS "
                             "(SELECT 1 FROM meta WHERE key = 'note')"), {"v": value})


def test_the_marker_moves_with_a_commit_elsewhere_and_not_with_reads(store: Store, store_url: str) -> None:
    marker = ChangeMarker(store.engine)
    first = marker.read()
    assert store.count_events() == 0
    assert marker.read() == first
    write_elsewhere(store_url, "one")
    second = marker.read()
    assert second != first
    write_elsewhere(store_url, "two")
    assert marker.read() not in (first, second)
    marker.close()


def test_a_result_is_kept_until_the_store_changes(store: Store, store_url: str) -> None:
    cache = ResultCache(ChangeMarker(store.engine))
    calls: list[int] = []

    def compute() -> list[int]:
        calls.append(1)
        return [store.count_events()]

    assert cache.cached(("n",), compute) == [0]
    assert cache.cached(("n",), compute) == [0]
    assert len(calls) == 1
    write_elsewhere(store_url, "changed")
    assert cache.cached(("n",), compute) == [0]
    assert len(calls) == 2
    cache.clear()
    cache.cached(("n",), compute)
    assert len(calls) == 3


def test_a_write_during_a_computation_leaves_no_stale_result(store: Store, store_url: str) -> None:
    cache = ResultCache(ChangeMarker(store.engine))
    calls: list[int] = []

    def compute_racing_a_write() -> int:
        calls.append(1)
        if len(calls) == 1:
            write_elsewhere(store_url, "racing")  # committed after the marker was read
        return len(calls)

    assert cache.cached(("k",), compute_racing_a_write) == 1
    assert cache.cached(("k",), compute_racing_a_write) == 2  # the first result was stale
    assert cache.cached(("k",), compute_racing_a_write) == 2


def test_the_same_key_is_computed_once_for_requests_at_the_same_time(store: Store) -> None:
    cache = ResultCache(ChangeMarker(store.engine))
    calls: list[int] = []
    release = threading.Event()

    def slow() -> str:
        calls.append(1)
        release.wait(30)
        return "done"

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(cache.cached(("pair",), slow))) for _ in range(4)]
    for th in threads:
        th.start()
    release.set()
    for th in threads:
        th.join()
    assert results == ["done"] * 4
    assert len(calls) == 1


def test_the_cache_stays_within_its_budget(store: Store) -> None:
    cache = ResultCache(ChangeMarker(store.engine), max_bytes=10_000, max_entries=5)
    for i in range(20):
        cache.cached((i,), lambda i=i: i, size=1000)
    kept = [i for i in range(20) if cache.get((i,), cache.marker.read()) is not None]
    assert kept == [15, 16, 17, 18, 19]  # the latest, within max_entries
    cache.cached(("big",), lambda: "x", size=5000)  # over an eighth of the budget: not kept
    assert cache.get(("big",), cache.marker.read()) is None


def test_a_writer_ending_after_a_newer_one_moves_the_marker(store: Store, store_url: str) -> None:
    if store.backend != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    marker = ChangeMarker(store.engine)
    with Store.open(store_url) as slow_store, slow_store.engine.connect() as slow:
        slow.begin()
        slow.execute(sa.text("INSERT INTO meta (key, value) VALUES ('slow', 'x')"))  # holds an older id
        write_elsewhere(store_url, "fast")  # a newer writer commits first
        before = marker.read()
        slow.commit()
    assert marker.read() != before


def test_a_result_may_be_kept_through_changes_for_stale_seconds(store: Store, store_url: str) -> None:
    cache = ResultCache(ChangeMarker(store.engine))
    calls: list[int] = []
    cache.cached(("actors",), lambda: calls.append(1) or "list", stale_seconds=600)
    write_elsewhere(store_url, "changed")
    assert cache.cached(("actors",), lambda: calls.append(1) or "list", stale_seconds=600) == "list"
    assert len(calls) == 1
    cache.cached(("actors",), lambda: calls.append(1) or "list")  # without: the change counts
    assert len(calls) == 2
