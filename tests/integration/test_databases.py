"""Throwaway databases: a new SQLite file or a new PostgreSQL database, removed afterwards."""

from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

from migration_steps.databases import (
    async_url,
    check_reachable,
    database_kind,
    fresh_database,
    redact,
)
from migration_steps.errors import BadInputError


async def table_names(url: str) -> list[str]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    finally:
        await engine.dispose()


async def create_a_table(url: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE probe (id INTEGER PRIMARY KEY)"))
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("sqlite+aiosqlite:///x.sqlite3", "sqlite"),
        ("sqlite://", "sqlite"),
        ("postgresql+asyncpg://u@h/db", "postgresql"),
        ("postgres://u@h/db", "postgresql"),
    ],
)
def test_database_kind(url: str, kind: str) -> None:
    assert database_kind(url) == kind


def test_unsupported_or_malformed_urls_are_bad_input() -> None:
    with pytest.raises(BadInputError, match="unsupported database 'mysql'"):
        database_kind("mysql://root:secret@localhost/test")
    with pytest.raises(BadInputError, match="is not a database URL"):
        database_kind("not a url")


def test_urls_are_normalised_to_async_drivers_and_redacted() -> None:
    assert async_url("postgres://u:pw@h:5432/db") == "postgresql+asyncpg://u:pw@h:5432/db"
    assert async_url("postgresql://u@h/db") == "postgresql+asyncpg://u@h/db"
    assert redact("postgresql+asyncpg://u:pw@h/db") == "postgresql+asyncpg://u@h/db"


async def test_fresh_sqlite_is_empty_and_removed_afterwards(tmp_path: Path) -> None:
    async with fresh_database(None, tmp_path) as url:
        assert url.startswith(f"sqlite+aiosqlite:///{tmp_path.resolve()}/playbook-")
        assert await table_names(url) == []
        await create_a_table(url)
        assert await table_names(url) == ["probe"]
        assert list(tmp_path.glob("playbook-*.sqlite3"))
    assert list(tmp_path.iterdir()) == []


async def test_two_fresh_sqlite_databases_are_distinct(tmp_path: Path) -> None:
    async with fresh_database(None, tmp_path) as first, fresh_database(None, tmp_path) as second:
        assert first != second


async def test_kept_sqlite_database_stays(tmp_path: Path) -> None:
    async with fresh_database("sqlite://", tmp_path, keep=True) as url:
        await create_a_table(url)
    assert len(list(tmp_path.glob("playbook-*.sqlite3"))) == 1


async def test_unreachable_postgres_is_a_one_line_bad_input() -> None:
    url = "postgresql+asyncpg://someone:secret@127.0.0.1:1/nothing"
    with pytest.raises(BadInputError) as raised:
        await check_reachable(url)
    message = str(raised.value)
    assert message.startswith("cannot reach database at postgresql+asyncpg://someone@127.0.0.1:1")
    assert "secret" not in message
    assert "\n" not in message


async def test_sqlite_in_a_missing_directory_is_unreachable(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="does not exist"):
        await check_reachable(f"sqlite+aiosqlite:///{tmp_path}/missing/chat.sqlite3")


@pytest.mark.postgres
async def test_fresh_postgres_database_is_created_empty_and_dropped(pg_url: str) -> None:
    async with fresh_database(pg_url) as url:
        assert url.startswith("postgresql+asyncpg://")
        database_name = url.rsplit("/", 1)[1]
        assert database_name.startswith("pb_")
        assert await table_names(url) == []
        await create_a_table(url)
        assert await table_names(url) == ["probe"]
        assert await database_exists(pg_url, database_name)
    assert not await database_exists(pg_url, database_name)


async def database_exists(server_url: str, database_name: str) -> bool:
    connection = await asyncpg.connect(async_url(server_url).replace("+asyncpg", ""))
    try:
        found = await connection.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", database_name
        )
    finally:
        await connection.close()
    return found == 1
