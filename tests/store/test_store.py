"""The Store over SQLite and PostgreSQL: round trip, idempotence, replacement, skipped, filters."""

from __future__ import annotations

import datetime as dt

import pytest

from titfortat.errors import StoreError, UsageError
from titfortat.store import Store
from titfortat.store.schema import SCHEMA_VERSION

from .factory import BASRA, failure, make_event, result


def test_event_comes_back_exactly_as_coded(store: Store) -> None:
    ev = make_event("s1", actor=("IRQ", "GOV"), size=(("dead", 3), ("injured", 5)))
    store.ingest([result("s1", [ev])])
    assert list(store.iter_events(clusters=False)) == [ev]


def test_same_story_again_changes_nothing(store: Store) -> None:
    first = store.ingest([result("s1"), result("s2")])
    dump = list(store.canonical_dump())
    again = store.ingest([result("s1"), result("s2")])
    assert (first.inserted, first.events) == (2, 2)
    assert (again.inserted, again.unchanged, again.events) == (0, 2, 0)
    assert list(store.canonical_dump()) == dump


def test_same_id_with_new_text_replaces_its_events(store: Store) -> None:
    store.ingest([result("s1", [make_event("s1", 0), make_event("s1", 1, event="PROTEST")])])
    new = make_event("s1", 0, event="ARREST" if False else "COERCE")
    stats = store.ingest([result("s1", [new], text="corrected text")])
    assert (stats.replaced, stats.events) == (1, 1)
    assert list(store.iter_events(clusters=False)) == [new]
    assert store.count_events(clusters=False) == 1
    frame = store.stories_frame()
    assert frame["n_events"].tolist() == [1]


def test_bad_stories_are_recorded_and_do_not_block(store: Store) -> None:
    stats = store.ingest([failure("feed.jsonl:2"), result("s1"), failure("feed.jsonl:4", "empty text")])
    assert (stats.skipped, stats.inserted) == (2, 1)
    rows = store.skipped()
    assert [(r["origin"], r["reason"]) for r in rows] == [
        ("feed.jsonl:2", "malformed JSON: Expecting value at column 1"), ("feed.jsonl:4", "empty text")]
    # the line is fixed: the story now codes and the skipped entry goes away
    store.ingest([result("fixed", origin="feed.jsonl:2")])
    assert [r["origin"] for r in store.skipped()] == ["feed.jsonl:4"]


def test_an_older_version_does_not_revert_a_correction(store: Store) -> None:
    store.ingest([result("s1", [make_event("s1", event="PROTEST")], text="first"),
                  result("s1", [make_event("s1", event="COERCE")], text="corrected")])
    stats = store.ingest([result("s1", [make_event("s1", event="PROTEST")], text="first")])
    assert stats.unchanged == 1
    assert [e.event for e in store.iter_events()] == ["COERCE"]


def test_batch_size_does_not_change_the_result(db_url: str, tmp_path) -> None:
    feed = [result("a"), result("b", [make_event("b", loc=BASRA)]), result("a", text="v2"),
            failure("f.jsonl:3"), result("c", origin="f.jsonl:3"), result("a", text="v3")]
    dumps = []
    for i, size in enumerate((1, 2, 100)):
        url = db_url if "://" in db_url else str(tmp_path / f"b{i}.db")
        if "://" in db_url:
            from .conftest import _fresh_pg
            _fresh_pg(url)
        with Store.open(url) as s:
            s.ingest(feed, batch_size=size)
            dumps.append(list(s.canonical_dump()))
    assert dumps[0] == dumps[1] == dumps[2]


def test_batches_commit_and_count(store: Store) -> None:
    seen: list[int] = []
    stats = store.ingest([result(f"s{i}") for i in range(7)], batch_size=3,
                         on_batch=lambda s: seen.append(s.stories))
    assert seen == [3, 6, 7]
    assert stats.events == 7 and store.count_events(clusters=False) == 7
    assert store.count_events() == 1  # seven reports of one clash, merged


def test_reopen_keeps_data_and_schema_version(db_url: str) -> None:
    with Store.open(db_url) as s:
        s.ingest([result("s1")])
    with Store.open(db_url) as s:
        assert s.count_events(clusters=False) == 1
        assert any(f'"meta", "schema_version", "{SCHEMA_VERSION}"' in line for line in s.canonical_dump())


def test_pending_skips_stored_stories(store: Store) -> None:
    store.ingest([result("s1")])
    stored = result("s1").story
    changed = result("s1", text="new text").story
    err = failure("x.jsonl:1").error
    assert stored and changed and err
    assert list(store.pending([stored, changed, err])) == [changed, err]
    assert store.is_known(stored) and not store.is_known(changed)


def test_unopenable_database_says_what_to_do(tmp_path) -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(str(tmp_path / "missing-dir" / "x.db"))
    with pytest.raises(StoreError, match="cannot open database.*postgresql://") as info:
        Store.open("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(info.value)


def _ids(store: Store, **filters) -> list[str]:
    return [e.id for e in store.iter_events(clusters=False, **filters)]


def test_filters(store: Store) -> None:
    store.ingest([
        result("a", [make_event("a", actor=("IRQ", "GOV"), recipient=("IRN", "GOV"), event="CONSULT",
                                date="2025-01-05")]),
        result("b", [make_event("b", actor=("USA", "MIL"), recipient=("IRQ", "REB"), date="2025-02-01",
                                loc=BASRA)]),
        result("c", [make_event("c", actor=("IRQ", "MIL"), recipient=None, date=None)]),
    ])
    assert _ids(store, actor="IRQ") == ["a-0", "c-0"]
    assert _ids(store, actor="irq:gov") == ["a-0"]
    assert _ids(store, actor=":MIL") == ["b-0", "c-0"]
    assert _ids(store, recipient="IRQ:REB") == ["b-0"]
    assert _ids(store, type="consult") == ["a-0"]
    assert _ids(store, since=dt.date(2025, 1, 10)) == ["b-0"]
    assert _ids(store, until=dt.date(2025, 1, 10)) == ["a-0"]
    assert _ids(store, place="basra") == ["b-0"]
    assert _ids(store, bbox=(47.0, 30.0, 48.0, 31.0)) == ["b-0"]
    with pytest.raises(UsageError, match="unknown event type 'FIGHT'"):
        _ids(store, type="FIGHT")


def test_frames_are_typed(store: Store) -> None:
    store.ingest([result("s1", source="Reuters"), result("s2", source="AP")])
    events = store.events_frame(clusters=False)
    assert list(events["id"]) == ["s1-0", "s2-0"]
    assert str(events["date"].dtype).startswith("datetime64")
    assert events["size_dead"].tolist() == [2, 2]
    assert events["actor_text"].tolist() == ["IRQ MIL", "IRQ MIL"]
    clusters = store.clusters_frame()
    assert clusters[["n_events", "n_sources"]].values.tolist() == [[2, 2]]
    assert clusters["confidence"].tolist() == [pytest.approx(0.84)]
    stories = store.stories_frame()
    assert stories["source"].tolist() == ["Reuters", "AP"] or stories["source"].tolist() == ["Reuters", "AP"][::-1]


def test_dyad_counts_by_week_fill_gaps(store: Store) -> None:
    dates = ["2025-01-06", "2025-01-07", "2025-01-27"]
    store.ingest([result(f"s{i}", [make_event(f"s{i}", date=d, loc=None)]) for i, d in enumerate(dates)])
    counts = store.dyad_counts("IRQ:MIL", "IRQ", clusters=False)
    assert counts.tolist() == [2, 0, 0, 1]
    assert str(counts.index[0]) == "2025-01-06/2025-01-12"
