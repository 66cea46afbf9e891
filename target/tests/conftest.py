"""Fixtures: an empty database per test, on SQLite and (when PLAYBOOK_TEST_PG_URL is set) on
PostgreSQL; applications on it driven by a manual clock; a probe that reads the tables directly."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.application import Application
from app.db.engine import create_database_engine, create_schema
from app.main import create_app
from tests.support.apps import AppFactory, settings_for
from tests.support.clock import ManualClock
from tests.support.databases import (
    create_postgres_database,
    drop_postgres_database,
    empty_postgres_database,
    sqlite_url,
)
from tests.support.probe import DatabaseProbe

PG_URL_ENV = "PLAYBOOK_TEST_PG_URL"


@dataclass(frozen=True)
class PgDatabase:
    """The run's PostgreSQL database: its URL, or why there is none."""

    url: str | None = None
    problem: str | None = None


@pytest.fixture(scope="session")
def pg_database() -> Iterator[PgDatabase]:
    server_url = os.environ.get(PG_URL_ENV)
    if not server_url:
        yield PgDatabase()
        return
    try:
        url = asyncio.run(create_postgres_database(server_url))
    except Exception as error:  # whatever the cause, this server cannot host the tests
        yield PgDatabase(
            problem=f"{PG_URL_ENV} is set but unusable: {type(error).__name__}: {error}"
        )
        return
    yield PgDatabase(url=url)
    asyncio.run(drop_postgres_database(server_url, url))


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, pg_database: PgDatabase
) -> str:
    """An empty database: a new SQLite file, or the run's PostgreSQL database emptied."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    if pg_database.problem:
        pytest.fail(pg_database.problem, pytrace=False)
    if pg_database.url is None:
        if os.environ.get("CI_REQUIRE_PG") == "1":
            pytest.fail(f"CI_REQUIRE_PG=1 but {PG_URL_ENV} is not set", pytrace=False)
        pytest.skip(f"{PG_URL_ENV} is not set")
    await empty_postgres_database(pg_database.url)
    return pg_database.url


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def make_app(database_url: str, clock: ManualClock) -> AsyncIterator[AppFactory]:
    """Builds applications on the test's database and clock; closes them all afterwards."""
    apps: list[Application] = []

    async def make() -> Application:
        apps.append(await create_app(settings_for(database_url, clock)))
        return apps[-1]

    yield make
    for app in apps:
        await app.close()


@pytest.fixture
async def app(make_app: AppFactory) -> Application:
    return await make_app()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """The application's engine with its schema, for tests of single components."""
    engine = create_database_engine(database_url)
    await create_schema(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def probe(database_url: str) -> AsyncIterator[DatabaseProbe]:
    probe = DatabaseProbe(database_url)
    yield probe
    await probe.dispose()
