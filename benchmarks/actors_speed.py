"""Actor resolution speed: dictionary load time, resolutions per second, and the actor
stage's share of coding time on the example stories.

    .venv/bin/python benchmarks/actors_speed.py [--no-pipeline]
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

MENTIONS = [
    "Iraqi police", "the Iraqi Prime Minister Mustafa al-Kadhimi", "Iran-backed militias",
    "the US and France", "Hungarian and Romanian officials", "unknown gunmen", "Kadhimi",
    "the commander of Iran's Quds Force", "opposition lawmakers", "UN peacekeepers",
    "Tehran", "the Kremlin", "a senior police officer", "Hezbollah fighters", "he",
    "Russia's defence minister", "protesters", "the Rapid Support Forces", "Zorgon Blarp",
    "tribal elders in Anbar",
]
ROOT = Path(__file__).resolve().parent.parent


def cold_load_seconds() -> float:
    """Import and build the dictionary in a fresh interpreter (what a CLI call pays)."""
    code = ("import time; t=time.perf_counter(); from titfortat.actors import dictionary; "
            "dictionary.load(); print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pipeline", action="store_true", help="skip the spaCy timing")
    args = ap.parse_args()
    from titfortat.actors import ActorResolver, dictionary

    builds = [dictionary.build().seconds for _ in range(3)]
    d = dictionary.load()
    print(f"dictionary: {len(d.entries)} entries, {len(d.index.folded) + len(d.index.exact)} aliases, "
          f"{len(d.files)} files")
    print(f"load (build, warm interpreter): {min(builds):.3f} s (best of 3)")
    print(f"load (cold process, imports included): {cold_load_seconds():.3f} s")
    r = ActorResolver(d)
    date = dt.date(2021, 3, 1)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 2.0:
        for m in MENTIONS:
            r.resolve(m, date=date, context="Rockets hit a base near Baghdad, Iraqi officials said.")
            n += 1
    rate = n / (time.perf_counter() - t0)
    print(f"resolutions: {rate:,.0f}/s ({1e6 / rate:.0f} us each, with a context sentence)")
    if not args.no_pipeline:
        pipeline_share()
    return 0


def pipeline_share() -> None:
    """Time of the actor stage vs the whole pipeline on examples/*.txt."""
    from titfortat.model import Story
    from titfortat.nlp import pipeline

    nlp = pipeline.load()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    totals: dict[str, float] = {}
    for text in texts:
        doc = nlp.make_doc(text)
        doc._.tft_story = Story(id="b", text=text, date=dt.date(2025, 1, 1))
        for name, proc in nlp.pipeline:
            t = time.perf_counter()
            doc = proc(doc)
            totals[name] = totals.get(name, 0.0) + time.perf_counter() - t
    whole = sum(totals.values())
    actors = totals.get("titfortat_actors", 0.0)
    print(f"pipeline on {len(texts)} example stories: {whole:.2f} s total, actor stage "
          f"{actors:.3f} s ({100 * actors / whole:.1f}%)")


if __name__ == "__main__":
    sys.exit(main())
