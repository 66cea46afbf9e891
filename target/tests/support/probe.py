"""Reads the tables directly, past the application, to see what is really stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from app.db.tables import agent_contexts, messages, metadata

Snapshot = dict[str, list[tuple[Any, ...]]]


class DatabaseProbe:
    def __init__(self, database_url: str) -> None:
        self._engine = create_async_engine(database_url)

    async def snapshot(self) -> Snapshot:
        """Every row of every table, in primary-key order."""
        tables: Snapshot = {}
        async with self._engine.connect() as connection:
            for table in metadata.sorted_tables:
                result = await connection.execute(
                    select(table).order_by(*table.primary_key.columns)
                )
                tables[table.name] = [tuple(row) for row in result]
        return tables

    async def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in (await self.snapshot()).items()}

    async def messages(self, session_id: str) -> list[tuple[str, str]]:
        """(role, content) of the session's stored messages, in conversation order."""
        async with self._engine.connect() as connection:
            result = await connection.execute(
                select(messages.c.role, messages.c.content)
                .where(messages.c.session_id == session_id)
                .order_by(messages.c.seq)
            )
            return [(row.role, row.content) for row in result]

    async def current_agent(self, session_id: str) -> str | None:
        """The stored agent; None when the session never switched."""
        async with self._engine.connect() as connection:
            return await connection.scalar(
                select(agent_contexts.c.current_agent).where(
                    agent_contexts.c.session_id == session_id
                )
            )

    async def dispose(self) -> None:
        await self._engine.dispose()
