"""The OpenAPI 3.1 description of the API, served at /api/openapi.json."""

from __future__ import annotations

from typing import Any

from titfortat import __version__

_FILTERS = {
    "actor": "CODE, CODE:SECTOR or :SECTOR (e.g. IRQ:GOV): an actor of the event",
    "recipient": "CODE, CODE:SECTOR or :SECTOR: a recipient of the event",
    "type": "PLOVER event type (ASSAULT, PROTEST, ...)",
    "since": "first date, YYYY-MM-DD", "until": "last date, YYYY-MM-DD",
    "place": "place, province or country name (exact, any case)",
    "bbox": "W,S,E,N in degrees", "clusters": "true (default): one event per duplicate cluster",
}
_PAIR = {"a": "actor key (IRQ:GOV)", "b": "actor key (IRQ:PRM)",
         "level": "country | side (default) | sector | identifier", "since": "YYYY-MM-DD", "until": "YYYY-MM-DD",
         "window": "response window in days (default: response_days)"}
_RANGE = {"level": "country | side (default) | sector | identifier", "since": "YYYY-MM-DD", "until": "YYYY-MM-DD"}
_FORMAT = {"format": "json (default) | jsonl | csv"}
_PAGE = {"limit": "events a page (default 100, at most serve_max_page)",
         "cursor": "next_cursor of the previous page"}

PATHS: list[tuple[str, str, str, dict[str, str]]] = [
    ("/api/health", "get", "Server status, version and store backend", {}),
    ("/api/events", "get", "Events, newest first, with cursor pagination", {**_FILTERS, **_PAGE, **_FORMAT}),
    ("/api/events/{event_id}", "get", "One event: record, sentence highlights, reasons, duplicate cluster", {}),
    ("/api/actors", "get", "Actors (side level) with readable names, most active first", _FORMAT),
    ("/api/dyads", "get", "Directed dyads: events, reports, Goldstein, conflict share", {**_RANGE, **_FORMAT}),
    ("/api/dyads/series", "get", "One pair's counts per period, both directions",
     {**_PAIR, "period": "day | week (default) | month", **_FORMAT}),
    ("/api/exchanges", "get", "Acts between A and B with what each answers and how it was answered",
     {**_PAIR, **_FORMAT}),
    ("/api/reciprocity", "get", "Reciprocity rates, lags and Granger tests for A and B",
     {**_PAIR, "period": "day | week (default) | month", **_FORMAT}),
    ("/api/alerts", "get", "Escalation alerts with their events", {**_RANGE, **_FORMAT}),
    ("/api/network", "get", "The actor network: nodes with centrality, edges", {**_RANGE, **_FORMAT}),
    ("/api/timeline", "get", "Events and Goldstein sum per date and type", {**_FILTERS, **_FORMAT}),
    ("/api/map", "get", "Latest located events (at most 5000)", {**_FILTERS, "limit": "points", **_FORMAT}),
    ("/api/stories", "post", "Code and store stories (JSON lines); needs a bearer token", {}),
]


def spec() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path, method, summary, query in PATHS:
        parameters = [{"name": n, "in": "query", "required": n in ("a", "b"), "description": d,
                       "schema": {"type": "string"}} for n, d in query.items()]
        if "{event_id}" in path:
            parameters.append({"name": "event_id", "in": "path", "required": True, "schema": {"type": "string"}})
        op: dict[str, Any] = {"summary": summary, "parameters": parameters, "responses": {
            "200": {"description": "OK"},
            "4XX": {"description": "bad request", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
        if method == "post":
            op["security"] = [{"bearer": []}]
            op["requestBody"] = {"required": True, "content": {"application/x-ndjson": {"schema": {"type": "string"}}}}
        paths[path] = {method: op}
    return {
        "openapi": "3.1.0",
        "info": {"title": "titfortat", "version": __version__,
                 "description": "Political event data coded from news, and who is answering whom."},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "required": ["error", "status"],
                                  "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}}},
        },
    }
