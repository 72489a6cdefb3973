"""`titfortat review`: the least sure records out, corrected labels back into training."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from titfortat.learn.corpus import read_file

STORIES = [
    {"id": "a", "date": "2024-03-05", "text": "Soldiers fought rebels near the bridge on Sunday."},
    {"id": "b", "date": "2024-03-05", "text": "Police arrested a former minister in the capital on Monday."},
    {"id": "c", "date": "2024-03-05", "text": "Teachers marched through the town demanding their salaries."},
]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "titfortat", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


@pytest.fixture(scope="module")
def events_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("review")
    stories = d / "stories.jsonl"
    stories.write_text("".join(json.dumps(s) + "\n" for s in STORIES), encoding="utf-8")
    result = run("code", str(stories), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    out = d / "events.jsonl"
    out.write_text(result.stdout + "{not an event\n", encoding="utf-8")
    return out


def test_review_lists_least_sure_first_with_an_empty_label_column(events_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.csv"
    result = run("review", "--events", str(events_file), "--limit", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    bad_line = len(events_file.read_text(encoding="utf-8").splitlines())
    assert f"{events_file}:{bad_line}: not an event record" in result.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    events = [json.loads(line) for line in events_file.read_text(encoding="utf-8").splitlines()[:-1]]
    expected = sorted(events, key=lambda e: (e["confidence"], e["id"]))[:2]
    assert [r["id"] for r in rows] == [e["id"] for e in expected]
    assert [r["text"] for r in rows] == [e["text"] for e in expected]
    assert all(r["sub_event_type"] == "" for r in rows)
    assert rows[0]["event"] == expected[0]["event"]


def test_corrected_review_file_trains(events_file: Path, tmp_path: Path, training_csv: Path) -> None:
    review = tmp_path / "review.jsonl"
    assert run("review", "--events", str(events_file), "--out", str(review)).returncode == 0
    rows = [json.loads(line) for line in review.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(events_file.read_text(encoding="utf-8").splitlines()) - 1
    rows[0]["sub_event_type"] = "Other"  # the analyst's fix; the other rows stay unreviewed
    review.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = read_file(review)
    assert [(e.text, e.label) for e in corpus.examples] == [(rows[0]["text"], "Other")]
    assert corpus.skipped == len(rows) - 1
    out = tmp_path / "model"
    result = run("train", str(training_csv), str(review), "--out", str(out))
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources"][1] == {"path": str(review), "kind": "corrections", "rows": 1,
                                           "skipped": len(rows) - 1}
    assert manifest["labels"]["Other"] == 1


def test_review_reads_the_store(events_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    stories = tmp_path / "stories.jsonl"
    stories.write_text("".join(json.dumps(s) + "\n" for s in STORIES), encoding="utf-8")
    assert run("ingest", str(stories), "--db", str(db), "--quiet").returncode == 0
    result = run("review", "--db", str(db), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    from_file = [json.loads(line)["id"] for line in events_file.read_text(encoding="utf-8").splitlines()[:-1]]
    assert sorted(ids) == sorted(from_file)


def test_review_of_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = run("review", "--events", str(tmp_path / "none.jsonl"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"titfortat: error: {tmp_path / 'none.jsonl'}: cannot read")
    assert result.stderr.count("\n") == 1
