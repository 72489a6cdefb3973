"""Time the tit-for-tat analysis on 1,000,000 synthetic events (target: under 10 s).

    .venv/bin/python benchmarks/analysis_scale.py [--events N] [--seed S]

The events are generated directly as the analysis frame (building a million `Event`
objects is the store's and the coder's cost, not the analysis's): 30 countries with a
government and a militia side each, ten years, PLOVER types with their quad class and
Goldstein score. Prints the seconds of each step and the total.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from titfortat.analysis import actor_graph, alerts, dyad_series, find_exchanges, reciprocity, with_dyads
from titfortat.analysis.frame import COLUMNS

TYPES = [("CONSULT", 1, 2.8), ("AGREE", 1, 5.2), ("AID", 2, 7.4), ("RETREAT", 2, 7.0),
         ("ACCUSE", 3, -2.0), ("PROTEST", 3, -6.5), ("THREATEN", 3, -4.4), ("COERCE", 4, -5.0),
         ("MOBILIZE", 4, -7.2), ("ASSAULT", 4, -10.0)]


def synthetic_frame(n: int, seed: int = 0) -> pd.DataFrame:
    """`n` rows shaped like `events_to_frame` output."""
    rng = np.random.default_rng(seed)
    codes = np.array([f"C{i:02d}" for i in range(30)])
    sectors = np.array(["GOV", "PRM"])
    actor = rng.integers(0, 60, n)
    recipient = (actor + rng.integers(1, 60, n)) % 60          # never the actor itself
    kind = rng.choice(len(TYPES), n, p=[.12, .08, .05, .03, .14, .12, .08, .14, .08, .16])
    dates = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3650, n), unit="D")
    frame = pd.DataFrame({
        "id": pd.Series(np.arange(n)).astype(str).radd("e"), "story_id": pd.Series(np.arange(n) // 3).astype(str),
        "date": dates, "event": np.array([t[0] for t in TYPES])[kind], "mode": None,
        "quad_code": np.array([t[1] for t in TYPES])[kind], "goldstein": np.array([t[2] for t in TYPES])[kind],
        "event_scale": np.array([t[2] for t in TYPES])[kind], "modality": "asserted",
        "actor_code": codes[actor // 2], "actor_sector": sectors[actor % 2], "actor_identifier": None,
        "actor_name": None, "recipient_code": codes[recipient // 2], "recipient_sector": sectors[recipient % 2],
        "recipient_identifier": None, "recipient_name": None, "text": "synthetic", "sequence": np.arange(n) % 3,
        "weight": 1,
    })
    return frame[list(COLUMNS)].sort_values(["date", "story_id", "sequence"], kind="stable").reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    frame = synthetic_frame(args.events, args.seed)
    print(f"{len(frame):,} synthetic events, {frame['date'].min().date()} to {frame['date'].max().date()}")
    steps = {}
    total, cpu = time.perf_counter(), time.process_time()
    t = time.perf_counter()
    dyads = with_dyads(frame, "side")
    steps["dyad keys"] = time.perf_counter() - t
    for name, func in (
        ("series (week)", lambda: dyad_series(dyads, "side", "week")),
        ("exchanges", lambda: find_exchanges(dyads, "side", 30)),
        ("alerts", lambda: alerts(dyads, "side")),
        ("network", lambda: actor_graph(dyads, "side")),
    ):
        t = time.perf_counter()
        result = func()
        steps[name] = time.perf_counter() - t
        if name == "exchanges":
            t = time.perf_counter()
            rec = reciprocity(result)
            steps["reciprocity"] = time.perf_counter() - t
            print(f"  exchanges: {len(result):,} acts, mean reciprocity rate {rec['rate'].mean():.3f}")
        elif name == "alerts":
            print(f"  alerts: {len(result):,} ({(result['kind'] == 'change point').sum()} change points)")
        elif name == "network":
            print(f"  network: {result.number_of_nodes()} nodes, {result.number_of_edges()} edges")
    elapsed, cpu = time.perf_counter() - total, time.process_time() - cpu
    for name, seconds in steps.items():
        print(f"{name:>16}: {seconds:6.2f} s")
    print(f"{'total':>16}: {elapsed:6.2f} s wall, {cpu:.2f} s CPU  (target < 10 s) "
          f"{'OK' if elapsed < 10 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
