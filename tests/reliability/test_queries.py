"""The query and analysis commands with bad arguments and bad files: each row runs one
command in this process and checks the exit status, the one-line message, and that no
traceback escapes (an uncaught exception fails the row)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from tests.store.factory import make_event, result
from titfortat import cli
from titfortat.store import Store

ROWS: list[tuple[str, str, int, str]] = [  # name, arguments, exit status, words of the last stderr line
    ("events-missing-db", "events --db {missing}", 1, "no database at {missing}"),
    ("export-missing-db", "export --db {missing} --format plover-jsonl --out {tmp}/x.jsonl", 1, "no database at"),
    ("skipped-missing-db", "skipped --db {missing}", 1, "no database at"),
    ("dyads-missing-db", "dyads --db {missing}", 1, "no database at"),
    ("exchanges-missing-db", "exchanges --most-active --db {missing}", 1, "no database at"),
    ("report-missing-db", "report --db {missing} --out {tmp}/r.html", 1, "no database at"),
    ("actor-three-parts", "events --db {db} --actor IRQ:GOV:X", 2, "bad actor 'IRQ:GOV:X'"),
    ("actor-four-letter-code", "events --db {db} --actor IRQQ", 2, "not three letters"),
    ("recipient-unknown-sector", "events --db {db} --recipient :XYZ", 2, "unknown sector 'XYZ'"),
    ("actor-only-colon", "events --db {db} --actor :", 2, "bad actor"),
    ("actor-sql-quote", "events --db {db} --actor IRQ';DROP", 2, "bad actor"),
    ("place-sql-quote", "events --db {db} --place x'_OR_'1'='1", 0, "0 events"),
    ("bbox-negative-without-equals", "events --db {db} --clusters --bbox -10,30,50,40", 0, "6 clusters"),
    ("bbox-negative-with-equals", "events --db {db} --clusters --bbox=-10,30,50,40", 0, "6 clusters"),
    ("bbox-longitude-out-of-range", "events --db {db} --bbox 170,0,190,10", 2, "longitudes go from -180"),
    ("bbox-latitude-out-of-range", "events --db {db} --bbox 0,-95,10,10", 2, "latitudes from -90"),
    ("bbox-west-of-east", "events --db {db} --bbox 50,30,-10,40", 2, "W <= E"),
    ("bbox-nan", "events --db {db} --bbox nan,0,1,1", 2, "finite"),
    ("bbox-three-numbers", "events --db {db} --bbox 1,2,3", 2, "use W,S,E,N"),
    ("since-year-one", "events --db {db} --since 0001-01-01", 2, "out of range"),
    ("until-not-a-date", "events --db {db} --until 2024-13-45", 2, "is not a date"),
    ("type-unknown", "events --db {db} --type FOO", 2, "unknown event type 'FOO'"),
    ("events-good", "events --db {db} --clusters", 0, "6 clusters"),
    ("dyads-events-binary", "dyads --events {binary}", 1, "{binary}:1: binary data"),
    ("dyads-events-latin-1", "dyads --events {latin1}", 1, "{latin1}:2: invalid UTF-8"),
    ("dyads-events-malformed", "dyads --events {malformed}", 1, "{malformed}:1: not an event record"),
    ("dyads-events-year-one", "dyads --events {yearone}", 1, "{yearone}:1: event date 0001-01-01 is out of range"),
    ("dyads-events-missing", "dyads --events {tmp}/nothing.jsonl", 2, "cannot read"),
    ("dyads-events-bom", "dyads --events {bom}", 0, ""),
    ("reciprocity-unknown-actors", "reciprocity XXA:GOV XXB:GOV --events {good}", 1, "no exchanges between"),
    ("exchanges-unknown-actors", "exchanges XXA:GOV XXB:GOV --events {good}", 1, "no exchanges between"),
    ("code-date-year-one", "code --date 0001-01-01 {tmp}", 2, "out of range"),
    ("ingest-date-9999", "ingest {tmp} --db {tmp}/new.db --date 9999-12-31", 2, "out of range"),
    ("code-missing-path", "code {tmp}/no-such-folder", 2, "no such file or directory"),
]


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("queries")
    db = str(tmp / "filled.db")
    events = [make_event(f"s{i}", date=f"2025-02-{10 + i:02d}", event=("ASSAULT", "COERCE")[i % 2],
                         actor=(("IRQ", "MIL"), ("IRQ", "REB"))[i % 2],
                         recipient=(("IRQ", "REB"), ("IRQ", "MIL"))[i % 2]) for i in range(6)]
    with Store.open(db) as store:
        store.ingest([result(e.story_id, [e]) for e in events])
    lines = [json.dumps(e.to_dict()) for e in events]
    files = {
        "good": "\n".join(lines) + "\n",
        "bom": "\ufeff" + "\n".join(lines) + "\n",
        "malformed": "{not json\n",
        "yearone": json.dumps(dataclasses.replace(events[0], date=dt.date(1, 1, 1)).to_dict()) + "\n",
    }
    out = {"tmp": str(tmp), "db": db, "missing": str(tmp / "typo.db")}
    for name, text in files.items():
        (tmp / f"{name}.jsonl").write_text(text, encoding="utf-8")
        out[name] = str(tmp / f"{name}.jsonl")
    (tmp / "binary.jsonl").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (tmp / "latin1.jsonl").write_bytes(lines[0].encode() + b"\n" + "{\"id\": \"é\"}".encode("latin-1") + b"\n")
    out.update(binary=str(tmp / "binary.jsonl"), latin1=str(tmp / "latin1.jsonl"))
    return out


@pytest.mark.parametrize(("args", "status", "words"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_command(args: str, status: int, words: str, places: dict[str, str],
                 capsys: pytest.CaptureFixture[str]) -> None:
    argv = args.format(**places).split()
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == status, err
    assert "Traceback" not in "\n".join(err)
    if status:
        assert err[-1].startswith("titfortat: error: "), err
        assert len([line for line in err if line.startswith("titfortat")]) == 1, err  # usage lines aside
    if words:
        assert words.format(**places) in err[-1], err
    assert not Path(places["missing"]).exists()  # a mistyped --db creates nothing


def test_the_table_is_large() -> None:
    assert len(ROWS) >= 30
