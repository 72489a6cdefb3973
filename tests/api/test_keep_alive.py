"""`serve_keep_alive`: how long the server keeps an idle HTTP connection open (uvicorn
closes it after 5 s by default; a proxy or a slow client may want longer)."""

from __future__ import annotations

import http.client
import time
from pathlib import Path

import pytest

from tests.serving import build_sample, serve


def test_an_idle_connection_closes_after_the_setting(tmp_path: Path) -> None:
    db = build_sample(str(tmp_path / "keep.db"))
    with serve(db, tmp_path / "keep.log", extra_env={"TITFORTAT_SERVE_KEEP_ALIVE": "1"}) as server:
        conn = http.client.HTTPConnection(server.host, server.port, timeout=60)
        conn.request("GET", "/api/health")
        assert conn.getresponse().read()
        time.sleep(3.5)  # past the 1 s setting, within uvicorn's 5 s default
        conn.request("GET", "/api/health")
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
            conn.getresponse()
        conn.close()
