"""Helpers for the API and dashboard tests: the sample store (examples/ coded once per test
session) and a real `titfortat serve` process on a free loopback port."""

from __future__ import annotations

import functools
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from titfortat.store import Store
from titfortat.store.store import engine_url

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
PG_ENV = "TITFORTAT_TEST_PG_URL"
TOKEN = "test-token-3f9a"


@functools.cache
def sample_results() -> tuple[Any, ...]:
    """The sample corpus coded as `make run` codes it (with its actor dictionary)."""
    from titfortat.api import code_stories, load
    from titfortat.ingest.readers import read_paths

    nlp = load(actors=[str(EXAMPLES / "actors.yaml")])
    return tuple(code_stories(read_paths([str(EXAMPLES)]), nlp=nlp))


def fresh_pg(url: str) -> str:
    """Empty the test database (drop and recreate the public schema) and return its URL."""
    engine = sa.create_engine(engine_url(url))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def empty_db(backend: str, sqlite_path: Path) -> str:
    """A URL of an empty database: the SQLite file `sqlite_path`, or the test PostgreSQL
    database emptied; a PostgreSQL test is skipped when no server is given."""
    if backend == "sqlite":
        return str(sqlite_path)
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (run under .ci/postgres.sh)")
    return fresh_pg(url)


def build_sample(url: str) -> str:
    with Store.open(url) as store:
        store.ingest(sample_results())
    return url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running server: its base URL and a raw HTTP client (no URL normalisation)."""

    host: str
    port: int
    db: str
    log: Path
    pid: int = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            sent = {k.lower() for k in (headers or {})}
            for k, v in (headers or {}).items():
                conn.putheader(k, v)
            if body is not None and not sent & {"content-length", "transfer-encoding"}:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            res = conn.getresponse()
            return res.status, {k.lower(): v for k, v in res.getheaders()}, res.read()
        finally:
            conn.close()

    def get_json(self, path: str) -> Any:
        status, _headers, body = self.request("GET", path)
        assert status == 200, (path, status, body[:300])
        return json.loads(body)


@contextmanager
def serve(db: str, log: Path, token: str = TOKEN, extra_env: dict[str, str] | None = None,
          args: tuple[str, ...] = ()) -> Iterator[Server]:
    """Start `python -m titfortat serve` (with `args`) on a free port; stop it afterwards."""
    port = free_port()
    env = {**os.environ, "TITFORTAT_API_TOKEN": token, **(extra_env or {})}
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "titfortat", "serve", "--db", db, "--port", str(port),
                                 "--actors", str(EXAMPLES / "actors.yaml"), *args],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    server = Server("127.0.0.1", port, db, log, proc.pid)
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text(encoding='utf-8')[-2000:]}")
            try:
                if server.request("GET", "/api/health")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {log.read_text(encoding='utf-8')[-2000:]}")
            time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
