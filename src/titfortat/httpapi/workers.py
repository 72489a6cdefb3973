"""Several server processes on one listening socket (`titfortat serve --workers N`).

One Python process runs one handler at a time (the interpreter lock), so a server of one
process uses one core however many requests wait. Here the first process binds the socket,
then forks `workers - 1` copies of itself, and every process accepts connections from the
same socket with its own application, database connections and caches:

- what was imported before the fork (Starlette, SQLAlchemy, pandas, the label tables) is
  shared by all the processes until one of them changes it;
- nothing that holds a connection or a thread exists before the fork (`make_app` runs in
  each process after it);
- the processes' caches stay right because each is keyed by the store's change marker
  (`cache.ChangeMarker`), which moves whichever process (or command) writes;
- writes from several processes queue on the database's write lock (SQLite) or its row
  locks (PostgreSQL), as two `titfortat ingest` commands do.

The first process stops the others when it stops (Ctrl-C, SIGTERM), and on Linux each other
process is told to stop if the first one dies.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Any

import uvicorn

PR_SET_PDEATHSIG = 1


def serve(make_app: Callable[[], Any], workers: int, **options: Any) -> None:
    """Serve `make_app()` with uvicorn (`options`: uvicorn.Config's) in `workers` processes."""
    sock = uvicorn.Config(make_app, **options).bind_socket()
    gc.collect()
    gc.freeze()  # the collector then leaves the imported objects alone, so their pages stay shared
    children: list[int] = []
    first = os.getpid()
    try:
        for _ in range(workers - 1):
            pid = os.fork()
            if pid == 0:  # the child: serve until told to stop, then leave without cleanup
                _child(make_app, sock, options, first)
            children.append(pid)
        uvicorn.Server(uvicorn.Config(make_app(), **options)).run(sockets=[sock])
    finally:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        sock.close()


def _child(make_app: Callable[[], Any], sock: Any, options: dict[str, Any], parent: int) -> None:
    code = 0
    try:
        _die_with_parent()
        if os.getppid() != parent:  # the first process died before the line above
            raise SystemExit(0)
        uvicorn.Server(uvicorn.Config(make_app(), **options)).run(sockets=[sock])
    except BaseException:  # noqa: BLE001 - report it, then leave without the parent's cleanup
        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)


def _die_with_parent() -> None:
    """Linux: a SIGTERM to this process when the first one dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
