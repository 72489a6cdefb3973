"""`titfortat code` as a user runs it: exit codes, stderr messages, stdout purity, stable ids."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = "Iraqi police arrested a militia commander in Baghdad on Sunday."


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "titfortat", *args], input=stdin,
                          capture_output=True, cwd=cwd, timeout=300)


def records(stdout: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines()]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with good stories and every kind of bad input named in the issue."""
    d = tmp_path_factory.mktemp("batch")
    (d / "good.txt").write_text(f"Title: Arrest\nDate: 2025-03-05\n\n{GOOD}\n", encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (d / "latin1.txt").write_bytes("Les manifestants ont défilé à Paris.".encode("latin-1"))
    (d / "huge.txt").write_text("Troops shelled the town. " * 420_000, encoding="utf-8")  # ~10 MB
    (d / "french.txt").write_text(
        "Date: 2025-03-05\n\nLe gouvernement a annoncé mardi une série de mesures pour la population "
        "et les syndicats ont appelé à une grève générale dans tout le pays.", encoding="utf-8")
    (d / "baddate.txt").write_text(f"Date: next Tuesday-ish\n\n{GOOD}\n", encoding="utf-8")
    lines = [
        json.dumps({"id": "j1", "date": "2025-03-05", "text": "Troops shelled the rebel town of Kidal."}),
        "{not json",
        json.dumps({"id": "j3", "date": "2025-03-05"}),
        json.dumps({"text": "Police detained four students."}),
        json.dumps({"id": "j5", "date": "2025-03-05", "text": "Protesters rallied outside parliament."}),
    ]
    (d / "stories.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def batch_run(batch: Path) -> subprocess.CompletedProcess[bytes]:
    return run("code", str(batch), "--format", "jsonl")


def test_bad_input_is_skipped_and_batch_goes_on(batch_run: subprocess.CompletedProcess[bytes]) -> None:
    assert batch_run.returncode == 1
    ids = {r["story_id"] for r in records(batch_run.stdout)}
    assert {"good", "j1", "j5"} <= ids


@pytest.mark.parametrize("where,message", [
    ("empty.txt:1", "empty story text"),
    ("binary.txt:1", "binary file"),
    ("latin1.txt:1", "invalid UTF-8"),
    ("huge.txt:1", "over the limit"),
    ("french.txt:1", "does not look like English"),
    ("baddate.txt:1", "is not a date"),
    ("stories.jsonl:2", "malformed JSON"),
    ("stories.jsonl:3", "missing required field 'text'"),
    ("stories.jsonl:4", "missing required field 'id'"),
])
def test_each_bad_input_is_reported_with_file_and_line(
        batch_run: subprocess.CompletedProcess[bytes], where: str, message: str) -> None:
    err = batch_run.stderr.decode()
    line = next((ln for ln in err.splitlines() if where in ln), "")
    assert "skipped" in line and message in line, err


def test_summary_line(batch_run: subprocess.CompletedProcess[bytes]) -> None:
    assert "coded 3 stories" in batch_run.stderr.decode()
    assert "9 skipped" in batch_run.stderr.decode()


def test_stdout_is_only_records(batch_run: subprocess.CompletedProcess[bytes]) -> None:
    for line in batch_run.stdout.decode().splitlines():
        rec = json.loads(line)
        assert {"id", "story_id", "event", "actor", "recipient", "text_info", "confidence"} <= set(rec)


def test_ids_are_deterministic(batch: Path) -> None:
    a = run("code", str(batch / "stories.jsonl"))
    b = run("code", str(batch / "stories.jsonl"))
    assert a.stdout == b.stdout and a.stdout
    ids = [r["id"] for r in records(a.stdout)]
    assert ids[0] == "j1-0" and len(ids) == len(set(ids))


def test_stdin_and_date_option() -> None:
    r = run("code", "-", "--date", "2025-03-05", stdin=GOOD.encode())
    assert r.returncode == 0, r.stderr
    (rec,) = records(r.stdout)
    assert rec["event"] == "COERCE" and rec["mode"] == "arrest"
    assert rec["date"] == "2025-03-02" and rec["date_text"] == "Sunday"
    assert rec["text_info"]["trigger_start"] == GOOD.index("arrested")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("code", str(tmp_path / "missing.txt")).returncode == 2
    r = run("code", "--date", "yesterday", str(tmp_path))
    assert r.returncode == 2 and b"not a date" in r.stderr


def test_no_date_warns_but_codes() -> None:
    r = run("code", "-", stdin=b"Troops shelled the rebel town on Sunday.")
    assert r.returncode == 0
    assert b"no publication date" in r.stderr
    (rec,) = records(r.stdout)
    assert rec["date"] is None


def test_table_format_is_for_people(batch: Path) -> None:
    r = run("code", str(batch / "good.txt"), "--format", "table")
    out = r.stdout.decode()
    assert "COERCE" in out and "Events by type" in out


def test_csv_format(batch: Path) -> None:
    r = run("code", str(batch / "good.txt"), "--format", "csv")
    lines = r.stdout.decode().splitlines()
    assert lines[0].startswith("id,story_id,date") and lines[1].startswith("good-0,good,2025-03-02")


def test_html_input(tmp_path: Path) -> None:
    page = ("<html><head><title>Raid</title><meta property='article:published_time' "
            "content='2025-03-05T10:00:00Z'></head><body><nav>Menu</nav><article><p>"
            f"{GOOD}</p></article></body></html>")
    (tmp_path / "story.html").write_text(page, encoding="utf-8")
    r = run("code", str(tmp_path / "story.html"))
    (rec,) = records(r.stdout)
    assert rec["story_id"] == "story" and rec["date"] == "2025-03-02"


def test_info_json() -> None:
    r = run("info", "--json")
    info = json.loads(r.stdout)
    assert info["model"]["version"].startswith("3.8")
    assert "titfortat_triggers" in info["pipeline"]
    assert any(f.startswith("triggers/") for f in info["data_files"])
