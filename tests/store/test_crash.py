"""Crash safety: a real ingest process killed with SIGKILL and started again ends with
exactly the database an uninterrupted run gives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from titfortat.store import Store

from .conftest import PG_ENV, _fresh_pg

ROOT = Path(__file__).resolve().parents[2]
N = 1500


def _start(url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.store.crash_worker", url, str(N)], cwd=ROOT,
                            env=env, stderr=subprocess.PIPE)


def _count(url: str) -> int:
    with Store.open(url) as s:
        return s.count_events(clusters=False)


def _dump(url: str) -> list[str]:
    with Store.open(url) as s:
        return list(s.canonical_dump())


def _kill_when(url: str, proc: subprocess.Popen[bytes], at_least: int) -> bool:
    """SIGKILL the worker once the store holds `at_least` events; False if it finished first."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            if _count(url) >= at_least:
                break
        except Exception:  # noqa: BLE001 - the worker may be creating the schema right now
            pass
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return True


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two_urls(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str, str]:
    if request.param == "sqlite":
        return str(tmp_path / "whole.db"), str(tmp_path / "killed.db"), "sqlite"
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (run under .ci/postgres.sh)")
    return url, url, "postgresql"


def test_killed_and_restarted_ingest_equals_uninterrupted(two_urls: tuple[str, str, str]) -> None:
    whole, killed, backend = two_urls
    if backend == "postgresql":
        _fresh_pg(whole)
    run = _start(whole)
    assert run.wait(timeout=300) == 0, run.stderr.read() if run.stderr else ""
    expected = _dump(whole)
    total = _count(whole)
    if backend == "postgresql":
        _fresh_pg(killed)
    kills = 0
    for fraction in (0.0, 0.15, 0.4, 0.7, 0.9):
        proc = _start(killed)
        kills += _kill_when(killed, proc, max(1, int(total * fraction)))
    assert kills >= 3, "the worker finished before it could be killed; raise N"
    final = _start(killed)
    assert final.wait(timeout=300) == 0, final.stderr.read() if final.stderr else ""
    assert _dump(killed) == expected
    # and once more: a complete re-run changes nothing
    again = _start(killed)
    assert again.wait(timeout=300) == 0
    assert _dump(killed) == expected
