"""The analysis commands, run through titfortat.cli.main on a file of event records."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from titfortat import cli
from titfortat.analysis import LEVELS


@pytest.fixture
def events_file(tmp_path, sample) -> Path:
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(e.to_dict()) + "\n" for e in sample), encoding="utf-8")
    return path


@pytest.fixture
def run(monkeypatch, capsys):
    """Run the CLI with only the analysis commands registered; (status, stdout, stderr)."""
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("titfortat.cli.analysis",))

    def _run(*argv: str) -> tuple[int, str, str]:
        status = cli.main(list(argv))
        out, err = capsys.readouterr()
        return status, out, err

    return _run


def test_exchanges_most_active_prints_the_dated_chains(run, events_file):
    status, out, err = run("exchanges", "--most-active", "--events", str(events_file))
    assert status == 0, err
    assert out.startswith("Exchanges between IRQ:GOV and IRQ:PRM (level side, response window 30 days)")
    assert "Chain 1: 2024-03-03 to 2024-03-09" in out
    assert "Chain 2: 2024-10-12 to 2024-11-02" in out
    assert "concession under pressure" in out and "\x1b[" not in out
    assert out == run("exchanges", "--most-active", "--events", str(events_file))[1]   # deterministic


def test_exchanges_jsonl_and_csv(run, events_file):
    status, out, _ = run("exchanges", "IRQ:COP", "IRQ:PRM", "--events", str(events_file), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [(r["chain"], r["date"], r["event"], r["classification"]) for r in rows[:3]] == [
        (1, "2024-03-03", "COERCE", "opening act"), (1, "2024-03-05", "MOBILIZE", "escalation"),
        (1, "2024-03-09", "RETREAT", "concession under pressure")]
    status, out, _ = run("exchanges", "IRQ", "IRQ:PRM", "--events", str(events_file), "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 7 and table[6]["mode"] == "drone" and table[0]["lag_days"] == ""


def test_exchanges_needs_a_pair(run, events_file):
    status, _, err = run("exchanges", "--events", str(events_file))
    assert status == 2
    assert err == "titfortat: error: give two actors (for example IRQ:GOV IRQ:PRM) or --most-active\n"
    status, _, err = run("exchanges", "USA", "IRQ:PRM", "--events", str(events_file))
    assert status == 1 and err == "titfortat: error: no exchanges between USA:GOV and IRQ:PRM at level 'side'\n"


def test_dyads_and_series(run, events_file):
    status, out, _ = run("dyads", "--events", str(events_file), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0
    assert (rows[0]["source"], rows[0]["target"], rows[0]["events"]) == ("IRQ:PRM", "IRQ:GOV", "4")
    status, out, _ = run("dyads", "--events", str(events_file), "--level", "sector", "--series",
                         "--period", "month", "--format", "jsonl")
    first = json.loads(out.splitlines()[0])
    assert first["source"] == "IRN:GOV" and first["period"] == "2024-11-01"


def test_reciprocity_reports_rates_and_why_granger_was_not_run(run, events_file):
    status, out, _ = run("reciprocity", "IRQ:GOV", "IRQ:PRM", "--events", str(events_file), "--format", "jsonl")
    rows = {(r["source"], r["target"]): r for r in map(json.loads, out.splitlines())}
    assert status == 0
    assert rows[("IRQ:PRM", "IRQ:GOV")]["rate"] == 0.75
    assert rows[("IRQ:PRM", "IRQ:GOV")]["granger"] == (
        "not tested: IRQ:GOV->IRQ:PRM has events in only 3 of 36 weeks (2024-02-26 to 2024-10-28); "
        "a Granger test needs events in at least 8 weeks in each direction.")


def test_alerts_and_network(run, events_file, tmp_path):
    status, out, _ = run("alerts", "--events", str(events_file), "--format", "jsonl")
    assert status == 0
    assert all(json.loads(line)["kind"] in ("trend", "change point") for line in out.splitlines())
    status, out, _ = run("network", "--events", str(events_file), "--out", str(tmp_path / "g.json"),
                         "--format", "csv")
    assert status == 0 and out.splitlines()[0].startswith("node,community,events_out")
    assert json.loads((tmp_path / "g.json").read_text())["directed"] is True


def test_report_is_self_contained(run, events_file, tmp_path):
    out_file = tmp_path / "report.html"
    status, _, err = run("report", "--events", str(events_file), "--out", str(out_file))
    assert status == 0 and err == f"wrote {out_file}\n"
    page = out_file.read_text(encoding="utf-8")
    assert "<script src=" not in page and page.count("Plotly.newPlot") >= 3
    assert len(page) > 3_000_000                                 # plotly.js is inside
    assert "A Baghdad court released the commander on Saturday." in page
    assert "concession under pressure" in page and "IRQ:GOV ↔ IRQ:PRM" in page


def test_bad_events_file_names_the_line(run, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    status, _, err = run("dyads", "--events", str(bad))
    assert status == 1 and err.startswith(f"titfortat: error: {bad}:1: not an event record")


def test_level_choices_match_the_library(run):
    from titfortat.cli.analysis import register  # noqa: F401  (the choices are written there)

    parser = cli.build_parser()
    action = next(a for a in parser._subparsers._group_actions[0].choices["dyads"]._actions
                  if a.dest == "level")
    assert tuple(action.choices) == LEVELS


def test_every_command_is_documented():
    docs = (Path(__file__).parents[2] / "docs" / "analysis.md").read_text(encoding="utf-8")
    for command in ("dyads", "exchanges", "reciprocity", "alerts", "network", "report"):
        assert f"titfortat {command}" in docs
    for option in ("--level", "--window", "--most-active", "--events", "--db", "--format", "--min-events"):
        assert option in docs
