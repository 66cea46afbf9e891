"""Engine construction for SQLite (a file, WAL) and PostgreSQL (asyncpg)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.db.schema import upgrade_to_head

SQLITE_BUSY_TIMEOUT_SECONDS = 30


def create_database_engine(database_url: str) -> AsyncEngine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        engine = create_async_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
            pool_size=10,
            max_overflow=10,
        )
        event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)
        event.listen(engine.sync_engine, "begin", _begin_sqlite_transaction)
        return engine
    return create_async_engine(url, pool_size=10, max_overflow=10)


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # The driver would begin transactions itself, late (at the first write) and never around
    # DDL; `_begin_sqlite_transaction` begins them where SQLAlchemy does, so reads made before a
    # write are in its transaction and a schema upgrade is one atomic transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


async def create_schema(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(upgrade_to_head)
