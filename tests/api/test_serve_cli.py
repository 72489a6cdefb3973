"""`titfortat serve` refuses what it cannot serve before it starts listening."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_serve(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TITFORTAT_API_TOKEN"}
    return subprocess.run([sys.executable, "-m", "titfortat", "serve", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_read_only_serve_refuses_a_mistyped_db_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "titfortta.db"
    done = run_serve("--db", str(missing), "--port", "1")
    assert done.returncode == 1
    assert f"titfortat: error: no database at {missing}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not missing.exists()


def test_bad_port_is_a_usage_error(tmp_path: Path) -> None:
    done = run_serve("--db", str(tmp_path / "x.db"), "--port", "70000")
    assert done.returncode == 2
    assert "bad --port 70000" in done.stderr


def test_bad_workers_is_a_usage_error(tmp_path: Path) -> None:
    done = run_serve("--db", str(tmp_path / "x.db"), "--workers", "-1")
    assert done.returncode == 2
    assert "bad --workers -1" in done.stderr
    assert "Traceback" not in done.stderr


def test_several_processes_refuse_a_mistyped_db_before_forking(tmp_path: Path) -> None:
    missing = tmp_path / "titfortta.db"
    done = run_serve("--db", str(missing), "--port", "1", "--workers", "2")
    assert done.returncode == 1
    assert f"titfortat: error: no database at {missing}" in done.stderr
    assert not missing.exists()
