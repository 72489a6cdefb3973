"""Duplicate merging: the pairwise rule (pure) and clusters in the store."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from titfortat.store import Store
from titfortat.store.dedup import Clustering, Member, cluster_confidence, compatible, km_between
from titfortat.store.records import date_period, event_row

from .factory import BAGHDAD, BASRA, IRAQ, SADR_CITY, make_event, result


def member(story: str, **kw) -> Member:
    return Member.from_row(event_row(make_event(story, **kw), source_key=story))


@pytest.mark.parametrize(("a", "b", "same"), [
    (dict(), dict(), True),
    (dict(date="2025-02-11"), dict(date="2025-02-12"), True),       # 1 day apart
    (dict(date="2025-02-11"), dict(date="2025-02-13"), False),      # 2 days apart
    (dict(date="2025-02-01", precision="month"), dict(date="2025-02-20"), True),  # "in February"
    (dict(date="2025-02-01", precision="month"), dict(date="2025-03-02"), False),
    (dict(date=None), dict(date=None), False),                      # undated never merge
    (dict(loc=BAGHDAD), dict(loc=SADR_CITY), True),                 # 8 km
    (dict(loc=BAGHDAD), dict(loc=BASRA), False),                    # 450 km
    (dict(loc=BAGHDAD), dict(loc=IRAQ), True),                      # coarser: same country
    (dict(loc=BAGHDAD), dict(loc=None), True),                      # no place: no contradiction
    (dict(event="ASSAULT"), dict(event="COERCE"), False),
    (dict(actor=("IRQ", "MIL")), dict(actor=("IRQ", "COP")), False),   # sector differs
    (dict(recipient=("IRQ", "REB")), dict(recipient=None), False),
    (dict(modality="asserted"), dict(modality="claimed"), True),
    (dict(modality="asserted"), dict(modality="negated"), False),
])
def test_pairwise_rule(a: dict, b: dict, same: bool) -> None:
    assert compatible(member("a", **a), member("b", **b), days=1, km=25.0) is same


def test_province_when_coarser() -> None:
    province = dataclasses.replace(BAGHDAD, resolution="province", lat=33.0, lon=44.5)
    basra_province = dataclasses.replace(BASRA, resolution="province")
    assert compatible(member("a", loc=SADR_CITY), member("b", loc=province), 1, 25.0)
    assert not compatible(member("a", loc=SADR_CITY), member("b", loc=basra_province), 1, 25.0)


def test_periods_and_distance() -> None:
    assert date_period(dt.date(2024, 11, 1), "season") == (dt.date(2024, 11, 1), dt.date(2025, 1, 31))
    assert date_period(dt.date(2024, 2, 1), "month")[1] == dt.date(2024, 2, 29)
    assert km_between(33.3406, 44.4009, 30.5085, 47.7804) == pytest.approx(449, abs=3)


def test_complete_linkage_does_not_chain_daily_events() -> None:
    c = Clustering(days=1, km=25.0)
    ids = [c.assign(member(f"s{d}", date=f"2025-02-{d:02d}")) for d in (10, 11, 12, 13)]
    assert ids == ["s10-0", "s10-0", "s12-0", "s12-0"]


def test_confidence_grows_with_independent_sources() -> None:
    same_source = [member("a", confidence=0.6), dataclasses.replace(member("b", confidence=0.6),
                                                                     source_key="a")]
    assert cluster_confidence(same_source) == 0.6
    assert cluster_confidence([member("a", confidence=0.6), member("b", confidence=0.6)]) == 0.84


def test_store_merges_reports_and_keeps_provenance(store: Store) -> None:
    store.ingest([
        result("reuters-1", [make_event("reuters-1", confidence=0.7)], source="Reuters"),
        result("ap-9", [make_event("ap-9", confidence=0.8, loc=SADR_CITY, date="2025-02-12")], source="AP"),
        result("ap-10", [make_event("ap-10", loc=BASRA)], source="AP"),
    ])
    reps = list(store.iter_events())
    assert [e.id for e in reps] == ["ap-10-0", "ap-9-0"]  # by date: Basra on the 11th, Baghdad the 12th
    assert reps[1].explanation == ("rule x", "cluster reuters-1-0: 2 reports, 2 stories, 2 sources, "
                                             "confidence 0.94")
    assert [e.id for e in store.cluster_members("reuters-1-0")] == ["ap-9-0", "reuters-1-0"]
    assert store.count_events() == 2 and store.count_events(clusters=False) == 3


def _clusters(store: Store) -> list[tuple[str, str, int]]:
    frame = store.clusters_frame()
    return sorted(zip(frame["id"], frame["representative_id"], frame["n_events"], strict=True))


def test_clusters_update_when_a_story_is_replaced(store: Store) -> None:
    store.ingest([result("a", [make_event("a", confidence=0.9)]), result("b", [make_event("b")]),
                  result("c", [make_event("c", confidence=0.5)])])
    assert _clusters(store) == [("a-0", "a-0", 3)]
    # story a is corrected: now about Basra, so it leaves the Baghdad cluster, which is renamed
    store.ingest([result("a", [make_event("a", confidence=0.9, loc=BASRA)], text="corrected")])
    assert _clusters(store) == [("a-0", "a-0", 1), ("b-0", "b-0", 2)]
    assert [e.id for e in store.cluster_members("b-0")] == ["b-0", "c-0"]
    # corrected back: it joins the Baghdad cluster again and represents it
    store.ingest([result("a", [make_event("a", confidence=0.9)], text="corrected again")])
    assert _clusters(store) == [("b-0", "a-0", 3)]
    assert [e.id for e in store.iter_events()] == ["a-0"]
