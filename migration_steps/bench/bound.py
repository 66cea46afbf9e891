"""The bare-driver lower bound: plain SQLAlchemy Core inserting message rows, nothing else.

Same process, same database, same driver and journal mode as the stage; a table of its own
shaped like legacy's messages. No session lookup, no events, no domain objects: whatever a
stage costs above this is its own design.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
    insert,
)
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

_metadata = MetaData()
bound_messages = Table(
    "bench_bound_messages",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(36), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("role", String(16), nullable=False),
    Column("content", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

_SESSION = "00000000-0000-0000-0000-000000000000"


def bench_engine(url: str, pool_size: int = 1) -> AsyncEngine:
    """An engine configured as the stages configure theirs (SQLite: WAL, 30 s busy timeout)."""
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_async_engine(
            url, connect_args={"timeout": 30}, pool_size=pool_size, max_overflow=0
        )
        event.listen(engine.sync_engine, "connect", _sqlite_wal)
        return engine
    return create_async_engine(url, pool_size=pool_size, max_overflow=0)


def _sqlite_wal(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


class BareDriver:
    def __init__(self, url: str) -> None:
        self._engine = bench_engine(url)
        self._position = 0

    async def __aenter__(self) -> BareDriver:
        async with self._engine.begin() as connection:
            await connection.run_sync(_metadata.create_all)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self._engine.dispose()

    def _rows(self, count: int) -> list[dict[str, Any]]:
        now = datetime.now(UTC)
        start, self._position = self._position, self._position + count
        return [
            {
                "session_id": _SESSION,
                "position": position,
                "role": "user",
                "content": f"bound message {position}",
                "created_at": now,
            }
            for position in range(start, start + count)
        ]

    async def one_row_per_transaction(self, count: int) -> list[float]:
        """Insert `count` rows, each in its own transaction; the seconds each one took."""
        latencies = []
        for row in self._rows(count):
            started = time.perf_counter()
            async with self._engine.begin() as connection:
                await connection.execute(insert(bound_messages).values(**row))
            latencies.append(time.perf_counter() - started)
        return latencies

    async def one_batch(self, count: int) -> float:
        """Insert `count` rows in one transaction (executemany); the seconds it took."""
        rows = self._rows(count)
        started = time.perf_counter()
        async with self._engine.begin() as connection:
            await connection.execute(insert(bound_messages), rows)
        return time.perf_counter() - started
