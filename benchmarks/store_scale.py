"""Store at scale: build a synthetic SQLite store of N events (default 1,000,000) through
Store.ingest, then time the queries analysts run.

    .venv/bin/python benchmarks/store_scale.py [--events N] [--db PATH] [--keep]

Targets (issue 5): dyad counts by week for one actor pair < 1 s; event filter queries
< 200 ms. An existing --db with the right size is reused (generation takes minutes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from titfortat.model import EVENT_TYPES, Entity, Event, Location, Story, TextInfo
from titfortat.store import Store

COUNTRIES = ["IRQ", "IRN", "USA", "SYR", "TUR", "ISR", "PSE", "LBN", "SAU", "YEM", "EGY", "JOR", "RUS",
             "UKR", "CHN", "IND", "PAK", "AFG", "NGA", "MLI", "SDN", "ETH", "KEN", "SOM", "LBY", "DZA",
             "MAR", "TUN", "FRA", "GBR", "DEU", "MEX", "COL", "VEN", "BRA", "MMR", "PHL", "IDN", "UNO", "IGO"]
SECTORS = ["GOV", "MIL", "COP", "REB", "CVL", "OPP", "UAF", "JUD"]
START = dt.date(2020, 1, 1)
DAYS = 5 * 365
EVENTS_PER_STORY = 5


@dataclass
class Coded:
    story: Story | None
    events: list[Event] = field(default_factory=list)
    error: None = None
    warnings: list[str] = field(default_factory=list)


def synthetic(n_events: int, seed: int = 7) -> Iterator[Coded]:
    """Stories in date order (as a news feed arrives), five events each."""
    rng = random.Random(seed)
    n_stories = n_events // EVENTS_PER_STORY
    places = [Location(f"P{i}", f"Place {i}", i, rng.uniform(-30, 50), rng.uniform(-80, 120),
                       f"Prov {i % 40}", "Country", rng.choice(COUNTRIES), "city") for i in range(200)]
    for s in range(n_stories):
        date = START + dt.timedelta(days=s * DAYS // n_stories)
        sid = f"syn{s:07d}"
        events = []
        for k in range(EVENTS_PER_STORY):
            kind = rng.choice(EVENT_TYPES)
            a, r = rng.choice(COUNTRIES), rng.choice(COUNTRIES)
            events.append(Event(
                id=f"{sid}-{k}", story_id=sid, event=kind, mode=None, context=(), quad_code=1 + k % 4,
                event_scale=-5.0, cameo_code="190", goldstein=-10.0, acled_event_type=None,
                acled_sub_event_type=None, actor=(Entity(a, a, rng.choice(SECTORS)),),
                recipient=(Entity(r, r, rng.choice(SECTORS)),), date=date, date_precision="day",
                date_text=None, event_loc=rng.choice(places), size=(), modality="asserted",
                event_text="x", text="A synthetic sentence.", text_info=TextInfo(k, 0, 20, 2, 3),
                confidence=0.5))
        yield Coded(Story(id=sid, text=f"story {s}", date=date, source=f"src{s % 50}"), events)


def timed(label: str, fn, target: float | None = None):  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t)
    mark = "" if target is None else ("  OK" if best < target else f"  SLOWER than {target * 1000:.0f} ms")
    print(f"{label:<60} {best * 1000:8.1f} ms{mark}")
    return value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", default="/tmp/titfortat-scale.db")
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = ap.parse_args()
    path = Path(args.db)
    with Store.open(str(path)) as store:
        have = store.count_events(clusters=False)
        if have != args.events - args.events % EVENTS_PER_STORY:
            if have:
                raise SystemExit(f"{path} holds {have} events; remove it or pass another --db")
            t = time.perf_counter()
            stats = store.ingest(synthetic(args.events), batch_size=2000)
            took = time.perf_counter() - t
            print(f"generated {stats.events} events in {took:.0f} s ({stats.events / took:,.0f} events/s "
                  f"through Store.ingest, with duplicate merging)")
        print(f"store: {path} ({path.stat().st_size / 1e6:.0f} MB), "
              f"{store.count_events(clusters=False):,} events, {store.count_events():,} clusters")
        timed("dyad counts by week, IRQ -> IRN, events", lambda: store.dyad_counts("IRQ", "IRN",
              clusters=False), 1.0)
        weeks = timed("dyad counts by week, IRQ:MIL -> IRN, clusters", lambda: store.dyad_counts(
            "IRQ:MIL", "IRN"), 1.0)
        print(f"   ({len(weeks)} weeks, {int(weeks.sum())} clusters)")
        month = (dt.date(2023, 3, 1), dt.date(2023, 3, 31))
        rows = timed("filter: --actor USA --type ASSAULT, one month (Events)",
                     lambda: list(store.iter_events(clusters=False, actor="USA", type="ASSAULT",
                                                    since=month[0], until=month[1])), 0.2)
        print(f"   ({len(rows)} events)")
        rows = timed("filter: --actor IRQ:GOV --recipient IRN, all time (Events)",
                     lambda: list(store.iter_events(clusters=False, actor="IRQ:GOV", recipient="IRN")), 0.2)
        print(f"   ({len(rows)} events)")
        rows = timed("filter: --place 'Place 7' --since 2024-06-01 (Events)",
                     lambda: list(store.iter_events(clusters=False, place="Place 7",
                                                    since=dt.date(2024, 6, 1))), 0.2)
        print(f"   ({len(rows)} events)")
        timed("filter: --type PROTEST, one week (DataFrame)",
              lambda: store.events_frame(clusters=False, type="PROTEST", since=dt.date(2022, 5, 2),
                                         until=dt.date(2022, 5, 8)), 0.2)
        timed("count: --type ASSAULT, all time", lambda: store.count_events(clusters=False, type="ASSAULT"),
              0.2)
    if not args.keep and path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
