"""`titfortat serve`: the HTTP API and the dashboard over a store (titfortat.httpapi)."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from typing import Any

from titfortat import settings
from titfortat.errors import UsageError

LOOPBACK = ("127.0.0.1", "::1", "localhost")
MAX_WORKERS = 32


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from titfortat.httpapi import ServerConfig, create_app

    if not (1 <= args.port <= 65535):
        raise UsageError(f"bad --port {args.port}: use 1 to 65535")
    if args.host not in LOOPBACK:
        try:
            loopback = ipaddress.ip_address(args.host).is_loopback
        except ValueError as exc:
            raise UsageError(f"bad --host {args.host!r}: give an IP address such as 127.0.0.1") from exc
        if not loopback:
            print(f"titfortat: warning: serving on {args.host}, reachable from other machines"
                  + ("" if settings.get("api_token") else " (read-only: no TITFORTAT_API_TOKEN)"), file=sys.stderr)
    from titfortat.httpapi import workers
    from titfortat.httpapi.service import warm_up
    from titfortat.store import Store

    if not (0 <= args.workers <= MAX_WORKERS):
        raise UsageError(f"bad --workers {args.workers}: use 1 to {MAX_WORKERS}, or 0 for one per core")
    args.workers = args.workers or os.cpu_count() or 1
    config = ServerConfig(db=args.db, actors=tuple(args.actors or ()))
    options: dict[str, Any] = dict(host=args.host, port=args.port, log_level=args.log_level,
                                   access_log=args.access_log, server_header=False, date_header=False,
                                   timeout_keep_alive=settings.get("serve_keep_alive"))
    writes = "writes need the bearer token" if config.token else "read-only (set TITFORTAT_API_TOKEN for writes)"
    processes = f", {args.workers} processes" if args.workers > 1 else ""
    if args.workers == 1:
        app = create_app(config)
        warm_up()
        print(f"titfortat: serving {args.db} on http://{args.host}:{args.port}/ ({writes}{processes}); "
              "Ctrl-C stops", file=sys.stderr)
        uvicorn.run(app, **options)
        return 0
    # Errors and migrations before the fork. The statistics libraries (warm_up: about 85 MB a
    # process) are left for a process's first Granger test or alert analysis to import.
    Store.open(config.db, create=bool(config.token)).close()
    print(f"titfortat: serving {args.db} on http://{args.host}:{args.port}/ ({writes}{processes}); "
          "Ctrl-C stops", file=sys.stderr)
    workers.serve(lambda: create_app(config), args.workers, **options)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the serve subcommand."""
    p = sub.add_parser("serve", help="the HTTP API and the dashboard (http://127.0.0.1:8000/)")
    p.add_argument("--db", default=settings.get("db"), help="database: SQLite path or postgresql:// URL")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--actors", action="append", metavar="FILE.yaml",
                   help="extra actor dictionary for coding posted stories (repeatable)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="server processes sharing the port (default 1; 0: one per core)")
    p.add_argument("--log-level", default="warning", choices=("critical", "error", "warning", "info", "debug"))
    p.add_argument("--access-log", action="store_true", help="log every request")
    p.set_defaults(func=cmd_serve)
