"""The read-only JSON endpoints under /api/. Handlers are plain functions (Starlette runs
them in its thread pool); each parses its query with `params` and asks the `Service`.

The answers of the data endpoints are kept as sent until the store changes (`kept`): a
repeated request is answered on the event loop, without a thread, a query or JSON encoding."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from titfortat import __version__
from titfortat.httpapi import output, params
from titfortat.httpapi.output import event_row, highlights, json_response
from titfortat.httpapi.params import FILTER_NAMES, FORMATS, PERIODS, ApiError
from titfortat.httpapi.service import Service, check_pair, plain, rows

PAGE = ("limit", "cursor", "format")
RANGE = ("level", "since", "until", "format")
PAIR = ("a", "b", "level", "since", "until", "window", "format")


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _limit(request: Request, default: int = 100) -> int:
    cap: int = request.app.state.config.max_page
    return params.integer(request.query_params, "limit", default, 1, cap, status_over=422)


def health(request: Request) -> Response:
    params.check_known(request.query_params, ())
    store = _service(request).store
    return json_response({"status": "ok", "version": __version__, "backend": store.backend,
                          "writes": bool(request.app.state.config.token)})


def events(request: Request) -> Response:
    q = request.query_params
    params.check_known(q, (*FILTER_NAMES, *PAGE))
    f = params.filters(q)
    fmt = params.choice(q, "format", FORMATS, "json")
    found, nxt = _service(request).store.page_events(f, _limit(request), params.cursor(q))
    items = [event_row(r) for r in found]
    cursor = nxt.encode() if nxt else None
    response = output.table(items, fmt, "events", {"next_cursor": cursor}, output.EVENT_COLUMNS)
    if cursor:
        response.headers["X-Next-Cursor"] = cursor
    return response


def event(request: Request) -> Response:
    params.check_known(request.query_params, ())
    event_id = params.event_id(request.path_params["event_id"])
    service = _service(request)
    found = service.store.get_event(event_id)
    if found is None:
        raise ApiError(404, f"no event {event_id!r}; list events with /api/events")
    rec = found["record"]
    members = service.store.cluster_records(found["cluster_id"]) if found.get("cluster_id") else []
    country = output.place_country(rec)
    return json_response({
        "event": rec,
        "summary": event_row(found),
        "actor_labels": [output.labels.entity_label(e, country) for e in rec.get("actor", [])],
        "recipient_labels": [output.labels.entity_label(e, country) for e in rec.get("recipient", [])],
        "highlights": highlights(rec),
        "reasons": rec.get("explanation", []),
        "story": {"id": rec.get("story_id"), "title": found.get("title"), "url": found.get("url"),
                  "source": found.get("source"), "date": output_date(found.get("story_pub_date"))},
        "cluster": None if not found.get("cluster_id") else {
            "id": found["cluster_id"], "reports": found.get("n_events"), "stories": found.get("n_stories"),
            "sources": found.get("n_sources"), "confidence": found.get("cluster_confidence"),
            "members": [{"id": m["record"]["id"], "story_id": m["record"]["story_id"], "source": m.get("source"),
                         "url": m.get("url"), "date": m["record"].get("date"), "text": m["record"].get("text")}
                        for m in members]},
    })


def output_date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def actors(request: Request) -> Response:
    q = request.query_params
    params.check_known(q, ("format",))
    items = _service(request).actors()
    return output.table(items, params.choice(q, "format", FORMATS, "json"), "actors")


def dyads(request: Request) -> Response:
    q = request.query_params
    params.check_known(q, RANGE)
    level = params.level(q)
    since, until = params.date(q, "since"), params.date(q, "until")
    table = rows(_service(request).dyads(level, since, until))
    return output.table(table, params.choice(q, "format", FORMATS, "json"), "dyads", {"level": level})


def _pair(request: Request) -> tuple[str, str, str]:
    q = request.query_params
    a, b = params.key(q, "a", required=True), params.key(q, "b", required=True)
    assert a is not None and b is not None
    check_pair(a, b)
    return a, b, params.level(q)


def dyad_series(request: Request) -> Response:
    q = request.query_params
    params.check_known(q, (*PAIR, "period"))
    a, b, level = _pair(request)
    period = params.choice(q, "period", PERIODS, "week")
    items, truncated = _service(request).series(a, b, level, period, params.date(q, "since"), params.date(q, "until"))
    return output.table(items, params.choice(q, "format", FORMATS, "json"), "dyad-series",
                        {"level": level, "period": period, "truncated": truncated})


def _window(request: Request) -> int | None:
    q = request.query_params
    return None if not q.get("window") else params.integer(q, "window", 30, 1, 3650)


def exchanges(request: Request) -> Response:
    q = request.query_params
    params.check_known(q, PAIR)
    a, b, level = _pair(request)
    found = _service(request).exchanges(a, b, level, _window(request), params.date(q, "since"), params.date(q, "until"))
    acts = found.pop("acts")
    return output.table(acts, params.choice(q, "format", FORMATS, "json"), "exchanges", found)


def reciprocity(request: Request) -> Response:
    q = request.query_params
    params.check_known(q, (*PAIR, "period"))
    a, b, level = _pair(request)
    found = _service(request).reciprocity(a, b, level, _window(request), params.choice(q, "period", PERIODS, "week"),
                                          params.date(q, "since"), params.date(q, "until"))
    directions = found.pop("directions")
    return output.table(directions, params.choice(q, "format", FORMATS, "json"), "reciprocity", found)


def alerts(request: Request) -> Response:
    q = request.query_params
    params.check_known(q, RANGE)
    level = params.level(q)
    found = _service(request).alerts(level, params.date(q, "since"), params.date(q, "until"))
    return output.table(found, params.choice(q, "format", FORMATS, "json"), "alerts", {"level": level})


def network(request: Request) -> Response:
    q = request.query_params
    params.check_known(q, ("level", "since", "until", "format"))
    found = _service(request).network(params.level(q), params.date(q, "since"), params.date(q, "until"))
    fmt = params.choice(q, "format", FORMATS, "json")
    if fmt != "json":
        return output.table(found["edges"], fmt, "network-edges")
    return json_response(found)


def timeline(request: Request) -> Response:
    q = request.query_params
    params.check_known(q, (*FILTER_NAMES, "format"))
    items = rows_plain(_service(request).store.type_weeks(params.filters(q)))
    return output.table(items, params.choice(q, "format", FORMATS, "json"), "timeline")


def event_map(request: Request) -> Response:
    q = request.query_params
    params.check_known(q, (*FILTER_NAMES, "limit", "format"))
    limit = params.integer(q, "limit", 2000, 1, 5000, status_over=422)
    items = rows_plain(_service(request).store.map_points(params.filters(q), limit))
    return output.table(items, params.choice(q, "format", FORMATS, "json"), "map")


def rows_plain(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: plain(v) for k, v in r.items()} for r in found]


class Kept(Response):
    """A 200 answer sent again as it was: its body and headers."""

    def __init__(self, body: bytes, raw_headers: list[tuple[bytes, bytes]]) -> None:
        self.status_code = 200
        self.background = None
        self.body = body
        self.raw_headers = list(raw_headers)


def kept(handler: Callable[[Request], Response]) -> Callable[[Request], Awaitable[Response]]:
    """`handler` with its 200 answers kept, per path and query string, until the store
    changes (`Service.responses`); errors are computed every time."""
    async def endpoint(request: Request) -> Response:
        responses = _service(request).responses
        key = (request.scope["path"], request.scope["query_string"])
        marker = responses.marker.read() if responses.marker.local else await run_in_threadpool(responses.marker.read)
        hit = responses.get(key, marker)
        if hit is not None:
            return Kept(*hit)
        response = await run_in_threadpool(handler, request)
        if response.status_code == 200:
            body = bytes(response.body)
            responses.put(key, marker, (body, list(response.raw_headers)), len(body) + 600)
        return response
    return endpoint


ROUTES = [
    Route("/api/health", health),
    Route("/api/events", kept(events)),
    Route("/api/events/{event_id:path}", kept(event)),
    Route("/api/actors", kept(actors)),
    Route("/api/dyads", kept(dyads)),
    Route("/api/dyads/series", kept(dyad_series)),
    Route("/api/exchanges", kept(exchanges)),
    Route("/api/reciprocity", kept(reciprocity)),
    Route("/api/alerts", kept(alerts)),
    Route("/api/network", kept(network)),
    Route("/api/timeline", kept(timeline)),
    Route("/api/map", kept(event_map)),
]
