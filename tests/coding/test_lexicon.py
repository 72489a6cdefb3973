"""The trigger lexicon and code tables: schema checks with file:line errors, derived scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from titfortat.coding.lexicon import load_cameo, load_lexicon, load_scores, load_trigger_file
from titfortat.errors import DataFileError
from titfortat.model import EVENT_TYPES


def test_every_event_type_has_triggers() -> None:
    lex = load_lexicon()
    assert {e.event for e in lex.entries} == set(EVENT_TYPES)
    assert len(lex.entries) >= 400


def test_scores_come_from_tables() -> None:
    lex = load_lexicon()
    drone = next(e for e in lex.nouns["strike"] if e.modifiers == ("drone",))
    assert (drone.event, drone.mode, drone.cameo) == ("ASSAULT", "drone", "195")
    assert drone.goldstein == -10.0 and drone.event_scale == -9.5 and drone.quad_code == 4
    release = lex.verbs["release"][0]
    assert (release.event, release.mode, release.quad_code) == ("RETREAT", "release", 2)


def test_cameo_codes_keep_leading_zeros() -> None:
    cameo = load_cameo()
    assert cameo["0841"].goldstein == 7.0
    assert cameo["042"].event == "CONSULT" and cameo["042"].mode == "visit"


def test_bad_entry_reports_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("event: ASSAULT\nentries:\n  - {pattern: smite, pos: verb, cameo: \"190\"}\n"
                 "  - {pattern: zap, pos: verb, cameo: \"999\"}\n")
    with pytest.raises(DataFileError, match=r"bad.yaml:4: unknown CAMEO code '999'"):
        load_trigger_file(f, load_cameo(), load_scores())


def test_unknown_field_is_rejected(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("event: ASSAULT\nentries:\n  - {pattern: smite, pos: verb, cameo: \"190\", colour: red}\n")
    with pytest.raises(DataFileError, match=r"bad.yaml:3: unknown field"):
        load_trigger_file(f, load_cameo(), load_scores())


def test_user_lexicon_extends(tmp_path: Path) -> None:
    f = tmp_path / "extra.yaml"
    f.write_text("event: ASSAULT\nentries:\n  - {pattern: smite, pos: verb, cameo: \"190\"}\n")
    lex = load_lexicon([f])
    assert lex.verbs["smite"][0].event == "ASSAULT"
