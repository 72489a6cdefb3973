"""`titfortat train` as a user runs it: the folder and its manifest, held-back scores, bad
files that leave nothing behind, and model folders that are refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from titfortat.learn.classifier import ModelError, load_classifier


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "titfortat", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory, training_csv: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("cli") / "model"
    return out, run("train", str(training_csv), "--out", str(out), "--holdout", "0.25")


def test_train_writes_a_folder_with_its_manifest(trained: tuple[Path, subprocess.CompletedProcess[str]],
                                                  training_csv: Path) -> None:
    out, result = trained
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources"] == [{"path": str(training_csv), "kind": "acled", "rows": 32, "skipped": 0}]
    assert manifest["rows"] == {"total": 32, "fit": 24, "held_back": 8}
    assert manifest["labels"]["Armed clash"] == 3
    assert set(manifest["versions"]) >= {"scikit-learn", "spacy", "titfortat"}
    assert manifest["held_back_scores"]["rows"] == 8
    assert 0 <= manifest["held_back_scores"]["sub_event_type_weighted_f1"] <= 1


def test_train_shows_progress_and_ends_with_scores(trained: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    lines = trained[1].stderr.splitlines()
    assert "read " in lines[0] and "32 acled rows" in lines[0]
    assert "fitting on 24 rows, 8 labels; 8 held back for scoring" in lines[1]
    assert lines[-2].startswith("titfortat: held-back scores on 8 rows: sub-event type weighted F1 ")
    assert lines[-1].startswith(f"titfortat: wrote {trained[0]} (24 rows, 8 labels")


def test_trained_model_predicts_its_own_kind_of_sentence(model_dir: Path) -> None:
    clf = load_classifier(model_dir)
    (label, p), = clf.predict(["Unknown gunmen abducted a trader from his shop and asked for a ransom."])
    assert label == "Abduction/forced disappearance"
    assert 0 < p <= 1


@pytest.mark.parametrize("content,message", [
    (b"event_date,notes\n2024-01-01,Troops fought rebels.\n", "the header needs"),
    (b"notes,sub_event_type\nTroops fought rebels.,Fisticuffs\n", "'Fisticuffs' is not one of the 25"),
    (b"notes,sub_event_type\n,Armed clash\n", ":2: empty notes"),
    ("notes,sub_event_type\nLes gendarmes ont arrêté un homme.,Arrests\n".encode("latin-1"), "not UTF-8"),
])
def test_bad_file_gives_one_line_error_and_no_model(tmp_path: Path, training_csv: Path,
                                                    content: bytes, message: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    out = tmp_path / "model"
    result = run("train", str(training_csv), str(bad), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 2  # the progress line for the good file, then the error
    assert result.stderr.splitlines()[-1].startswith(f"titfortat: error: {bad}")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [bad]  # no model, no temporary folder


def test_failed_retraining_keeps_the_old_model(tmp_path: Path, model_dir: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("notes,sub_event_type\nx,Nope\n", encoding="utf-8")
    before = (model_dir / "manifest.json").read_bytes()
    assert run("train", str(bad), "--out", str(model_dir)).returncode == 1
    assert (model_dir / "manifest.json").read_bytes() == before


def test_out_that_is_not_a_model_folder_is_refused(tmp_path: Path, training_csv: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("train", str(training_csv), "--out", str(tmp_path))
    assert result.returncode == 2
    assert f"titfortat: error: {tmp_path} exists and is not a classifier folder" in result.stderr


def _copy(src: Path, dst: Path) -> Path:
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def test_model_from_another_library_version_is_refused(tmp_path: Path, model_dir: Path) -> None:
    folder = _copy(model_dir, tmp_path / "old")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["versions"]["spacy"] = "3.1.0"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError, match=r"trained with spacy 3\.1\.0, this installation has 3\.8\.\d+; "
                                         r"train the classifier again"):
        load_classifier(folder)


@pytest.mark.parametrize("damage,message", [
    (lambda f: (f / "model.pkl").write_bytes((f / "model.pkl").read_bytes()[:-100]), "does not match its checksum"),
    (lambda f: (f / "model.pkl").unlink(), "corrupt classifier folder (no model.pkl)"),
    (lambda f: (f / "manifest.json").write_text("{oops", encoding="utf-8"), "manifest.json is not valid JSON"),
    (lambda f: (f / "manifest.json").unlink(), "not a titfortat classifier folder (no manifest.json)"),
])
def test_corrupt_folder_is_refused(tmp_path: Path, model_dir: Path, damage: object, message: str) -> None:
    folder = _copy(model_dir, tmp_path / "m")
    damage(folder)  # type: ignore[operator]
    with pytest.raises(ModelError) as info:
        load_classifier(folder)
    assert message in str(info.value)


def test_code_refuses_a_corrupt_classifier_before_coding(tmp_path: Path, model_dir: Path) -> None:
    folder = _copy(model_dir, tmp_path / "m")
    (folder / "model.pkl").write_bytes(b"garbage")
    story = tmp_path / "s.txt"
    story.write_text("Soldiers fought rebels near the bridge.", encoding="utf-8")
    result = run("code", str(story), "--classifier", str(folder))
    assert result.returncode == 1
    assert result.stderr == f"titfortat: error: {folder}: corrupt classifier folder (model.pkl does not match its checksum)\n"
    assert result.stdout == ""


def test_workers_share_the_classifier(tmp_path: Path, model_dir: Path) -> None:
    stories = tmp_path / "s.jsonl"
    stories.write_text("".join(json.dumps({"id": f"s{i}", "date": "2024-03-05", "text": t}) + "\n" for i, t in enumerate([
        "Gunmen abducted two traders from the market on Monday.",
        "Police arrested a former minister in the capital on Tuesday.",
        "Soldiers fought rebels near the bridge on Sunday.",
    ])), encoding="utf-8")
    one = run("code", str(stories), "--classifier", str(model_dir), "--workers", "1")
    two = run("code", str(stories), "--classifier", str(model_dir), "--workers", "2")
    assert one.returncode == two.returncode == 0, two.stderr
    assert one.stdout == two.stdout
