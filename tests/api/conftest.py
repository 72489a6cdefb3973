"""API fixtures: a real server over the sample store, on SQLite and on PostgreSQL when
TITFORTAT_TEST_PG_URL points at a server (see .ci/postgres.sh)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import BACKENDS, Server, build_sample, empty_db, serve


def sample_db(backend: str, tmp: Path) -> str:
    """The sample corpus stored in a new SQLite file under `tmp`, or a fresh PostgreSQL database."""
    return build_sample(empty_db(backend, tmp / "sample.db"))


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A `titfortat serve` process over the sample corpus, once per backend and module."""
    tmp = tmp_path_factory.mktemp("api")
    with serve(sample_db(request.param, tmp), tmp / "server.log") as running:
        yield running
