"""The dictionary files, their schema checks, user overrides and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from titfortat.actors import ActorResolver, dictionary
from titfortat.actors.schema import parse_office
from titfortat.actors.validate import validate
from titfortat.cli import main
from titfortat.errors import DataFileError


def test_shipped_dictionary_size_and_validity() -> None:
    d = dictionary.load()
    people = [e for e in d.entries.values() if e.is_person]
    assert len(d.entries) >= 600
    assert len(people) >= 400
    assert all(e.country for e in d.entries.values())
    report = validate(dictionary.load().files)
    assert report.ok, report.errors
    assert not report.warnings, report.warnings


def test_office_string_form() -> None:
    o = parse_office("army chief [MIL] @PAK: 2016-11-29..2022-11-29", ("f", 1), frozenset({"PAK"}))
    assert (o.title, o.sector, o.code) == ("army chief", "MIL", "PAK")
    assert o.covers(dt.date(2020, 1, 1)) and not o.covers(dt.date(2022, 11, 29))


BAD = """actors:
  - {id: x:1, name: Good Group, country: IRQ, sector: PRM}
  - {id: x:2, name: Bad Group, country: IRQ, sector: XYZ}
"""


def test_bad_sector_reports_file_and_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(BAD, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"bad\.yaml:3: unknown sector 'XYZ'"):
        dictionary.read_entries(f, frozenset({"IRQ"}))


def test_common_word_must_be_a_word_of_its_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "countries.yaml"
    table.write_text("# a table\nTCD: {names: [Chad], adj: [Chadian], common: [Chadd]}\n", encoding="utf-8")
    real = dictionary.data_path
    monkeypatch.setattr(dictionary, "data_path",
                        lambda *parts: table if parts[-1] == "countries.yaml" else real(*parts))
    with pytest.raises(DataFileError, match=r"countries\.yaml:2: common word 'Chadd' is not one of the row's"):
        dictionary.build()


def test_common_country_words_need_a_capital() -> None:
    d = dictionary.load()
    case = {t.value: (t.any_case, t.common) for key in (("turkey",), ("tunisian",), ("poles",))
            for t in d.index.folded[key] if t.kind == "country"}
    assert case == {"TUR": (False, True), "TUN": (True, False), "POL": (False, True)}


def test_validate_cli_exit_status_and_duplicates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["actors", "validate", str(bad)]) == 1
    assert f"{bad}:3: unknown sector 'XYZ'" in capsys.readouterr().err
    dup = tmp_path / "dup.yaml"
    dup.write_text("actors:\n  - {id: x:hz, name: Hizbullah Local, country: LBN, sector: PRM,"
                   " aliases: [Hezbollah]}\n  - {id: x:c, name: Bad Code, country: ZZZ, sector: GOV}\n",
                   encoding="utf-8")
    assert main(["actors", "validate", str(dup)]) == 1
    err = capsys.readouterr().err
    assert f"{dup}:3: unknown country code 'ZZZ'" in err
    good = tmp_path / "good.yaml"
    good.write_text("actors:\n  - {id: x:hz, name: Hizbullah Local, country: LBN, sector: PRM,"
                    " aliases: [Hezbollah]}\n", encoding="utf-8")
    assert main(["actors", "validate", str(good)]) == 0
    assert "duplicate alias 'hezbollah'" in capsys.readouterr().err
    assert main(["actors", "validate", "--strict", str(good)]) == 1


def test_user_file_overrides_shipped_alias(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text("actors:\n  - {id: x:hz, name: Hezbollah, country: LBN, sector: REB}\n", encoding="utf-8")
    ent = ActorResolver.load([str(f)]).resolve("Hezbollah").entities[0]
    assert (ent.code, ent.sector, ent.identifier_id) == ("LBN", "REB", "x:hz")
    assert ActorResolver.load().resolve("Hezbollah").entities[0].identifier_id == "Q41053"


def test_resolve_cli_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actors", "resolve", "Iran-backed militias", "--context",
                 "Rockets hit a base in Iraq.", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["entities"] == [{"entity_text": "Iran-backed militias", "code": "IRQ", "sector": "PRM",
                                "identifier_id": None, "identifier_text": None,
                                "attributes": {"backer": "IRN"}}]
    assert "story country IRQ" in out["reason"]
    assert main(["actors", "resolve", "Kadhimi", "--date", "2023-05-01"]) == 0
    text = capsys.readouterr().out
    assert "code=IRQ sector=ELI  tft:irq-kadhimi (Mustafa al-Kadhimi)" in text
    assert "reason:" in text
    assert main(["actors", "resolve", "x", "--date", "May 2023"]) == 2


def test_acled_class_of_an_entry_is_read_and_checked(tmp_path: Path) -> None:
    f = tmp_path / "groups.yaml"
    f.write_text("actors:\n  - {id: x:a, name: Alpha Brigade, country: CAF, sector: REB, acled: 3}\n"
                 "  - {id: x:b, name: Beta Front, country: CAF, sector: REB}\n", encoding="utf-8")
    entries = {e.id: e for e in dictionary.read_entries(f, frozenset({"CAF"}))}
    assert (entries["x:a"].acled, entries["x:b"].acled) == (3, None)
    f.write_text("actors:\n  - {id: x:a, name: Alpha Brigade, country: CAF, sector: REB}\n"
                 "  - {id: x:c, name: Gamma Front, country: CAF, sector: REB, acled: 9}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"groups\.yaml:3: acled must be ACLED's actor class 1-8"):
        dictionary.read_entries(f, frozenset({"CAF"}))
