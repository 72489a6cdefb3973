"""The HTTP API and dashboard server (`titfortat serve`): Starlette over the Store.

Modules: ``app`` (the application, middleware, security headers), ``params`` (query strings
to typed values, with 4xx errors), ``service`` (the Store and the analyses behind the
routes), ``cache`` (answers kept until the store changes), ``routes`` (JSON endpoints),
``stories`` (POST /api/stories), ``openapi`` (the API description), ``workers`` (several
processes on one port). Readable actor names come from ``titfortat.web.labels``.
"""

from __future__ import annotations

from titfortat.httpapi.app import ServerConfig, create_app

__all__ = ["ServerConfig", "create_app"]
