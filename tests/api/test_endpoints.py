"""The read API against a real server over the sample corpus (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json

from tests.serving import Server
from titfortat import analysis
from titfortat.analysis.frame import cluster_sizes_from_explanations
from titfortat.store import Store

PAIR = "a=IRQ:GOV&b=IRQ:PRM"


def test_health_names_the_backend(server: Server) -> None:
    health = server.get_json("/api/health")
    assert health["status"] == "ok"
    assert health["backend"] in ("sqlite", "postgresql")
    assert health["writes"] is True


def test_cursor_pages_cover_every_event_once_newest_first(server: Server) -> None:
    seen: list[dict] = []
    path = "/api/events?limit=37"
    while True:
        page = server.get_json(path)
        assert len(page["items"]) <= 37
        seen += page["items"]
        if not page["next_cursor"]:
            break
        path = f"/api/events?limit=37&cursor={page['next_cursor']}"
    ids = [e["id"] for e in seen]
    assert len(ids) == len(set(ids))
    with Store.open(server.db) as store:
        reps = [e.id for e in store.iter_events(clusters=True)]
        undated = [e.id for e in store.iter_events(clusters=True) if e.date is None]
    assert sorted(ids) == sorted(reps) and len(ids) > 300
    if undated:  # undated events come after every dated one
        assert set(ids[-len(undated):]) == set(undated)
    dated = [e["date"] for e in seen if e["date"]]
    assert dated == sorted(dated, reverse=True)


def test_filters_select_what_the_cli_selects(server: Server) -> None:
    page = server.get_json("/api/events?type=assault&actor=IRQ&limit=1000")
    assert page["items"], "the sample has Iraqi attacks"
    assert {e["event"] for e in page["items"]} == {"ASSAULT"}
    for e in page["items"]:
        detail = server.get_json(f"/api/events/{e['id']}")["event"]
        assert any(a["code"] == "IRQ" for a in detail["actor"])
    narrow = server.get_json("/api/events?since=2025-11-16&until=2025-11-18&limit=1000")["items"]
    assert narrow and all("2025-11-16" <= e["date"] <= "2025-11-18" for e in narrow)


def test_csv_and_jsonl_carry_the_same_events(server: Server) -> None:
    status, headers, body = server.request("GET", "/api/events?type=COERCE&format=csv&limit=1000")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert "attachment" in headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    status, _, body = server.request("GET", "/api/events?type=COERCE&format=jsonl&limit=1000")
    lines = [json.loads(line) for line in body.decode().splitlines()]
    assert [r["id"] for r in rows] == [r["id"] for r in lines] and rows
    assert {r["event"] for r in rows} == {"COERCE"}


def test_event_page_highlights_the_words_it_names(server: Server) -> None:
    some = server.get_json("/api/events?type=COERCE&limit=1")["items"][0]
    detail = server.get_json(f"/api/events/{some['id']}")
    text = detail["event"]["text"]
    marks = {h["kind"]: text[h["start"]:h["end"]] for h in detail["highlights"]}
    assert marks["trigger"].lower() in detail["event"]["event_text"].lower() or \
        detail["event"]["event_text"].lower() in marks["trigger"].lower()
    if "actor" in marks:
        assert marks["actor"].lower() == detail["event"]["actor"][0]["entity_text"].lower()
    assert detail["reasons"] and detail["reasons"] == detail["event"]["explanation"][:len(detail["reasons"])]
    assert detail["cluster"]["members"][0]["id"]


def test_labels_never_show_a_bare_unknown_code(server: Server) -> None:
    actors = server.get_json("/api/actors")["items"]
    assert any(a["key"].startswith("XXX") for a in actors), "the sample has unidentified actors"
    for a in actors:
        assert "XXX" not in a["label"]
    page = server.get_json("/api/events?limit=1000")["items"]
    for e in page:
        assert not any("XXX" in label for label in e["actor"] + e["recipient"])


def test_exchanges_match_the_analysis_package(server: Server) -> None:
    found = server.get_json(f"/api/exchanges?{PAIR}")
    # What the analyses read from a store: one report per cluster of merged duplicates.
    with Store.open(server.db, create=False) as store:
        events = list(store.iter_events(clusters=True))
    ex = analysis.find_exchanges(analysis.events_to_frame(events, cluster_sizes_from_explanations(events)))
    pair = analysis.pair_exchanges(ex, "IRQ:GOV", "IRQ:PRM")
    expected = {row.id: row.classification for row in pair.itertuples()}
    got = {a["id"]: a["response_class"] for a in found["items"]}
    assert set(got) <= set(expected) and got
    names = {"no response": "unanswered"}
    assert all(got[i] == names.get(expected[i], expected[i]) for i in got)
    by_id = {a["id"]: a for a in found["items"]}
    for act in found["items"]:
        if act["response"]:
            answer = by_id[act["response"]]
            assert (answer["source"], answer["target"]) == (act["target"], act["source"])
            assert answer["date"] >= act["date"]
    classes = {a["response_class"] for a in found["items"]}
    assert "concession under pressure" in classes


def test_pair_views_answer_in_both_directions(server: Server) -> None:
    series = server.get_json(f"/api/dyads/series?{PAIR}&period=month")
    assert {(r["source"], r["target"]) for r in series["items"]} == {("IRQ:GOV", "IRQ:PRM"), ("IRQ:PRM", "IRQ:GOV")}
    rec = server.get_json(f"/api/reciprocity?{PAIR}")
    assert {d["source"] for d in rec["items"]} == {"IRQ:GOV", "IRQ:PRM"}
    assert all(0 <= d["rate"] <= 1 for d in rec["items"])


def test_whole_store_analyses(server: Server) -> None:
    dyads = server.get_json("/api/dyads")["items"]
    assert dyads[0]["events"] >= dyads[-1]["events"]
    assert all("XXX" not in d["source_label"] for d in dyads)
    alerts = server.get_json("/api/alerts")["items"]
    for alert in alerts:
        assert {"kind", "source", "target", "week", "events"} <= set(alert)
    network = server.get_json("/api/network")
    nodes = {n["node"] for n in network["nodes"]}
    assert {"IRQ:GOV", "IRQ:PRM"} <= nodes
    assert all(e["source"] in nodes and e["target"] in nodes for e in network["edges"])


def test_timeline_and_map_counts_agree_with_events(server: Server) -> None:
    timeline = server.get_json("/api/timeline?type=PROTEST")["items"]
    events = server.get_json("/api/events?type=PROTEST&limit=1000")["items"]
    assert sum(r["events"] for r in timeline) == len([e for e in events if e["date"]])
    points = server.get_json("/api/map?limit=5")["items"]
    assert len(points) == 5 and all(-90 <= p["loc_lat"] <= 90 for p in points)


def test_openapi_describes_every_endpoint(server: Server) -> None:
    spec = server.get_json("/api/openapi.json")
    assert spec["openapi"].startswith("3.")
    for path in ("/api/events", "/api/events/{event_id}", "/api/exchanges", "/api/stories", "/api/alerts",
                 "/api/network", "/api/dyads", "/api/dyads/series", "/api/reciprocity", "/api/health"):
        assert path in spec["paths"]


def test_security_headers_and_no_cors(server: Server) -> None:
    for path in ("/", "/api/health", "/api/nope", "/static/app.js"):
        status, headers, _ = server.request("GET", path, headers={"Origin": "http://evil.example"})
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert "access-control-allow-origin" not in headers
        assert "server" not in headers
