"""The bad-input matrix (rows.py) through `titfortat code` and `titfortat ingest`.

One run of each command codes the whole batch; every row then checks its own part of the
outcome: the run's exit status, one `titfortat: ...` line naming file and line for each
skipped item or warning, no traceback, and every good story of the row coded or stored.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from titfortat.store import Store

from .conftest import row_dir, run_cli
from .rows import BATCH_DATE, ROWS, Row

pytestmark = pytest.mark.slow
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass
class Outcome:
    """What one run left behind: its process, the story ids and skipped origins it kept."""

    proc: subprocess.CompletedProcess[str]
    stories: set[str]
    skipped: dict[str, str]  # origin -> reason (ingest: from the database)
    first_dates: dict[str, str]  # story id -> date of its first event


@pytest.fixture(scope="module")
def code_run(batch: Path) -> Outcome:
    proc = run_cli("code", str(batch), "--date", BATCH_DATE, "--format", "jsonl")
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    dates: dict[str, str] = {}
    for r in records:
        dates.setdefault(r["story_id"], r["date"])
    return Outcome(proc, {r["story_id"] for r in records}, {}, dates)


@pytest.fixture(scope="module")
def ingest_run(batch: Path, backend_url: str) -> Outcome:
    proc = run_cli("ingest", str(batch), "--db", backend_url, "--date", BATCH_DATE)
    with Store.open(backend_url) as store:
        stories = set(store.stories_frame()["id"])
        skipped = {r["origin"]: r["reason"] for r in store.skipped()}
        dates: dict[str, str] = {}
        for e in store.iter_events(clusters=False):
            dates.setdefault(e.story_id, e.date.isoformat() if e.date else "")
    return Outcome(proc, stories, skipped, dates)


def _origin(batch: Path, row: Row, where: str) -> str:
    return f"{row_dir(batch, row)}/{where}"


def _check(row: Row, batch: Path, out: Outcome, *, stored: bool) -> None:
    if row.needs_non_root and IS_ROOT:
        pytest.skip("root reads every file: no permission error to report")
    err = out.proc.stderr.splitlines()
    assert "Traceback" not in out.proc.stderr
    assert out.proc.returncode == 1, out.proc.stderr[-2000:]  # the batch has skipped items
    folder = str(row_dir(batch, row))
    mine = [line for line in err if folder + "/" in line or line.endswith(folder) or f"{folder}:" in line]
    assert all(line.startswith("titfortat: ") for line in mine), mine
    for where, reason in row.skipped.items():
        origin = _origin(batch, row, where)
        expected = reason.replace("{dir}", folder)
        assert any(line.startswith(f"titfortat: skipped {origin}: ") and expected in line for line in err), \
            (origin, expected, mine)
        if stored:
            assert expected in out.skipped.get(origin, ""), (origin, out.skipped.get(origin))
    for where, words in row.warned.items():
        origin = _origin(batch, row, where)
        assert any(line.startswith(f"titfortat: warning: {origin}: ") and words in line for line in err), mine
    skipped_lines = [line for line in mine if line.startswith("titfortat: skipped ")]
    assert len(skipped_lines) == len(row.skipped), skipped_lines
    missing = set(row.good) - out.stories
    assert not missing, f"good stories lost: {missing}"
    for sid, day in row.dates.items():
        assert out.first_dates.get(sid) == day, (sid, out.first_dates.get(sid))


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_code(row: Row, batch: Path, code_run: Outcome) -> None:
    _check(row, batch, code_run, stored=False)


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_ingest(row: Row, batch: Path, ingest_run: Outcome) -> None:
    _check(row, batch, ingest_run, stored=True)


def test_the_matrix_is_large_and_its_story_ids_distinct() -> None:
    assert len(ROWS) >= 40
    ids = [sid for r in ROWS for sid in r.good]
    assert len(ids) == len(set(ids))


def test_code_prints_nothing_but_records_on_stdout(code_run: Outcome) -> None:
    for line in code_run.proc.stdout.splitlines():
        assert json.loads(line)["id"]
    summary = code_run.proc.stderr.splitlines()[-1]
    assert summary.startswith("titfortat: coded ") and " skipped " in summary


def test_ingest_again_changes_nothing(batch: Path, backend_url: str, ingest_run: Outcome) -> None:
    """A second run over the same bad batch: same stories, same skipped items, nothing coded."""
    with Store.open(backend_url) as store:
        before = list(store.canonical_dump())
    again = run_cli("ingest", str(batch), "--db", backend_url, "--date", BATCH_DATE)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert again.stderr.splitlines()[-1].startswith(f"ingested {len(ingest_run.stories)} stories, 0 events")
    with Store.open(backend_url) as store:
        assert list(store.canonical_dump()) == before
