"""Exports and the store commands (ingest, events, export, skipped) through the real CLI main."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import titfortat.cli as cli
from titfortat.store import Filters, Store
from titfortat.store.export import ACLED_COLUMNS, PHOENIX_COLUMNS, export

from .factory import make_event, result


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """titfortat main with only the store commands registered (others are optional here)."""
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("titfortat.cli.store",))
    return cli.main(argv)


@pytest.fixture
def filled(store: Store) -> Store:
    store.ingest([
        result("r1", [make_event("r1", cameo_code="0231", acled_event_type=None, event="REQUEST")],
               source="Reuters"),
        result("r2", [make_event("r2", confidence=0.9)], source="Reuters"),
        result("a1", [make_event("a1")], source="AP"),
    ])
    return store


def test_plover_jsonl_is_the_record(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.jsonl"
    assert export(filled, "plover-jsonl", out, Filters(clusters=False)) == 3
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records[0] == make_event("a1").to_dict()


def test_phoenix_tsv_has_26_columns_and_string_codes(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.tsv"
    assert export(filled, "phoenix-tsv", out, Filters(clusters=True)) == 2
    rows = list(csv.DictReader(out.open(), delimiter="\t"))
    assert len(PHOENIX_COLUMNS) == 26 and list(rows[0]) == list(PHOENIX_COLUMNS)
    request = next(r for r in rows if r["EventID"] == "r1-0")
    assert (request["EventCode"], request["EventRootCode"], request["Date"]) == ("0231", "02", "20250211")
    assert (request["SourceActorFull"], request["TargetActorRole"]) == ("IRQMIL", "REB")
    assert request["URLs"] == "https://news.example/r1" and request["NewsSources"] == "Reuters"


def test_acled_csv_only_acled_events(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.csv"
    assert export(filled, "acled-csv", out, Filters(clusters=False)) == 2
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == list(ACLED_COLUMNS)
    assert {(r["event_type"], r["inter1"], r["inter2"], r["fatalities"], r["geo_precision"]) for r in rows} == {
        ("Battles", "1", "2", "2", "1")}


def test_parquet_columns_are_typed(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.parquet"
    assert export(filled, "parquet", out, Filters(clusters=False)) == 3
    table = pq.read_table(out)
    types = {f.name: str(f.type) for f in table.schema}
    assert types["date"] == "date32[day]" and types["context"] == "list<element: string>"
    assert types["quad_code"] == "int64" and types["confidence"] == "double"


def test_cli_events_export_skipped(filled: Store, db_url: str, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["events", "--db", db_url, "--format", "jsonl", "--type", "ASSAULT"], monkeypatch) == 0
    out, err = capsys.readouterr()
    assert [json.loads(x)["id"] for x in out.splitlines()] == ["a1-0", "r2-0"] and err == "2 events\n"
    assert run(["events", "--db", db_url, "--format", "csv", "--clusters"], monkeypatch) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith("id,story_id,event") and err == "2 clusters\n"
    target = tmp_path / "x.tsv"
    assert run(["export", "--db", db_url, "--format", "phoenix-tsv", "--out", str(target)], monkeypatch) == 0
    assert capsys.readouterr().err == f"exported 3 events to {target} (phoenix-tsv)\n"
    assert run(["events", "--db", db_url, "--actor", "IRQ:MILX:1"], monkeypatch) == 2
    assert "bad actor 'IRQ:MILX:1'" in capsys.readouterr().err
    assert run(["events", "--db", db_url, "--bbox", "1,2,3"], monkeypatch) == 2
    assert "bad --bbox '1,2,3'" in capsys.readouterr().err
    assert run(["skipped", "--db", db_url], monkeypatch) == 0
    assert capsys.readouterr().err == "0 skipped\n"


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.slow
def test_cli_ingest_codes_stores_and_is_idempotent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("titfortat.coding.triggers", reason="the coder is not in this tree yet")
    corpus = tmp_path / "in"
    corpus.mkdir()
    stories = sorted(EXAMPLES.glob("*.txt"))[:3]
    for f in stories:
        (corpus / f.name).write_bytes(f.read_bytes())
    (corpus / "bad.jsonl").write_text('{"id": "x", "text": "ok"}\n{not json}\n')
    db = str(tmp_path / "t.db")
    assert run(["ingest", str(corpus), "--db", db], monkeypatch) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"titfortat: skipped {corpus / 'bad.jsonl'}:2: malformed JSON: Expecting property name enclosed in double quotes " \
        "at column 2" in err
    with Store.open(db) as s:
        n_events = s.count_events(clusters=False)
        assert n_events > 0 and len(s.stories_frame()) == 4
        assert [r["origin"] for r in s.skipped()] == [f"{corpus / 'bad.jsonl'}:2"]
    assert err[-1] == f"ingested 4 stories, {n_events} events, 1 skipped"
    assert run(["ingest", str(corpus), "--db", db], monkeypatch) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "ingested 4 stories, 0 events, 1 skipped (4 unchanged)"


def test_phoenix_tsv_expands_compound_and_mutual_events(store: Store, tmp_path: Path) -> None:
    talks = make_event("t1", event="CONSULT", mode=None, cameo_code="040", goldstein=1.0,
                       actor=("USA", "GOV"), recipient=("LBN", "GOV"))
    store.ingest([result("t1", [talks])])
    out = tmp_path / "e.tsv"
    assert export(store, "phoenix-tsv", out, Filters(clusters=False)) == 1
    rows = list(csv.DictReader(out.open(), delimiter="\t"))
    assert [(r["EventID"], r["SourceActorFull"], r["TargetActorFull"], r["EventCode"]) for r in rows] == [
        ("t1-0.1", "USAGOV", "LBNGOV", "040"), ("t1-0.2", "LBNGOV", "USAGOV", "040")]


def test_acled_csv_uses_the_coded_actor_class(store: Store, tmp_path: Path) -> None:
    """The export writes the entity's own `acled_inter` (a PMF unit is state forces for ACLED,
    though its sector is PRM), and falls back to the sector for older records."""
    from titfortat.model import Entity

    pmf = Entity("PMF", "IRQ", "PRM", identifier_id="tft:grp-pmf", acled_inter=1)
    crowd = Entity("protesters", "IRQ", "CVL", acled_inter=6)
    store.ingest([result("x1", [make_event("x1", actor=("IRQ", "PRM"))]),
                  result("x2", [make_event("x2").__class__(**{**make_event("x2").__dict__, "actor": (pmf,),
                                                              "recipient": (crowd,)})])])
    out = tmp_path / "e.csv"
    export(store, "acled-csv", out, Filters(clusters=False))
    rows = {r["actor1"]: (r["inter1"], r["inter2"]) for r in csv.DictReader(out.open())}
    assert rows["PMF"] == ("1", "6")
    assert rows["IRQ PRM"] == ("3", "2")
