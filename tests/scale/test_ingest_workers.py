"""`ingest --workers N`: the same database as one process, on SQLite and PostgreSQL, and
after `kill -9` of a parallel ingest a rerun ends with that database and no worker left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from titfortat.cli import main
from titfortat.store import Store

from ..store.conftest import PG_ENV, _fresh_pg
from .conftest import ROOT, dump, write_corpus


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two_dbs(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """Two empty databases of one backend (on PostgreSQL: one, emptied between runs)."""
    if request.param == "sqlite":
        return str(tmp_path / "one.db"), str(tmp_path / "two.db")
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (run under .ci/postgres.sh)")
    return _fresh_pg(url), url


def test_two_workers_store_what_one_process_stores(two_dbs: tuple[str, str], corpus: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    one, two = two_dbs
    monkeypatch.setenv("TITFORTAT_BATCH_SIZE", "4")
    assert main(["ingest", str(corpus), "--db", one, "--workers", "1", "--quiet"]) == 1  # one bad line
    expected = dump(one)
    if one == two:
        _fresh_pg(two)
    assert main(["ingest", str(corpus), "--db", two, "--workers", "2", "--quiet"]) == 1
    assert dump(two) == expected
    assert main(["ingest", str(corpus), "--db", two, "--workers", "2", "--quiet"]) == 1  # idempotent
    assert dump(two) == expected


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _events(url: str) -> int:
    try:
        with Store.open(url) as s:
            return s.count_events(clusters=False)
    except Exception:  # noqa: BLE001 - the ingest may be creating the schema right now
        return 0


@pytest.mark.slow
def test_parallel_ingest_killed_and_rerun_gives_the_same_database(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "big.jsonl", 8)
    whole, killed = str(tmp_path / "whole.db"), str(tmp_path / "killed.db")
    env = {**os.environ, "TITFORTAT_BATCH_SIZE": "4"}
    args = [sys.executable, "-m", "titfortat", "ingest", str(corpus), "--workers", "2", "--quiet"]
    done = subprocess.run([*args, "--db", whole], cwd=ROOT, env=env, capture_output=True, timeout=600)
    assert done.returncode == 1, done.stderr.decode()[-2000:]
    expected = dump(whole)
    total = _events(whole)

    proc = subprocess.Popen([*args, "--db", killed], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 600
        while proc.poll() is None and time.monotonic() < deadline:
            workers |= set(_children(proc.pid))
            if _events(killed) >= total // 3:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the ingest finished before it could be killed: use a larger corpus"
        assert len(workers) >= 2
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert _events(killed) < total
    gone = time.monotonic() + 60
    while any(_alive(w) for w in workers) and time.monotonic() < gone:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "workers outlived the killed ingest"

    rerun = subprocess.run([*args, "--db", killed], cwd=ROOT, env=env, capture_output=True, timeout=600)
    assert rerun.returncode == 1, rerun.stderr.decode()[-2000:]
    assert dump(killed) == expected
