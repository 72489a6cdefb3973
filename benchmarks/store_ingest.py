"""Ingest throughput: coding and storing vs coding alone, on the same stories (issue 5).

    .venv/bin/python benchmarks/store_ingest.py [--repeat K] [--db URL]

The stories are those in examples/, repeated K times under new ids (default 3). Both runs
load the pipeline once beforehand and go through titfortat.api.code_stories:
  code    the records serialised to JSON lines (what `titfortat code` writes)
  ingest  the results stored with Store.ingest (a fresh SQLite file, or --db, emptied first
          only when it is a SQLite path) -- what `titfortat ingest` does
The runs alternate (code, ingest, code, ingest) and the faster of each pair counts.
Target: ingest throughput >= 95 % of code throughput.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from titfortat.api import code_stories, load
from titfortat.ingest.readers import read_paths
from titfortat.model import Story
from titfortat.store import Store

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.95


def stories(repeat: int) -> list[Story]:
    base = [s for s in read_paths([str(ROOT / "examples")]) if isinstance(s, Story)]
    return [dataclasses.replace(s, id=f"{s.id}~{k}") for k in range(repeat) for s in base]


def run_code(nlp, items: list[Story]) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    t = time.perf_counter()
    n = 0
    for r in code_stories(items, nlp=nlp):
        for e in r.events:
            out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return time.perf_counter() - t, n


def run_ingest(nlp, items: list[Story], url: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    with Store.open(url) as store:
        stats = store.ingest(code_stories(store.pending(items), nlp=nlp))
    return time.perf_counter() - t, stats.events


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--db", help="a postgresql:// URL to measure instead of a temporary SQLite file")
    args = ap.parse_args()
    items = stories(args.repeat)
    nlp = load()
    list(code_stories(items[:2], nlp=nlp))  # warm up
    best_code = best_ingest = float("inf")
    events = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(2):
            took, events = run_code(nlp, items)
            best_code = min(best_code, took)
            url = args.db or str(Path(tmp) / f"bench{i}.db")
            if args.db:
                print("note: --db must point at an empty database for a fair run", file=sys.stderr)
            took, stored = run_ingest(nlp, items, url)
            best_ingest = min(best_ingest, took)
            assert stored == events or args.db, (stored, events)
    ratio = best_code / best_ingest
    print(f"stories: {len(items)}, events: {events}")
    print(f"code   : {len(items) / best_code:7.1f} stories/s ({best_code:.2f} s)")
    print(f"ingest : {len(items) / best_ingest:7.1f} stories/s ({best_ingest:.2f} s)")
    print(f"ingest throughput = {ratio:.1%} of code  {'PASS' if ratio >= TARGET else 'FAIL'} (target >= 95 %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
