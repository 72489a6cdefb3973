"""POST /api/stories codes and stores stories; only with the bearer token."""

from __future__ import annotations

import json
from pathlib import Path

from tests.serving import TOKEN, Server, build_sample, serve

AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"}
STORIES = (
    b'{"id": "api-basra-1", "date": "2025-03-04", "title": "Arrests in Basra", '
    b'"text": "Iraqi police arrested two protesters in Basra on Monday, the governor\'s office said."}\n'
    b'{"id": "bad line"\n'
)


def test_posted_story_is_coded_stored_and_served(server: Server) -> None:
    status, _, body = server.request("POST", "/api/stories", STORIES, AUTH)
    assert status == 200, body[:300]
    result = json.loads(body)
    assert result["stories"] == 1 and result["events"] >= 1
    assert [e["origin"] for e in result["errors"]] == ["body:2"]
    event_id = next(i for i in result["event_ids"] if i.startswith("api-basra-1-"))
    detail = server.get_json(f"/api/events/{event_id}")
    assert detail["event"]["event"] == "COERCE"
    assert detail["event"]["date"] == "2025-03-03"
    listed = server.get_json("/api/events?since=2025-03-03&until=2025-03-03&type=COERCE")["items"]
    assert event_id in {e["id"] for e in listed}
    again = json.loads(server.request("POST", "/api/stories", STORIES, AUTH)[2])
    assert again["unchanged"] == 1 and again["inserted"] == 0


def test_a_server_without_token_refuses_every_write(tmp_path: Path) -> None:
    db = build_sample(str(tmp_path / "ro.db"))
    with serve(db, tmp_path / "ro.log", token="") as ro:
        assert ro.get_json("/api/health")["writes"] is False
        status, _, body = ro.request("POST", "/api/stories", STORIES, {**AUTH})
        assert status == 403
        assert "TITFORTAT_API_TOKEN" in json.loads(body)["error"]
