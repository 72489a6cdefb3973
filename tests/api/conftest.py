"""API fixtures: a real server over the sample store, on SQLite and on PostgreSQL when
TITFORTAT_TEST_PG_URL points at a server (see .ci/postgres.sh)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.serving import PG_ENV, Server, build_sample, fresh_pg, serve


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A `titfortat serve` process over the sample corpus, once per backend and module."""
    tmp = tmp_path_factory.mktemp("api")
    if request.param == "sqlite":
        db = build_sample(str(tmp / "sample.db"))
    else:
        url = os.environ.get(PG_ENV)
        if not url:
            pytest.skip(f"PostgreSQL tests need {PG_ENV} (run under .ci/postgres.sh)")
        db = build_sample(fresh_pg(url))
    with serve(db, tmp / "server.log") as running:
        yield running
