"""Time the date stage against the whole coder, per story.

    .venv/bin/python benchmarks/dates_speed.py [PATH ...] [--repeat N]

PATH defaults to examples/; with no stories there, generated dated sentences are used.
Each story runs through every pipeline component separately so the date stage's share of
the coding time can be printed (issue 4 allows dates and places together 10 %).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections import defaultdict
from pathlib import Path

from titfortat.ingest.readers import read_paths
from titfortat.model import Story
from titfortat.nlp import pipeline

ROOT = Path(__file__).resolve().parent.parent
SUBJECTS = ("Gunmen", "Police", "The army", "Protesters", "Rebels", "The ministry")
VERBS = ("attacked a checkpoint", "arrested two men", "shelled the town", "blocked the road",
         "seized the airport", "condemned the strike")
WHENS = ("on Sunday", "on 3 March", "two days ago", "last week", "earlier this month",
         "in 2019", "", "yesterday", "barely 48 hours later", "over the summer")


def generated(n: int = 40, seed: int = 4) -> list[Story]:
    """Stories of six sentences built from a fixed vocabulary (deterministic)."""
    rng = random.Random(seed)
    stories = []
    for i in range(n):
        sents = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(WHENS)}.".replace(" .", ".")
                 for _ in range(6)]
        stories.append(Story(id=f"gen{i}", text=" ".join(sents), date=dt.date(2024, 3, 5)))
    return stories


def load_stories(paths: list[str]) -> list[Story]:
    stories = [s for s in read_paths(paths) if isinstance(s, Story)] if paths else []
    return stories or generated()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "examples")])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    existing = [p for p in args.paths if Path(p).exists()]
    stories = load_stories(existing)
    nlp = pipeline.load()
    seconds: dict[str, float] = defaultdict(float)
    events = 0
    for _ in range(args.repeat):
        for story in stories:
            doc = nlp.make_doc(story.text)
            doc._.tft_story = story
            for name, proc in nlp.pipeline:
                start = time.perf_counter()
                doc = proc(doc)
                seconds[name] += time.perf_counter() - start
            events += len(doc._.tft_events or [])
    runs = len(stories) * args.repeat
    total = sum(seconds.values())
    dates = seconds.get("titfortat_dates", 0.0)
    print(f"{len(stories)} stories x {args.repeat}, {events // args.repeat} draft events per pass")
    for name, secs in sorted(seconds.items(), key=lambda kv: -kv[1]):
        print(f"  {name:22s} {1000 * secs / runs:8.2f} ms/story")
    print(f"dates: {1000 * dates / runs:.2f} ms/story of {1000 * total / runs:.2f} ms/story "
          f"coding ({100 * dates / total:.1f} %)")


if __name__ == "__main__":
    main()
