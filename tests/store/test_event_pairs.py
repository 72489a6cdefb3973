"""The event_pairs table: the writer keeps it equal to the events' links, migration 2 fills
it (and adds the (date, id) index) for an older database, and `pair_ids` finds exactly the
events naming both parties."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from tests.store.factory import entity, make_event, result
from titfortat.store import Store, schema
from titfortat.store.serving import Party, pair_ids

P = schema.event_pairs


def _pairs(store: Store) -> Counter[tuple[object, ...]]:
    with store.engine.connect() as conn:
        return Counter(tuple(r) for r in conn.execute(
            sa.select(P.c.event_id, P.c.a_code, P.c.a_sector, P.c.b_code, P.c.b_sector)))


def stories() -> list:
    from dataclasses import replace

    out = [
        result("s1", [make_event("s1", 0, actor=("IRQ", "MIL"), recipient=("IRN", "GOV")),
                      make_event("s1", 1, actor=("IRN", "GOV"), recipient=None)]),
        result("s2", [make_event("s2", 0, actor=("IRQ", "COP"), recipient=("IRN", "REB"))]),
        result("s3", [make_event("s3", 0, actor=(None, "REB"), recipient=("IRQ", None))]),
    ]
    three = make_event("s4", 0, actor=("USA", "GOV"), recipient=("IRQ", "GOV"))
    out.append(result("s4", [replace(three, recipient=(*three.recipient, entity("IRN", "GOV")))]))
    return out


def expected_pairs(results: list) -> Counter[tuple[object, ...]]:
    out: Counter[tuple[object, ...]] = Counter()
    for r in results:
        for ev in r.events:
            parties = [*ev.actor, *ev.recipient]
            for i, x in enumerate(parties):
                for j, y in enumerate(parties):
                    if i != j:
                        out[(ev.id, x.code, x.sector, y.code, y.sector)] += 1
    return out


def test_ingest_stores_every_ordered_pair_of_parties(store: Store) -> None:
    results = stories()
    store.ingest(results)
    assert _pairs(store) == expected_pairs(results)
    assert _pairs(store)[("s4-0", "IRQ", "GOV", "IRN", "GOV")] == 1  # two recipients pair up too


def test_replacing_a_story_replaces_its_pairs(store: Store) -> None:
    store.ingest(stories())
    store.ingest([result("s1", [make_event("s1", 0, actor=("SYR", "GOV"), recipient=("TUR", "MIL"))],
                         text="new text of s1")])
    found = _pairs(store)
    assert ("s1-0", "IRQ", "MIL", "IRN", "GOV") not in found
    assert found[("s1-0", "SYR", "GOV", "TUR", "MIL")] == 1
    assert not any(k[0] == "s1-1" for k in found)


def test_an_older_database_gets_its_pairs_when_opened(db_url: str) -> None:
    results = stories()
    with Store.open(db_url) as s:
        s.ingest(results)
        with s.engine.begin() as conn:  # make it a version-1 database
            P.drop(conn)
            conn.exec_driver_sql("DROP INDEX ix_events_date_id")
            conn.execute(sa.update(schema.meta).where(schema.meta.c.key == "schema_version").values(value="1"))
    with Store.open(db_url) as s:
        assert _pairs(s) == expected_pairs(results)
        with s.engine.connect() as conn:
            assert schema.current_version(conn) == schema.SCHEMA_VERSION
            assert "ix_events_date_id" in {i["name"] for i in sa.inspect(conn).get_indexes("events")}


def test_pair_ids_finds_the_events_naming_both(store: Store) -> None:
    store.ingest(stories())
    state = ("GOV", "COP", "MIL")

    def ids(a: Party, b: Party) -> set[str]:
        with store.engine.connect() as conn:
            return set(conn.execute(pair_ids(a, b)).scalars())

    assert ids(Party("IRQ", state, no_sector=True), Party("IRN", state, no_sector=True)) == {"s1-0", "s4-0"}
    assert ids(Party("IRQ"), Party("IRN")) == {"s1-0", "s2-0", "s4-0"}
    assert ids(Party("IRN"), Party("IRQ")) == {"s1-0", "s2-0", "s4-0"}
    assert ids(Party(None, ("REB",)), Party("IRQ", state, no_sector=True)) == {"s3-0"}
    assert ids(Party("IRQ", ("REB",)), Party("IRN")) == set()
    assert [e.id for e in store.pair_events(pair_ids(Party("IRQ"), Party("USA")))] == ["s4-0"]
