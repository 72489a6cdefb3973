"""The dyad explorer's pair views answer exactly what the analysis package answers over the
whole store: `Service.exchanges` and `Service.series` (plain Python over the pair's rows read
through the event_pairs index) against `analysis.find_exchanges` and `analysis.dyad_series`
on every stored event, at every level, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pandas as pd
import pytest

from tests.serving import PG_ENV, fresh_pg
from tests.store.factory import BAGHDAD, BASRA, entity, make_event, result
from titfortat import analysis
from titfortat.analysis.exchanges import NO_RESPONSE
from titfortat.analysis.frame import cluster_sizes_from_explanations
from titfortat.httpapi import pairs
from titfortat.httpapi.service import Service
from titfortat.model import Entity, Event
from titfortat.store import Store

PARTIES = [("IRQ", "GOV"), ("IRQ", "MIL"), ("IRQ", "COP"), ("IRQ", "PRM"), ("IRQ", None), ("IRN", "GOV"),
           ("IRN", "REB"), (None, "REB"), (None, None), (None, "UNK"), ("USA", "GOV")]
# (event, CAMEO code, quad class): joint acts, mutual meetings and a visit, concessions, force.
KINDS = [("ASSAULT", "190", 4), ("COERCE", "170", 4), ("ACCUSE", "112", 3), ("PROTEST", "140", 3),
         ("CONSULT", "040", 1), ("CONSULT", "042", 1), ("AGREE", "057", 1), ("COOPERATE", "060", 2),
         ("AID", "070", 2), ("RETREAT", "087", 2), ("CONCEDE", "080", 1)]


def _party(rng: random.Random) -> Entity:
    code, sector = rng.choice(PARTIES)
    ent = entity(code, sector, rng.choice(["the army", "gunmen", "officials", "the ministry", "police"]))
    return replace(ent, identifier_id="Q42", identifier_text="A named man") if rng.random() < 0.1 else ent


def generated(seed: int = 11, n_stories: int = 90) -> list[Any]:
    """Stories of one to four events among a few parties over four months, written to hit
    every rule: compound parties, joint and mutual acts, same-day answers in one story,
    negated and undated events, and duplicate reports that the store merges."""
    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
    out = []
    for s in range(n_stories):
        sid = f"g{s:03d}"
        day = start + dt.timedelta(days=rng.randrange(120))
        events = []
        for k in range(rng.randint(1, 4)):
            kind, cameo, quad = rng.choice(KINDS)
            actors = tuple(_party(rng) for _ in range(rng.choice([1, 1, 1, 2])))
            recipients = tuple(_party(rng) for _ in range(rng.choice([0, 1, 1, 1, 1, 2])))
            ev = make_event(sid, k, event=kind, cameo_code=cameo, quad_code=quad,
                            goldstein=round(rng.uniform(-10, 10), 1),
                            acled_sub_event_type="Armed clash" if kind == "ASSAULT" and rng.random() < 0.5 else None,
                            date=None if rng.random() < 0.03 else day.isoformat(),
                            modality="negated" if rng.random() < 0.05 else "asserted",
                            loc=rng.choice([BAGHDAD, BASRA]), text=f"Sentence {k} of story {sid}.")
            events.append(replace(ev, actor=actors, recipient=recipients))
        out.append(result(sid, events, source="wire"))
        if s % 4 == 0:  # the same events reported by another paper: merged into clusters
            copies = [replace(e, id=f"{sid}d-{i}", story_id=f"{sid}d") for i, e in enumerate(events)]
            out.append(result(f"{sid}d", copies, source="daily"))
    return out


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("pairs") / "pairs.db")
    else:
        pg = os.environ.get(PG_ENV)
        if not pg:
            pytest.skip(f"PostgreSQL tests need {PG_ENV} (run under .ci/postgres.sh)")
        url = fresh_pg(pg)
    with Store.open(url) as opened:
        opened.ingest(generated())
        yield opened


def _frame(store: Store) -> pd.DataFrame:
    events = list(store.iter_events(clusters=True))
    return analysis.events_to_frame(events, cluster_sizes_from_explanations(events))


def _busy_pairs(frame: pd.DataFrame, level: str, n: int = 8) -> list[tuple[str, str]]:
    dy = analysis.with_dyads(frame, level)
    counts = pd.Series([tuple(sorted((str(s), str(t)))) for s, t in zip(dy["source"], dy["target"], strict=True)])
    return [p for p, _ in counts.value_counts().head(n).items()]


def expected_exchanges(frame: pd.DataFrame, a: str, b: str, level: str) -> list[dict[str, Any]]:
    ex = analysis.find_exchanges(frame, level)
    ids = dict(zip(ex["act"], ex["id"], strict=True))
    pair = analysis.pair_exchanges(ex, a, b)
    stimulus: dict[int, tuple[str, str]] = {}
    for row in pair.itertuples():
        if row.classification != NO_RESPONSE:
            stimulus[int(row.response_act)] = (row.id, row.classification)
    out = []
    for row in pair.itertuples():
        answered = row.classification != NO_RESPONSE
        s = stimulus.get(int(row.act))
        out.append({"id": row.id, "date": row.date.date().isoformat(), "source": row.source, "target": row.target,
                    "event": row.event, "quad_code": int(row.quad_code), "goldstein": float(row.goldstein),
                    "answers": s[0] if s else None, "answers_as": s[1] if s else None,
                    "response": ids[int(row.response_act)] if answered else None,
                    "response_class": "unanswered" if not answered else row.classification,
                    "lag_days": int(row.lag_days) if answered else None})
    return out


@pytest.mark.parametrize("level", analysis.LEVELS)
def test_exchanges_equal_the_analysis_over_the_whole_store(store: Store, level: str) -> None:
    frame = _frame(store)
    service = Service(store)
    checked = 0
    for a, b in _busy_pairs(frame, level):
        got = service.exchanges(a, b, level, None, None, None)["acts"]
        keep = ("id", "date", "source", "target", "event", "quad_code", "goldstein", "answers", "answers_as",
                "response", "response_class", "lag_days")
        assert [{k: act[k] for k in keep} for act in got] == expected_exchanges(frame, a, b, level), (a, b)
        checked += len(got)
    assert checked > 50


@pytest.mark.parametrize("period", ["day", "week", "month"])
@pytest.mark.parametrize("level", ["side", "sector"])
def test_series_equal_the_analysis_over_the_whole_store(store: Store, level: str, period: str) -> None:
    frame = _frame(store)
    table = analysis.dyad_series(frame, level, period)
    service = Service(store)
    for a, b in _busy_pairs(frame, level, 4):
        want = table[table["source"].isin([a, b]) & table["target"].isin([a, b])].copy()
        want["period"] = [p.date().isoformat() for p in want["period"]]
        want_rows = [{k: (str(v) if k in ("source", "target") else v.item() if hasattr(v, "item") else v)
                      for k, v in r.items()} for r in want.to_dict(orient="records")]
        got = [{k: v for k, v in r.items() if not k.endswith("_label")}
               for r in service.series(a, b, level, period, None, None)[0]]
        assert got == want_rows, (a, b)


def test_merged_reports_weigh_in_the_series(store: Store) -> None:
    """Clusters of several reports count as their reports, as in `titfortat dyads`."""
    frame = _frame(store)
    assert (frame["weight"] > 1).any(), "the generated stories hold duplicate reports"
    service = Service(store)
    total = sum(r["reports"] - r["events"] for a, b in _busy_pairs(frame, "side")
                for r in service.series(a, b, "side", "month", None, None)[0])
    assert total > 0


def test_same_story_answer_wins_over_a_later_day() -> None:
    """An answer told later in the same story comes before one on a later day."""
    def ev(sid: str, n: int, day: str, actor: tuple[str, str], recipient: tuple[str, str]) -> Event:
        return make_event(sid, n, date=day, actor=actor, recipient=recipient, event="COERCE", cameo_code="170",
                          quad_code=4, goldstein=-7.0)
    events = [ev("a", 0, "2025-03-01", ("IRQ", "GOV"), ("IRN", "GOV")),
              ev("b", 0, "2025-03-02", ("IRN", "GOV"), ("IRQ", "GOV")),
              ev("a", 1, "2025-03-01", ("IRN", "GOV"), ("IRQ", "GOV")),
              ev("c", 0, "2025-03-01", ("IRN", "GOV"), ("IRQ", "GOV"))]
    acts = pairs.distinct(pairs.pair_acts(pairs.from_events(events), "IRQ:GOV", "IRN:GOV", "side"))
    found = {x["id"]: x["response"] for x in pairs.exchanges(acts)}
    assert found["a-0"] == "a-1"
    reference = analysis.find_exchanges(events)
    assert dict(zip(reference["id"], reference["response_id"], strict=True))["a-0"] == "a-1"


def test_a_pair_view_reads_only_the_latest_events(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """PAIR_LIMIT bounds what one view reads: the latest events, as the view says."""
    from titfortat.httpapi import service as service_module

    frame = _frame(store)
    a, b = _busy_pairs(frame, "side", 1)[0]
    everything = Service(store).exchanges(a, b, "side", None, None, None)
    assert not everything["truncated"]
    monkeypatch.setattr(service_module, "PAIR_LIMIT", 5)
    found = Service(store).exchanges(a, b, "side", None, None, None)
    assert found["truncated"] and found["event_limit"] == 5
    latest, everything = found["acts"], everything["acts"]
    assert 0 < len({x["id"] for x in latest}) <= 5
    assert max(x["date"] for x in latest) == max(x["date"] for x in everything)


def test_keys_match_the_frame_at_every_level() -> None:
    """One entity's key equals the key `analysis.with_dyads` gives it."""
    ents = [entity(c, s) for c, s in PARTIES] + [replace(entity("IRQ", "GOV"), identifier_id="Q7"),
                                                 replace(entity(None, None), identifier_id="Q8")]
    events = [make_event("k", i, actor=(None, None), recipient=None) for i in range(len(ents))]
    events = [replace(e, actor=(x,), recipient=(entity("USA", "GOV"),)) for e, x in zip(events, ents, strict=True)]
    frame = analysis.events_to_frame(events)
    for level in analysis.LEVELS:
        dy = analysis.with_dyads(frame, level)
        by_id = dict(zip(dy["id"], dy["source"].astype(str), strict=True))
        for e, x in zip(events, ents, strict=True):
            if e.id in by_id:
                assert pairs.key(x, level) == by_id[e.id], (level, x)
