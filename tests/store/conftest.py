"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when
TITFORTAT_TEST_PG_URL points at a server (see .ci/postgres.sh)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import BACKENDS, empty_db, fresh_pg
from titfortat.store import Store

PG_ENV = "TITFORTAT_TEST_PG_URL"


_fresh_pg = fresh_pg  # empty the test database (drop and recreate the public schema)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database, once per backend."""
    return empty_db(request.param, tmp_path / "test.db")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s
