"""Builds long conversations fast: a bulk INSERT into the stage's own message table.

Growing a conversation to 1,000 messages through a rewriting stage's API costs O(n²) rows;
the bench seeds the history directly instead, in the shape the stage's schema has (reflected:
a `position` from 0 in legacy, a `seq` from 1 plus the session's `last_seq` counter in an
append-only stage), then measures calls through the API on top of it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import MetaData, Table, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

_ROLES = ("user", "assistant")


class SeedingError(RuntimeError):
    """The stage's message table has a required column the seeder does not know how to fill."""


class ConversationSeeder:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._tables: dict[str, Table] = {}

    async def _reflect(self) -> dict[str, Table]:
        if not self._tables:
            metadata = MetaData()
            async with self._engine.connect() as connection:
                await connection.run_sync(
                    metadata.reflect, only=lambda name, _: name in ("sessions", "messages")
                )
            self._tables = dict(metadata.tables)
        return self._tables

    async def seed(self, session_id: str, count: int) -> None:
        """Store `count` messages in an empty conversation, in one transaction."""
        tables = await self._reflect()
        messages, sessions = tables["messages"], tables["sessions"]
        rows = [self._row(messages, session_id, index) for index in range(count)]
        async with self._engine.begin() as connection:
            if rows:
                await connection.execute(insert(messages), rows)
            if "last_seq" in sessions.c:
                await connection.execute(
                    update(sessions).where(sessions.c.id == session_id).values(last_seq=count)
                )

    async def stored(self, session_id: str) -> int:
        """How many messages the database holds for the session (not what the app remembers)."""
        messages = (await self._reflect())["messages"]
        query = (
            select(func.count()).select_from(messages).where(messages.c.session_id == session_id)
        )
        async with self._engine.connect() as connection:
            return (await connection.execute(query)).scalar_one()

    def _row(self, messages: Table, session_id: str, index: int) -> dict[str, Any]:
        known: dict[str, Any] = {
            "session_id": session_id,
            "position": index,
            "seq": index + 1,
            "role": _ROLES[index % 2],
            "content": f"seeded message {index}",
            "created_at": datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=index),
        }
        row = {}
        for column in messages.columns:
            if column.name in known:
                row[column.name] = known[column.name]
            elif _must_be_given(column):
                raise SeedingError(
                    f"cannot seed messages: no value for required column {column.name!r}"
                )
        return row


def _must_be_given(column: Any) -> bool:
    # Reflected columns carry only server defaults; an integer primary key fills itself.
    return not (column.nullable or column.primary_key or column.server_default is not None)
