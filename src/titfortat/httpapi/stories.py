"""POST /api/stories: code stories (the JSONL story format) and store their events.

Needs `Authorization: Bearer <TITFORTAT_API_TOKEN>`; with no token configured the server is
read-only and refuses every write. A bad line is reported and skipped, the rest goes on; a
body in which no line is a story is a 400.
"""

from __future__ import annotations

import hmac
import json
import threading
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from titfortat import settings
from titfortat.errors import StoryError
from titfortat.httpapi.output import json_response
from titfortat.httpapi.params import ApiError
from titfortat.model import Story

CONTENT_TYPES = ("application/x-ndjson", "application/jsonl", "application/json")
_nlp_lock = threading.Lock()


def check_token(request: Request) -> None:
    """401 without a valid bearer token; 403 when the server takes no writes at all."""
    token: str = request.app.state.config.token
    if not token:
        raise ApiError(403, "writes are disabled: start the server with TITFORTAT_API_TOKEN set")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ApiError(401, "missing bearer token: send 'Authorization: Bearer <TITFORTAT_API_TOKEN>'")
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, "wrong bearer token")


def parse(body: bytes) -> tuple[list[Story], list[dict[str, str]]]:
    """Stories from JSON lines (or one JSON object, or a JSON array of objects)."""
    from titfortat.ingest.readers import story_from_record  # imports spaCy: only when writing

    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"body is not UTF-8 (invalid byte at {exc.start})") from None
    stripped = text.strip()
    if not stripped:
        raise ApiError(400, "empty body: send one story per line, {\"id\": ..., \"text\": ...}")
    lines: list[tuple[int, Any]] = []
    errors: list[dict[str, str]] = []
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ApiError(400, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
        lines = list(enumerate(records, start=1))
    else:
        for number, raw in enumerate(text.split("\n"), start=1):
            if not raw.strip():
                continue
            try:
                lines.append((number, json.loads(raw)))
            except json.JSONDecodeError as exc:
                errors.append({"origin": f"body:{number}", "error": f"malformed JSON: {exc.msg} at column {exc.colno}"})
    stories: list[Story] = []
    limit: int = settings.get("max_story_chars")
    for number, record in lines:
        origin = f"body:{number}"
        if not isinstance(record, dict):
            errors.append({"origin": origin, "error": "a story must be an object with 'id' and 'text'"})
            continue
        if isinstance(record.get("text"), str) and len(record["text"]) > limit:
            raise ApiError(413, f"{origin}: story is {len(record['text']):,} characters, over the limit of "
                                f"{limit:,} (max_story_chars)")
        try:
            for key in ("id", "text"):
                if record.get(key) in (None, ""):
                    raise StoryError(origin, f"missing required field {key!r}")
            stories.append(story_from_record(record, origin))
        except StoryError as exc:
            errors.append({"origin": origin, "error": exc.reason})
    if not stories:
        first = errors[0] if errors else {"origin": "body", "error": "no story"}
        raise ApiError(400, f"no story to code: {first['origin']}: {first['error']}")
    return stories, errors


def _code_and_store(request: Request, stories: list[Story]) -> dict[str, Any]:
    from titfortat.api import code_stories, load

    state = request.app.state
    with _nlp_lock:
        if getattr(state, "nlp", None) is None:
            state.nlp = load(actors=state.config.actors)
        results = list(code_stories(stories, state.nlp))
        stats = state.service.store.ingest(results)
    state.service.clear()
    return {"stories": stats.stories, "inserted": stats.inserted, "replaced": stats.replaced,
            "unchanged": stats.unchanged, "events": stats.events,
            "event_ids": [e.id for r in results for e in r.events],
            "errors": [{"origin": r.error.origin, "error": r.error.reason} for r in results if r.error]}


async def post_stories(request: Request) -> Response:
    check_token(request)
    if request.query_params:
        raise ApiError(400, "POST /api/stories takes no query parameters")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in CONTENT_TYPES:
        raise ApiError(415, f"content type {ctype or 'missing'!r}: send {', '.join(CONTENT_TYPES)}")
    body = await request.body()
    stories, errors = parse(body)
    result = await run_in_threadpool(_code_and_store, request, stories)
    result["errors"] = errors + result["errors"]
    return json_response(result, 200)


ROUTES = [Route("/api/stories", post_stories, methods=["POST"])]
