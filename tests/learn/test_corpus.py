"""Reading training files: ACLED export variants, correction files, and every bad file named
in the issue, each with a clear file:line message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.learn.conftest import SENTENCES, write_training_csv
from titfortat.learn.corpus import TrainingDataError, read_file

N_ROWS = sum(len(v) for v in SENTENCES.values())


def test_acled_export_reads_notes_and_sub_event_types(training_csv: Path) -> None:
    corpus = read_file(training_csv)
    assert corpus.kind == "acled"
    assert len(corpus.examples) == N_ROWS
    first = corpus.examples[0]
    assert first.label == "Peaceful protest"
    assert first.text.startswith("Teachers marched peacefully")
    assert first.origin == f"{training_csv}:2"
    assert first.group == "Atlantis"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_other_delimiters_and_export_variants_read_the_same(tmp_path: Path, delimiter: str) -> None:
    path = write_training_csv(tmp_path / "export.csv", delimiter=delimiter, date_style="text")
    corpus = read_file(path)
    assert [e.label for e in corpus.examples] == [e.label for e in read_file(
        write_training_csv(tmp_path / "plain.csv")).examples]


def test_labels_are_matched_ignoring_case_and_spaces(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("notes,sub_event_type\nPolice held a man.,  arrests \n", encoding="utf-8")
    assert read_file(p).examples[0].label == "Arrests"


def _bad(tmp_path: Path, content: bytes, name: str = "bad.csv") -> str:
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(TrainingDataError) as info:
        read_file(p)
    return str(info.value)


def test_missing_column_is_named(tmp_path: Path) -> None:
    msg = _bad(tmp_path, b"event_date,notes\n2024-01-01,Troops fought rebels.\n")
    assert "bad.csv:1: the header needs a `notes` (or `text`) column and a `sub_event_type` column" in msg


def test_label_outside_the_25_is_named_with_its_line(tmp_path: Path) -> None:
    msg = _bad(tmp_path, b"notes,sub_event_type\nTroops fought rebels.,Armed clash\nA man sang.,Singing\n")
    assert msg == f"{tmp_path / 'bad.csv'}:3: 'Singing' is not one of the 25 ACLED sub-event types"


def test_empty_notes_are_an_error(tmp_path: Path) -> None:
    msg = _bad(tmp_path, b"notes,sub_event_type\n  ,Armed clash\n")
    assert msg == f"{tmp_path / 'bad.csv'}:2: empty notes"


def test_event_type_must_match_the_sub_type(tmp_path: Path) -> None:
    msg = _bad(tmp_path, b"notes,event_type,sub_event_type\nPolice held a man.,Battles,Arrests\n")
    assert "sub-event type 'Arrests' belongs to 'Strategic developments', not 'Battles'" in msg


def test_other_encoding_is_an_error_with_a_hint(tmp_path: Path) -> None:
    content = "notes,sub_event_type\nLes gendarmes ont arrêté un homme.,Arrests\n".encode("latin-1")
    msg = _bad(tmp_path, content)
    assert msg == f"{tmp_path / 'bad.csv'}:2: not UTF-8 (byte 0xea); save the file as UTF-8 and train again"


def test_many_problems_are_summed_up(tmp_path: Path) -> None:
    rows = "".join(f"text {i},Nope\n" for i in range(8))
    msg = _bad(tmp_path, ("notes,sub_event_type\n" + rows).encode())
    assert msg.endswith("(and 3 more)")


def test_correction_csv_skips_rows_not_labelled(tmp_path: Path) -> None:
    p = tmp_path / "review.csv"
    p.write_text("id,text,acled_sub_event_type,sub_event_type\n"
                 "s1-0,Rebels overran the army post.,Armed clash,Non-state actor overtakes territory\n"
                 "s1-1,Police held a man.,Arrests,\n", encoding="utf-8")
    corpus = read_file(p)
    assert corpus.kind == "corrections"
    assert [(e.text, e.label) for e in corpus.examples] == [
        ("Rebels overran the army post.", "Non-state actor overtakes territory")]
    assert corpus.skipped == 1


def test_correction_jsonl(tmp_path: Path) -> None:
    p = tmp_path / "review.jsonl"
    p.write_text(json.dumps({"id": "a", "text": "Troops shelled the town.", "sub_event_type":
                             "Shelling/artillery/missile attack"}) + "\n"
                 + json.dumps({"id": "b", "text": "Police held a man.", "sub_event_type": ""}) + "\n"
                 + "{broken\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match=r"review.jsonl:3: not a JSON object"):
        read_file(p)
    p.write_text(p.read_text(encoding="utf-8").replace("{broken\n", ""), encoding="utf-8")
    corpus = read_file(p)
    assert [e.label for e in corpus.examples] == ["Shelling/artillery/missile attack"]

