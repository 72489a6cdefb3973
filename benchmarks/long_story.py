"""Long stories: time and peak memory of one long story against the same text split into
stories of about 5,000 characters (issue 16: linear in length, at most 800 MB).

    .venv/bin/python benchmarks/long_story.py [--chars 490000] [--mode both|one|split]

Each measurement runs in a fresh interpreter (peak RSS is per process). The text is built
from sentences written for this benchmark, varied by number and place so that the coder
finds events, actors, dates and places all the way through.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

PLACES = ("Basra", "Mosul", "Kirkuk", "Najaf", "Erbil", "Ramadi", "Tikrit", "Karbala")
SENTENCES = (
    "Iraqi police arrested {n} suspected militants in {p} on Sunday, an interior ministry spokesman said.",
    "Protesters gathered outside the provincial council building in {p} to demand jobs and electricity.",
    "A roadside bomb struck an army patrol near {p} on Tuesday, killing {n} soldiers and wounding two others.",
    "The prime minister met tribal leaders from {p} and promised more funding for reconstruction.",
    "Gunmen attacked a checkpoint north of {p} late on Friday, and security forces returned fire.",
    "The governor of {p} accused the central government of neglecting the province for years.",
    "Two days later, the United Nations called on all sides to protect civilians in {p}.",
    "Officials said the talks would resume next week in Baghdad, according to a statement.",
)


def story_text(chars: int) -> str:
    """About `chars` characters of news prose, in paragraphs of four sentences."""
    parts: list[str] = []
    size = i = 0
    while size < chars:
        s = SENTENCES[i % len(SENTENCES)].format(n=2 + i % 9, p=PLACES[(i // 3) % len(PLACES)])
        parts.append(s + ("\n\n" if i % 4 == 3 else " "))
        size += len(parts[-1])
        i += 1
    return "".join(parts)[:chars].rsplit(" ", 1)[0] + "."


def measure(chars: int, split: int) -> dict[str, float]:
    """Code the text (one story, or stories of about `split` characters) in this process."""
    import datetime as dt

    from titfortat.api import code_stories, load
    from titfortat.model import Story

    nlp = load()
    text = story_text(chars)
    if split:
        paragraphs, chunks, cur = text.split("\n\n"), [], ""
        for p in paragraphs:
            cur = f"{cur}\n\n{p}" if cur else p
            if len(cur) >= split:
                chunks.append(cur)
                cur = ""
        chunks += [cur] if cur else []
    else:
        chunks = [text]
    stories = [Story(id=f"s{i}", text=c, date=dt.date(2024, 3, 5), origin=f"s{i}") for i, c in enumerate(chunks)]
    start = time.perf_counter()
    events = sum(len(r.events) for r in code_stories(stories, nlp=nlp))
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"chars": len(text), "stories": len(stories), "events": events, "seconds": seconds,
            "peak_mb": peak_mb}


def run(chars: int, split: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", str(chars), str(split)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=490_000)
    ap.add_argument("--mode", choices=("both", "one", "split"), default="both")
    ap.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(*args.child)))
        return 0
    rows = []
    if args.mode in ("both", "one"):
        rows.append(("one story", run(args.chars, 0)))
    if args.mode in ("both", "split"):
        rows.append(("split into stories", run(args.chars, 5000)))
    print(f"{'input':<20} {'chars':>8} {'stories':>8} {'events':>7} {'seconds':>8} {'peak MB':>8}")
    for name, r in rows:
        print(f"{name:<20} {r['chars']:>8,} {r['stories']:>8} {r['events']:>7} {r['seconds']:>8.1f} "
              f"{r['peak_mb']:>8.0f}")
    if len(rows) == 2:
        print(f"ratio one/split: {rows[0][1]['seconds'] / rows[1][1]['seconds']:.2f} (target <= 3)")
    print(f"command: {' '.join(sys.argv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
