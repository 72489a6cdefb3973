"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when
TITFORTAT_TEST_PG_URL points at a server (see .ci/postgres.sh)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import fresh_pg
from titfortat.store import Store

PG_ENV = "TITFORTAT_TEST_PG_URL"


_fresh_pg = fresh_pg  # empty the test database (drop and recreate the public schema)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database, once per backend."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (run under .ci/postgres.sh)")
    return _fresh_pg(url)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s
