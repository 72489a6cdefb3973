"""Two `titfortat ingest` processes into one SQLite file at once, then a third after one of
them was killed with SIGKILL: every story is stored once, and the database equals the one a
serial run gives (issue 16)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from titfortat.store import Store

from .conftest import ROOT, run_cli

pytestmark = pytest.mark.slow
PLACES = ("Basra", "Mosul", "Kirkuk", "Najaf", "Erbil", "Ramadi")
ENV = {"TITFORTAT_BATCH_SIZE": "1",  # one transaction per story: the writers interleave
       # a lock error was seen twice in session 5 and not reproduced since (see CHANGELOG); a
       # refusal without waiting is now retried, and the error reports the seconds waited. The
       # generous budget keeps a slow shared machine from failing; both must still finish
       "TITFORTAT_LOCK_TIMEOUT": "300"}


def _corpus(folder: Path, prefix: str, month: int, n: int) -> Path:
    """`n` stories; the two corpora lie months apart, so no report of one merges with the other's."""
    folder.mkdir()
    for i in range(n):
        text = (f"Date: 2024-{month:02d}-{1 + i % 27:02d}\n\n"
                f"Police arrested {i + 2} smugglers in {PLACES[i % len(PLACES)]} on Sunday. "
                f"Protesters marched to the governor's office in {PLACES[(i + 1) % len(PLACES)]} "
                "on Monday to demand jobs.\n")
        (folder / f"{prefix}{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def _start(folder: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "titfortat", "ingest", str(folder), "--db", str(db)],
                            cwd=ROOT, env={**os.environ, **ENV}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _stored(db: Path, prefix: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM stories WHERE id LIKE ?", (prefix + "%",))
                       .fetchone()[0])
    except sqlite3.Error:  # not created yet
        return 0


def _dump(db: Path) -> list[str]:
    with Store.open(str(db)) as store:
        return list(store.canonical_dump())


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    tmp = tmp_path_factory.mktemp("concurrent")
    a = _corpus(tmp / "a", "a", 1, 12)
    b = _corpus(tmp / "b", "b", 7, 30)
    serial = tmp / "serial.db"
    for folder in (a, b):
        done = run_cli("ingest", str(folder), "--db", str(serial), env=ENV)
        assert done.returncode == 0, done.stderr
    return a, b, _dump(serial)


def test_two_ingests_at_once_into_a_new_file(corpora: tuple[Path, Path, list[str]], tmp_path: Path) -> None:
    a, b, serial = corpora
    db = tmp_path / "both.db"
    procs = [_start(a, db), _start(b, db)]
    for p in procs:
        _out, err = p.communicate(timeout=900)
        assert p.returncode == 0 and "Traceback" not in err, err
    assert _dump(db) == serial


def test_a_third_ingest_after_kill_9_completes_the_database(corpora: tuple[Path, Path, list[str]],
                                                            tmp_path: Path) -> None:
    a, b, serial = corpora
    db = tmp_path / "killed.db"
    first, second = _start(a, db), _start(b, db)
    deadline = time.monotonic() + 600
    while _stored(db, "b") < 3 and second.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert second.poll() is None, "the second ingest finished before it could be killed"
    second.send_signal(signal.SIGKILL)
    second.communicate()
    assert second.returncode == -signal.SIGKILL
    stored = _stored(db, "b")
    _out, err = first.communicate(timeout=900)
    assert first.returncode == 0 and "Traceback" not in err, err
    assert 3 <= stored < 30
    third = run_cli("ingest", str(b), "--db", str(db), env=ENV)
    assert third.returncode == 0, third.stderr
    assert _dump(db) == serial
