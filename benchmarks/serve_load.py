"""Serving under load (issue 14): `titfortat serve` over a 1,000,000-event SQLite store.

    nice -n 10 .venv/bin/python benchmarks/serve_load.py [--seconds 300] [--clients 20]

Starts a real server on a free loopback port (nothing leaves 127.0.0.1), measures `--alone`
event pages and pair views from one client (each request's own time), then runs bounded
phases with `--clients` concurrent keep-alive clients (threads):

1. event pages: /api/events with random filters (actor, type, month) and cursor follow-ups;
2. pair views: /api/exchanges and /api/dyads/series for random pairs of government sides;
3. a mixed load for `--seconds` (at most `--max-requests`): pages, event detail, pair views,
   map and timeline of a month, health, and bad requests that must get their 4xx; an error
   is a 5xx, a wrong status or a failed connection;

and reports p50/p95/max per phase, the server's CPU time per request and its memory summed
over its `--workers` processes (peak VmHWM, VmRSS and Pss), and the dashboard's
first view on the sample database in Chromium (navigation start to the dyad explorer drawn,
cold context, `--views` runs). Targets: pages p95 <= 150 ms, pair views p95 <= 300 ms,
0 errors, memory <= 500 MB, first view <= 1 s.

The 1M store is built once with `store_scale.synthetic` and cached (`--db`, default
~/.cache/titfortat/scale-1m-v2.db: schema version 2, with the event_pairs table; made from a
copy of the version-1 scale-1m.db when that exists, which other checkouts still read); the
sample store is `examples/` coded once (~/.cache/titfortat/sample-v2.db).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from store_scale import COUNTRIES, EVENTS_PER_STORY, synthetic  # noqa: E402
from titfortat.model import EVENT_TYPES  # noqa: E402
from titfortat.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path.home() / ".cache" / "titfortat"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
Request = tuple[str, int]  # path, expected status


def from_older(path: Path, older: Path) -> None:
    """Copy an older schema's store to `path` (opening the copy migrates it), leaving the
    older file as it is for the checkouts that still read it."""
    if path.exists() or not older.exists():
        return
    print(f"copying {older} to {path} and migrating the copy (once)", flush=True)
    part = path.with_suffix(".part")
    shutil.copyfile(older, part)
    part.rename(path)


def ensure_store(path: Path, n_events: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    from_older(path, path.with_name(path.name.replace("-v2", "")))
    with Store.open(str(path)) as store:
        have = store.count_events(clusters=False)
        if have == n_events - n_events % EVENTS_PER_STORY:
            return
        if have:
            raise SystemExit(f"{path} holds {have} events; remove it or pass another --db")
        print(f"building {n_events:,} synthetic events in {path} (once; minutes)", flush=True)
        store.ingest(synthetic(n_events), batch_size=2000)


def ensure_sample(path: Path) -> None:
    from_older(path, path.with_name(path.name.replace("-v2", "")))
    if path.exists():
        return
    from titfortat.api import code_stories, load
    from titfortat.ingest.readers import read_paths

    path.parent.mkdir(parents=True, exist_ok=True)
    nlp = load(actors=[str(ROOT / "examples" / "actors.yaml")])
    with Store.open(str(path)) as store:
        store.ingest(code_stories(read_paths([str(ROOT / "examples")]), nlp=nlp))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(db: Path, workers: int = 1) -> Iterator[tuple[int, int]]:
    """A `titfortat serve` process (with `workers - 1` forked copies) on loopback: (port, pid)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "titfortat", "serve", "--db", str(db), "--port", str(port),
                             "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"server did not start: {proc.stderr.read() if proc.stderr else ''}") from None
                time.sleep(0.2)
        yield port, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def processes(pid: int) -> list[int]:
    """The server process and the copies it forked (`--workers`)."""
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(c) for c in (task / "children").read_text().split()]
    return [pid, *children]


def cpu_seconds(pid: int) -> float:
    """The server processes' user + system CPU time so far (/proc/PID/stat, clock ticks)."""
    total = 0
    for p in processes(pid):
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _kb(path: Path, name: str) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(name):
            return int(line.split()[1])
    return 0


def memory_mb(pid: int) -> dict[str, float]:
    """Across the server processes, in MB: the sum of each one's peak resident size (VmHWM;
    pages shared by the forked processes count once in each), the sum of their resident
    sizes now (VmRSS), and their proportional set size now (Pss: a shared page counts for
    its share in each process, so the sum is the memory they take together)."""
    procs = processes(pid)
    return {name: sum(_kb(Path(f"/proc/{p}/{file}"), f"{field}:") for p in procs) / 1024
            for name, file, field in (("peak", "status", "VmHWM"), ("rss", "status", "VmRSS"),
                                      ("pss", "smaps_rollup", "Pss"))} | {"processes": float(len(procs))}


def run_phase(port: int, clients: int, make: Callable[[random.Random], list[Request]], max_requests: int,
              seconds: float, seed: int = 0) -> tuple[list[float], list[str], int]:
    """`clients` threads issue request groups from `make` until the budget is spent; thread i
    draws from random.Random(seed + i)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    issued = 0
    stop_at = time.monotonic() + seconds

    def worker(seed: int) -> None:
        nonlocal issued
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop_at:
            for path, expected in make(rng):
                with lock:
                    if issued >= max_requests:
                        return
                    issued += 1
                t = time.perf_counter()
                try:
                    conn.request("GET", path)
                    res = conn.getresponse()
                    body = res.read()
                    took = time.perf_counter() - t
                    status = res.status
                except OSError as exc:
                    with lock:
                        errors.append(f"{path}: {exc}")
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    continue
                with lock:
                    latencies.append(took)
                    if status != expected or status >= 500:
                        errors.append(f"{path}: {status} (expected {expected}) {body[:120]!r}")

    threads = [threading.Thread(target=worker, args=(seed + i,)) for i in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return latencies, errors, issued


def month(rng: random.Random) -> str:
    y, m = rng.randint(2020, 2024), rng.randint(1, 12)
    return f"since={y}-{m:02d}-01&until={y}-{m:02d}-28"


def page_requests(rng: random.Random, port: int) -> list[Request]:
    q = rng.choice([f"actor={rng.choice(COUNTRIES)}", f"type={rng.choice(EVENT_TYPES)}", month(rng),
                    f"actor={rng.choice(COUNTRIES)}&{month(rng)}", ""])
    first = f"/api/events?limit=50&{q}"
    out: list[Request] = [(first, 200)]
    if rng.random() < 0.5:  # follow the cursor once, as a reader paging on does
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", first)
        cursor = json.loads(conn.getresponse().read()).get("next_cursor")
        conn.close()
        if cursor:
            out = [(f"{first}&cursor={cursor}", 200)]
    return out


def pair_requests(rng: random.Random) -> list[Request]:
    a, b = rng.sample(COUNTRIES, 2)
    path = rng.choice(["/api/exchanges", "/api/dyads/series"])
    return [(f"{path}?a={a}:GOV&b={b}:GOV", 200)]


def mixed_requests(rng: random.Random, event_ids: list[str]) -> list[Request]:
    a, b = rng.sample(COUNTRIES, 2)
    choices: list[Request] = [
        (f"/api/events?limit=50&actor={rng.choice(COUNTRIES)}", 200),
        (f"/api/events?limit=100&type={rng.choice(EVENT_TYPES)}&{month(rng)}", 200),
        (f"/api/events/{rng.choice(event_ids)}", 200),
        (f"/api/exchanges?a={a}:GOV&b={b}:GOV", 200),
        (f"/api/dyads/series?a={a}:GOV&b={b}:GOV&period=month", 200),
        (f"/api/map?limit=500&{month(rng)}", 200),
        (f"/api/timeline?type={rng.choice(EVENT_TYPES)}&{month(rng)}", 200),
        ("/api/health", 200),
        ("/api/events?since=not-a-date", 400),
        ("/api/events?limit=100000", 422),
        ("/api/events/no-such-id", 404),
    ]
    return [rng.choice(choices)]


def report(name: str, latencies: list[float], target_ms: float | None, cpu: float, issued: int) -> None:
    """One phase's latencies, and the server's CPU time per request it served (which the
    machine's other load does not change, unlike the latencies)."""
    if not latencies:
        print(f"{name:<34} no requests")
        return
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    mark = "" if target_ms is None else (f"  PASS (<= {target_ms:.0f})" if p95 <= target_ms else f"  FAIL (> {target_ms:.0f})")
    print(f"{name:<34} n={len(ms):>6}  p50={statistics.median(ms):7.1f}  p95={p95:7.1f}  max={ms[-1]:7.1f} ms{mark}"
          f"  server CPU {cpu * 1000 / max(1, issued):.1f} ms/request")


def first_view(port: int, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            outside: list[str] = []
            page.on("request", lambda r, out=outside: out.append(r.url)
                    if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("main[aria-busy=false] svg circle.act", timeout=30_000)
            times.append(page.evaluate("performance.now()") / 1000)
            if outside:
                raise SystemExit(f"the dashboard requested non-loopback URLs: {outside}")
            context.close()
        browser.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=CACHE / "scale-1m-v2.db")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--sample-db", type=Path, default=CACHE / "sample-v2.db")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--phase-requests", type=int, default=2000, help="requests in each of phases 1 and 2")
    ap.add_argument("--seconds", type=float, default=300, help="length of the mixed load")
    ap.add_argument("--max-requests", type=int, default=200_000, help="bound on the mixed load's requests")
    ap.add_argument("--views", type=int, default=5, help="dashboard first-view runs")
    ap.add_argument("--workers", type=int, default=2, help="server processes (titfortat serve --workers)")
    ap.add_argument("--alone", type=int, default=100, help="requests of each kind from one client first (0: none)")
    args = ap.parse_args()

    ensure_store(args.db, args.events)
    ensure_sample(args.sample_db)
    with Store.open(str(args.db)) as store:
        rows, _ = store.page_events(store_filters(), 2000)
        event_ids = [r["id"] for r in rows]
    print(f"store: {args.db} ({args.db.stat().st_size / 1e6:.0f} MB); {args.clients} concurrent clients; "
          f"{os.cpu_count()} CPUs shared by server and clients; {args.workers} server processes; "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    with server(args.db, args.workers) as (port, pid):
        if args.alone:  # one client: each request's own time, without queueing
            for name, make in (("event pages, one client", lambda rng: page_requests(rng, port)),
                               ("pair views, one client", pair_requests)):
                before = cpu_seconds(pid)
                lat, errors, issued = run_phase(port, 1, make, args.alone, 3600, seed=1000)  # other pairs
                report(name, lat, None, cpu_seconds(pid) - before, issued)
        for name, make, target in (
                ("event pages", lambda rng: page_requests(rng, port), 150.0),
                ("pair views (exchanges, series)", pair_requests, 300.0)):
            before = cpu_seconds(pid)
            lat, errors, issued = run_phase(port, args.clients, make, args.phase_requests, 3600)
            report(name, lat, target, cpu_seconds(pid) - before, issued)
            for e in errors[:5]:
                print("   error:", e)
        before = cpu_seconds(pid)
        lat, errors, issued = run_phase(port, args.clients, lambda rng: mixed_requests(rng, event_ids),
                                        args.max_requests, args.seconds)
        report(f"mixed load, {args.seconds:.0f} s", lat, None, cpu_seconds(pid) - before, issued)
        print(f"{'errors in the mixed load':<34} {len(errors)} of {issued} requests  "
              f"{'PASS' if not errors else 'FAIL'} (target 0)")
        for e in errors[:10]:
            print("   error:", e)
        mem = memory_mb(pid)
        print(f"{'server memory, all processes':<34} peak {mem['peak']:.0f} MB (sum of VmHWM of "
              f"{mem['processes']:.0f} processes)  {'PASS' if mem['peak'] <= 500 else 'FAIL'} (<= 500); "
              f"now VmRSS sum {mem['rss']:.0f} MB, Pss sum {mem['pss']:.0f} MB")
        print(f"{'load average after the load':<34} {os.getloadavg()[0]:.1f} (other processes share the CPUs)")
        print(f"{'command':<34} {' '.join(sys.argv)}")
    if args.views:
        with server(args.sample_db, args.workers) as (port, _pid):
            times = first_view(port, args.views)
        print(f"{'dashboard first view (sample db)':<34} median {statistics.median(times) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms over {len(times)} cold loads  "
              f"{'PASS' if statistics.median(times) <= 1.0 else 'FAIL'} (<= 1000)")


def store_filters():  # type: ignore[no-untyped-def]
    from titfortat.store import Filters

    return Filters(clusters=True)


if __name__ == "__main__":
    main()
