"""Throwaway databases: a SQLite file per test; on PostgreSQL one database per run with a
random name, emptied before each test (CREATE DATABASE costs 0.06-0.3 s on a small server)."""

from __future__ import annotations

import secrets
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

CONNECT_TIMEOUT_SECONDS = 5.0
LOCK_TIMEOUT = "5s"


def sqlite_url(directory: Path) -> str:
    return f"sqlite+aiosqlite:///{directory.resolve() / 'chat.sqlite3'}"


async def create_postgres_database(server_url: str) -> str:
    """Create a database with a random name on `server_url`'s server; return its URL."""
    name = f"legacy_test_{secrets.token_hex(6)}"
    await _execute(server_url, f'CREATE DATABASE "{name}"')
    database = make_url(server_url).set(drivername="postgresql+asyncpg", database=name)
    return database.render_as_string(hide_password=False)


async def drop_postgres_database(server_url: str, database_url: str) -> None:
    name = make_url(database_url).database
    await _execute(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def empty_postgres_database(database_url: str) -> None:
    """Remove every table, so the database is as new."""
    await _execute(
        database_url,
        f"SET lock_timeout = '{LOCK_TIMEOUT}'; DROP SCHEMA public CASCADE; CREATE SCHEMA public",
    )


async def _execute(url: str, statement: str) -> None:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn, timeout=CONNECT_TIMEOUT_SECONDS)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()
