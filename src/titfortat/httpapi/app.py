"""The application: routes, the dashboard's static files, and the security rules.

- Every response carries security headers; the CSP allows only this origin (no inline
  script or style, no other host), so the dashboard cannot load or send anything elsewhere.
- Request bodies over `max_body` bytes get 413 before they are read in full.
- Errors are JSON ({"error", "status"}); an unexpected exception is logged on the server and
  answered with a plain 500, never a traceback.
- CORS is off unless `cors_origins` lists origins.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from titfortat import settings
from titfortat.errors import AnalysisError, TitForTatError, UsageError
from titfortat.httpapi import openapi, routes, stories
from titfortat.httpapi.output import error, json_response
from titfortat.httpapi.params import ApiError
from titfortat.httpapi.service import Service
from titfortat.store import Store

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
# Threads that run the handlers (Starlette's default is 40): on a few cores more threads only
# take turns holding the interpreter, and each would hold a database connection.
THREADS = 8

SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                                 b"form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
]


@dataclass(frozen=True)
class ServerConfig:
    """What `titfortat serve` was told; defaults come from the settings."""

    db: str | None = None
    token: str = field(default_factory=lambda: str(settings.get("api_token")))
    max_page: int = field(default_factory=lambda: int(settings.get("serve_max_page")))
    max_body: int = field(default_factory=lambda: int(settings.get("serve_max_body")))
    cors_origins: tuple[str, ...] = field(default_factory=lambda: tuple(
        o.strip() for o in str(settings.get("serve_cors_origins")).split(",") if o.strip()))
    actors: tuple[str, ...] = ()


class Guard:
    """ASGI middleware: security headers on every response, and the request body cap."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            reason = "bad Content-Length" if not length.isdigit() else (
                f"request body of {int(length):,} bytes is over the limit of {self.max_body:,} (serve_max_body)")
            await error(413 if length.isdigit() else 400, reason)(scope, receive, send_secure)
            return
        seen = 0

        async def receive_capped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise ApiError(413, f"request body is over the limit of {self.max_body:,} bytes (serve_max_body)")
            return message

        await self.app(scope, receive_capped, send_secure)


async def _api_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return error(exc.status, exc.message, headers)


async def _titfortat_error(_request: Request, exc: Exception) -> Response:
    status = 422 if isinstance(exc, AnalysisError) else 400 if isinstance(exc, UsageError) else 500
    return error(status, str(exc) if status < 500 else "internal error: see the server log")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return error(404, f"no such path {request.url.path[:100]!r}; the API is described at /api/openapi.json")
    if exc.status_code == 405:
        return error(405, f"method {request.method} is not allowed on {request.url.path[:100]}",
                     dict(exc.headers or {}))
    return error(exc.status_code, str(exc.detail))


async def _crash(_request: Request, _exc: Exception) -> Response:
    """Starlette logs the traceback on the server; the client sees one line."""
    return error(500, "internal error: see the server log")


def index(_request: Request) -> Response:
    return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


def openapi_route(_request: Request) -> Response:
    return json_response(openapi.spec())


@contextlib.asynccontextmanager
async def _lifespan(_app: Starlette) -> AsyncIterator[None]:
    """Handlers run in THREADS worker threads, each with a connection kept open for it."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    yield


def create_app(config: ServerConfig, store: Store | None = None) -> Starlette:
    """The Starlette application over the store at `config.db` (or `store`). A read-only server
    (no token) refuses a SQLite path that names no file rather than serve an empty new one."""
    opened = store or Store.open(config.db, create=bool(config.token), connections=THREADS)
    middleware = [Middleware(Guard, max_body=config.max_body)]
    if config.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(config.cors_origins),
                                     allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"]))
    handlers: dict[Any, Any] = {ApiError: _api_error, TitForTatError: _titfortat_error,
                                HTTPException: _http_error, Exception: _crash}
    app = Starlette(
        routes=[*routes.ROUTES, *stories.ROUTES, Route("/api/openapi.json", openapi_route),
                Route("/", index),
                Mount("/static", StaticFiles(directory=STATIC), name="static")],
        middleware=middleware, exception_handlers=handlers, lifespan=_lifespan)
    app.state.config = config
    app.state.service = Service(opened)
    app.state.nlp = None
    return app
