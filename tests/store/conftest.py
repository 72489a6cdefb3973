"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when
TITFORTAT_TEST_PG_URL points at a server (see .ci/postgres.sh)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from titfortat.store import Store
from titfortat.store.store import engine_url

PG_ENV = "TITFORTAT_TEST_PG_URL"


def _fresh_pg(url: str) -> str:
    """Empty the test database (drop and recreate the public schema) and return its URL."""
    engine = sa.create_engine(engine_url(url))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url


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
