"""Bad requests get a clear 4xx with a JSON error, never a traceback, and the server goes on."""

from __future__ import annotations

import json

import pytest

from tests.serving import TOKEN, Server

AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"}
JSONL = {"Content-Type": "application/x-ndjson"}
STORY = b'{"id": "t1", "text": "Police arrested two protesters in Basra on Monday.", "date": "2025-03-03"}\n'

# (name, method, path, headers, body, status, words the error must contain)
CASES: list[tuple[str, str, str, dict[str, str], bytes | None, int, str]] = [
    ("malformed date", "GET", "/api/events?since=2025-02-30", {}, None, 400, "YYYY-MM-DD"),
    ("date with time", "GET", "/api/events?until=2025-02-01T10:00", {}, None, 400, "YYYY-MM-DD"),
    ("date words", "GET", "/api/events?since=yesterday", {}, None, 400, "bad since"),
    ("since after until", "GET", "/api/events?since=2025-05-01&until=2025-01-01", {}, None, 400, "after"),
    ("unknown event type", "GET", "/api/events?type=HUG", {}, None, 400, "unknown event type"),
    ("sql in actor", "GET", "/api/events?actor=IRQ%27%20OR%201=1--", {}, None, 400, "bad actor"),
    ("actor too long", "GET", "/api/events?actor=" + "A" * 80, {}, None, 400, "bad actor"),
    ("bbox words", "GET", "/api/events?bbox=north", {}, None, 400, "W,S,E,N"),
    ("bbox reversed", "GET", "/api/events?bbox=45,34,44,33", {}, None, 400, "W <= E"),
    ("bbox out of range", "GET", "/api/events?bbox=0,0,200,10", {}, None, 400, "180"),
    ("clusters not a boolean", "GET", "/api/events?clusters=maybe", {}, None, 400, "true or false"),
    ("misspelt filter", "GET", "/api/events?actr=IRQ", {}, None, 400, "unknown parameter"),
    ("unknown format", "GET", "/api/events?format=xml", {}, None, 400, "json, jsonl, csv"),
    ("huge page", "GET", "/api/events?limit=1000000", {}, None, 422, "over the limit"),
    ("negative page", "GET", "/api/events?limit=-5", {}, None, 400, "whole number"),
    ("page not a number", "GET", "/api/events?limit=ten", {}, None, 400, "whole number"),
    ("forged cursor", "GET", "/api/events?cursor=not-a-cursor", {}, None, 400, "bad cursor"),
    ("cursor bad date", "GET", "/api/events?cursor=2025-99-01~x", {}, None, 400, "bad cursor"),
    ("control character", "GET", "/api/events?place=Bag%00hdad", {}, None, 400, "printable"),
    ("map over cap", "GET", "/api/map?limit=99999", {}, None, 422, "over the limit"),
    ("unknown event id", "GET", "/api/events/no-such-event-0", {}, None, 404, "no event"),
    ("event id traversal", "GET", "/api/events/..%2F..%2Fetc%2Fpasswd", {}, None, 404, "no such event"),
    ("raw dot-dot path", "GET", "/api/events/../../../etc/passwd", {}, None, 404, "no such"),
    ("static traversal", "GET", "/static/../../httpapi/app.py", {}, None, 404, ""),
    ("static encoded traversal", "GET", "/static/%2e%2e/%2e%2e/settings.py", {}, None, 404, ""),
    ("unknown api path", "GET", "/api/secrets", {}, None, 404, "openapi"),
    ("pair without b", "GET", "/api/exchanges?a=IRQ:GOV", {}, None, 400, "missing b"),
    ("pair with itself", "GET", "/api/exchanges?a=IRQ:GOV&b=IRQ:GOV", {}, None, 400, "same actor"),
    ("bad level", "GET", "/api/exchanges?a=IRQ&b=IRN&level=galaxy", {}, None, 400, "country, side"),
    ("bad period", "GET", "/api/dyads/series?a=IRQ&b=IRN&period=decade", {}, None, 400, "day, week, month"),
    ("window not a number", "GET", "/api/reciprocity?a=IRQ&b=IRN&window=soon", {}, None, 400, "whole number"),
    ("alerts bad date", "GET", "/api/alerts?since=2025/01/01", {}, None, 400, "YYYY-MM-DD"),
    ("health takes nothing", "GET", "/api/health?x=1", {}, None, 400, "unknown parameter"),
    ("post without token", "POST", "/api/stories", JSONL, STORY, 401, "missing bearer token"),
    ("post with wrong token", "POST", "/api/stories", {**JSONL, "Authorization": "Bearer nope"}, STORY, 401,
     "wrong bearer token"),
    ("post basic auth", "POST", "/api/stories", {**JSONL, "Authorization": "Basic dXNlcjpwYXNz"}, STORY, 401,
     "bearer"),
    ("post wrong content type", "POST", "/api/stories", {**AUTH, "Content-Type": "text/plain"}, STORY, 415,
     "content type"),
    ("post form", "POST", "/api/stories", {**AUTH, "Content-Type": "application/x-www-form-urlencoded"},
     b"id=1&text=hello", 415, "content type"),
    ("post broken json", "POST", "/api/stories", AUTH, b'{"id": "t1", "text": "unfinished', 400, "malformed JSON"),
    ("post broken json array", "POST", "/api/stories", AUTH, b'[{"id": "t1",', 400, "malformed JSON"),
    ("post empty body", "POST", "/api/stories", AUTH, b"", 400, "empty body"),
    ("post not an object", "POST", "/api/stories", AUTH, b"[1, 2, 3]", 400, "must be an object"),
    ("post missing text", "POST", "/api/stories", AUTH, b'{"id": "t1"}\n', 400, "'text'"),
    ("post not utf-8", "POST", "/api/stories", AUTH, b'{"id": "t1", "text": "caf\xe9"}', 400, "UTF-8"),
    ("post body over cap", "POST", "/api/stories", AUTH, b"x" * 5_000_001, 413, "over the limit"),
    ("post story over cap", "POST", "/api/stories", AUTH,
     json.dumps({"id": "big", "text": "word " * 100_001}).encode(), 413, "max_story_chars"),
    ("post chunked over cap", "POST", "/api/stories", {**AUTH, "Transfer-Encoding": "chunked"},
     b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in [b"y" * 1_000_000] * 6) + b"0\r\n\r\n", 413, "over the limit"),
    ("post with query", "POST", "/api/stories?dry=1", AUTH, STORY, 400, "no query parameters"),
    ("delete events", "DELETE", "/api/events", {}, None, 405, "not allowed"),
    ("put a story", "PUT", "/api/stories", AUTH, STORY, 405, "not allowed"),
]


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("name,method,path,headers,body,status,words", CASES, ids=[c[0] for c in CASES])
def test_bad_request(server: Server, name: str, method: str, path: str, headers: dict[str, str],
                     body: bytes | None, status: int, words: str) -> None:
    got, got_headers, raw = server.request(method, path, body, headers)
    assert got == status, (name, got, raw[:300])
    assert got_headers["content-type"].startswith("application/json")
    error = json.loads(raw)
    assert error["status"] == status
    assert words.lower() in error["error"].lower()
    assert "Traceback" not in error["error"] and "\n" not in error["error"]
    if status == 401:
        assert got_headers["www-authenticate"] == "Bearer"
    assert server.request("GET", "/api/health")[0] == 200  # and the server goes on
