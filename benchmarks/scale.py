"""Scale: stories/s and words/s of the bare parse, the coder on 1 and 2 workers and on Ray,
with peak memory per worker and the scaling efficiency (issue 15).

    .venv/bin/python benchmarks/scale.py [--stories 200] [--words 450] [--no-ray] [--no-prefilter]
                                         [--only long|sample] [--json OUT]
    .venv/bin/python benchmarks/scale.py --ingest 10000 [--pg postgresql://...]

Two corpora, built at run time in a temporary folder (never committed):
  long    `--stories` stories of about `--words` words, each made of consecutive `notes` of
          one country in ../shared/data/acled/acled_dev.csv
  sample  the stories of examples/, copied until there are `--stories` of them

The runs: bare parse with spaCy's defaults ("bare": the model's batch size, 256 stories),
bare parse in batches of 32 stories ("bare32": the coder's batch size, and the faster bare
parse on long stories: a quarter less CPU), 1 worker, 1 worker with the prefilter setting on (TITFORTAT_PREFILTER=1:
only sentences with an event word are parsed), 2 workers, Ray. Each run is a subprocess of
its own, so its memory is its own, and the pipeline load (or the Ray cluster start and the
actors' pipeline load) is left out of its time and shown apart ("load s"). The runs of one
corpus follow each other, and every figure is a ratio within this one run:
  1 worker / bare parse (target >= 1.0; against both bare runs, and with the prefilter), 2 workers / 1 worker (>= 1.7),
  Ray (local cluster, 2 actors) / 2 workers (>= 0.8), peak memory per worker (<= 800 MB).
On a machine shared with other work the ratios move from run to run: read them with the
load average printed above the table. The one-process runs also give their CPU time, and
the ratios "(cpu)" compare those, which other work on the machine disturbs far less.

`--ingest N` instead times `titfortat ingest --workers 2` of N stories (the sample stories
copied under new ids) into a new SQLite file, and into PostgreSQL with `--pg URL` (the
database is emptied first); the target is under 10 minutes, model load included.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import DEFAULT_DATA, PROJECT_ROOT, Verdicts, table, write_json

TARGETS = {"1w/bare": 1.0, "1w/bare32": 1.0, "prefilter/bare": 1.0, "2w/1w": 1.7, "ray/2w": 0.8}
RSS_MAX_MB = 800.0
INGEST_MAX_S = 600.0


def long_stories(data: Path, n: int, words: int) -> list[dict[str, Any]]:
    """Stories of about `words` words: consecutive ACLED notes of one country, in file order."""
    out: list[dict[str, Any]] = []
    open_by_country: dict[str, tuple[str, list[str]]] = {}
    with (data / "acled" / "acled_dev.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            country = row["country"]
            date, notes = open_by_country.setdefault(country, (row["event_date"], []))
            notes.append(row["notes"].strip())
            if sum(len(x.split()) for x in notes) >= words:
                out.append({"id": f"long{len(out):04d}", "date": date, "text": " ".join(notes)})
                del open_by_country[country]
                if len(out) >= n:
                    break
    return out


def sample_stories(n: int) -> list[dict[str, Any]]:
    from titfortat.ingest.readers import read_paths
    from titfortat.model import Story

    base = [s for s in read_paths([str(PROJECT_ROOT / "examples")]) if isinstance(s, Story)]
    out = []
    for i in range(n):
        s = base[i % len(base)]
        out.append({"id": f"{s.id}-{i // len(base)}", "title": s.title, "text": s.text,
                    "date": s.date.isoformat() if s.date else None})
    return out


def write_jsonl(path: Path, stories: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for s in stories:
            f.write(json.dumps(s) + "\n")
    return path


# One measured run, in its own process -------------------------------------------------

def _peak_mb(who: int) -> float:
    import resource

    return resource.getrusage(who).ru_maxrss / 1024.0  # KiB on Linux


def measure(kind: str, path: Path) -> dict[str, Any]:
    """Time one kind of run over the corpus at `path`; load time is not counted."""
    import resource

    from titfortat.ingest.readers import read_paths
    from titfortat.model import Story
    from titfortat.nlp import pipeline

    stories = [s for s in read_paths([str(path)]) if isinstance(s, Story)]
    words = sum(len(s.text.split()) for s in stories)
    worker_rss: list[float] = []
    loaded = time.perf_counter()
    if kind in ("bare", "bare32"):
        nlp = pipeline.load_base()
        nlp("Warm up the model.")
        load = time.perf_counter() - loaded
        # "bare": spaCy's defaults (the model's batch size, 256 for the small English model);
        # "bare32": the batch size the coder uses (TITFORTAT_BATCH_SIZE), the faster of the two
        options = {"batch_size": 32} if kind == "bare32" else {}
        start, cpu = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe((s.text for s in stories), **options):  # type: ignore[arg-type]
            pass
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    elif kind.startswith("workers"):
        from titfortat.parallel import code_parallel

        n = int(kind[len("workers"):])
        pipeline.load()
        load = time.perf_counter() - loaded
        start, cpu = time.perf_counter(), time.process_time()
        for _r in code_parallel(stories, workers=n):
            pass
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        if n > 1:
            worker_rss = [_peak_mb(resource.RUSAGE_CHILDREN)]  # the largest reaped worker
    elif kind == "ray":
        from titfortat.parallel.ray_coder import RayCoder, connect

        ray = connect("local", 2)
        coder = RayCoder(ray, workers=2)
        coder.ready()
        load = time.perf_counter() - loaded  # cluster start, and each actor loading its pipeline
        start, cpu = time.perf_counter(), time.process_time()
        for _r in coder.run(stories):
            pass
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        worker_rss = coder.peak_rss_mb()
        coder.close()
        ray.shutdown()
    else:
        raise SystemExit(f"unknown run {kind!r}")
    driver = _peak_mb(resource.RUSAGE_SELF)
    return {"kind": kind, "stories": len(stories), "words": words, "seconds": seconds, "cpu_seconds": cpu,
            "load_seconds": load,
            "driver_rss_mb": driver, "worker_rss_mb": max(worker_rss) if worker_rss else driver}


def _run_measure(kind: str, path: Path) -> dict[str, Any]:
    """One run in a subprocess; "prefilter" is the 1-worker run with the prefilter setting on."""
    env = {**os.environ, "TITFORTAT_PREFILTER": "1" if kind == "prefilter" else "0"}
    measured = "workers1" if kind == "prefilter" else kind
    cmd = [sys.executable, __file__, "--measure", measured, "--corpus", str(path)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT_ROOT, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["kind"] = kind
    return result


def compare(label: str, path: Path, kinds: list[str], verdicts: Verdicts) -> dict[str, Any]:
    runs = {k: _run_measure(k, path) for k in kinds}
    rows = []
    for k, r in runs.items():
        rows.append((k, r["stories"], r["words"], f"{r.get('load_seconds', 0):.1f}", f"{r['seconds']:.1f}",
                     f"{r['cpu_seconds']:.1f}",
                     f"{r['stories'] / r['seconds']:.2f}",
                     f"{r['words'] / r['seconds']:.0f}", f"{r['worker_rss_mb']:.0f}"))
    print(table(("run", "stories", "words", "load s", "s", "driver CPU s", "stories/s", "words/s", "peak MB/worker"), rows,
                title=f"\n{label}: {path.name}"))
    speed = {k: r["words"] / r["seconds"] for k, r in runs.items()}
    # one process: its CPU time, which other work on the machine disturbs less than wall time
    cpu = {k: r["words"] / r["cpu_seconds"] for k, r in runs.items() if k in ("bare", "bare32", "workers1", "prefilter")}
    ratios = {"1w/bare": speed["workers1"] / speed["bare"], "2w/1w": speed["workers2"] / speed["workers1"]}
    if "bare32" in speed:
        ratios["1w/bare32"] = speed["workers1"] / speed["bare32"]
        ratios["1w/bare32 (cpu)"] = cpu["workers1"] / cpu["bare32"]
    if "ray" in speed:
        ratios["ray/2w"] = speed["ray"] / speed["workers2"]
    ratios["1w/bare (cpu)"] = cpu["workers1"] / cpu["bare"]
    if "prefilter" in speed:
        ratios["prefilter/bare"] = speed["prefilter"] / speed["bare"]
        ratios["prefilter/1w"] = speed["prefilter"] / speed["workers1"]
        ratios["prefilter/bare (cpu)"] = cpu["prefilter"] / cpu["bare"]
        ratios["prefilter/1w (cpu)"] = cpu["prefilter"] / cpu["workers1"]
    ratios["efficiency(2w)"] = ratios["2w/1w"] / 2
    for name, value in ratios.items():
        if name in TARGETS:
            verdicts.check(f"{label} {name}", value, TARGETS[name], "issue 15")
    peak = max(r["worker_rss_mb"] for k, r in runs.items() if not k.startswith("bare"))
    verdicts.check(f"{label} peak MB per worker", peak, RSS_MAX_MB, "issue 15", higher_is_better=False)
    print("ratios: " + ", ".join(f"{k} = {v:.2f}" for k, v in ratios.items()))
    return {"runs": runs, "ratios": ratios}


def ingest(n: int, pg: str | None, folder: Path, verdicts: Verdicts) -> dict[str, Any]:
    corpus = write_jsonl(folder / "ingest.jsonl", sample_stories(n))
    targets = [("sqlite", str(folder / "ingest.db"))]
    if pg:
        targets.append(("postgresql", pg))
    out = {}
    for backend, url in targets:
        if backend == "postgresql":
            import sqlalchemy as sa

            from titfortat.store.store import engine_url

            engine = sa.create_engine(engine_url(url))
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
            engine.dispose()
        cmd = [sys.executable, "-m", "titfortat", "ingest", str(corpus), "--db", url, "--workers", "2"]
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT_ROOT)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"ingest into {backend} failed:\n{done.stderr[-3000:]}")
        print(f"ingest of {n} stories into {backend} with --workers 2: {seconds:.0f} s "
              f"({n / seconds:.1f} stories/s); {done.stderr.strip().splitlines()[-1]}")
        verdicts.check(f"ingest {n} stories, {backend} (s)", seconds, INGEST_MAX_S, "issue 15",
                       higher_is_better=False)
        out[backend] = seconds
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--stories", type=int, default=200)
    ap.add_argument("--words", type=int, default=450)
    ap.add_argument("--no-ray", action="store_true", help="leave out the Ray run")
    ap.add_argument("--no-prefilter", action="store_true",
                    help="leave out the 1-worker run with TITFORTAT_PREFILTER=1")
    ap.add_argument("--only", choices=("long", "sample"), help="one corpus only")
    ap.add_argument("--ingest", type=int, metavar="N", help="time ingest --workers 2 of N stories instead")
    ap.add_argument("--pg", metavar="URL", help="with --ingest: also into this PostgreSQL database (emptied!)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.corpus)))
        return 0

    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    verdicts = Verdicts()
    payload: dict[str, Any] = {"load_average": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="tft-scale-") as tmp:
        folder = Path(tmp)
        if args.ingest:
            payload["ingest"] = ingest(args.ingest, args.pg, folder, verdicts)
        else:
            kinds = (["bare", "bare32", "workers1"] + ([] if args.no_prefilter else ["prefilter"]) + ["workers2"]
                     + ([] if args.no_ray else ["ray"]))
            if args.only != "sample":
                long = write_jsonl(folder / "long.jsonl", long_stories(args.data, args.stories, args.words))
                payload["long"] = compare("long", long, kinds, verdicts)
            if args.only != "long":
                sample = write_jsonl(folder / "sample.jsonl", sample_stories(args.stories))
                payload["sample"] = compare("sample", sample, kinds, verdicts)
    print(f"load average {os.getloadavg()[0]:.2f} after the runs")
    print(table(("measure", "value", "target", "verdict"), verdicts.rows, title="\nTargets"))
    write_json(args.json, payload)
    return 1 if args.strict and verdicts.failed else 0


if __name__ == "__main__":
    sys.exit(main())
