"""Reliability fixtures: the bad-input batch on disk, and a database per backend (SQLite
always, PostgreSQL when TITFORTAT_TEST_PG_URL is set, as in tests/store)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import BACKENDS, empty_db

from .rows import ROWS, Row

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """`titfortat ARGS` in a fresh process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "titfortat", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env={**os.environ, **(env or {})})


def write_row(folder: Path, row: Row) -> list[Path]:
    """The row's files under `folder`; returns the paths made unreadable (to restore later).
    "@name" makes a symbolic link to its content; "!name" takes every permission from name."""
    locked = []
    for name, data in row.files.items():
        if name.startswith("@"):
            (folder / name[1:]).symlink_to(data.decode())
        elif not name.startswith("!"):
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for name in row.files:
        if name.startswith("!"):
            path = folder / name[1:]
            path.chmod(0)
            locked.append(path)
    return locked


def row_dir(batch: Path, row: Row) -> Path:
    return batch / f"{ROWS.index(row):02d}-{row.name}"


@pytest.fixture(scope="session")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every row of the matrix, each in a folder of its own."""
    root = tmp_path_factory.mktemp("matrix")
    locked: list[Path] = []
    for row in ROWS:
        d = row_dir(root, row)
        d.mkdir()
        locked += write_row(d, row)
    yield root
    for path in locked:
        path.chmod(0o755)


@pytest.fixture(scope="session", params=BACKENDS)
def backend_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    return empty_db(request.param, tmp_path_factory.mktemp("db") / "matrix.db")
