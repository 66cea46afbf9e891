"""Reads what a stage's database holds, without going through the stage's own (possibly stale) code.

The schema differs between stages (later ones add columns), so tables are reflected and only the
columns every stage keeps are read.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from migration_steps.databases import async_url

_MESSAGE_ORDER_COLUMNS = ("seq", "position", "id")
_READ_TABLES = ("sessions", "messages", "agent_contexts")


class DatabaseView:
    def __init__(self, database_url: str) -> None:
        self._engine: AsyncEngine = create_async_engine(async_url(database_url))
        self._tables: dict[str, Table] = {}

    async def close(self) -> None:
        await self._engine.dispose()

    async def _table(self, name: str) -> Table:
        if name not in self._tables:
            # One reflection for every table read here: on PostgreSQL each call costs ~40 ms.
            metadata = MetaData()
            async with self._engine.connect() as connection:
                await connection.run_sync(
                    metadata.reflect, only=lambda table, _: table in _READ_TABLES or table == name
                )
            self._tables.update(metadata.tables)
        return self._tables[name]

    async def messages(self, session_id: str) -> list[str]:
        """The session's stored messages as 'role: content', in conversation order."""
        table = await self._table("messages")
        order = [table.c[name] for name in _MESSAGE_ORDER_COLUMNS if name in table.c]
        query = (
            select(table.c.role, table.c.content)
            .where(table.c.session_id == session_id)
            .order_by(*order)
        )
        async with self._engine.connect() as connection:
            return [f"{row.role}: {row.content}" for row in await connection.execute(query)]

    async def agent(self, session_id: str) -> tuple[str | None, list[str]]:
        """The stored current agent and switch history ('from → to') of a session."""
        current_agent, history = await self.agent_context(session_id)
        return current_agent, [switch_label(item) for item in history]

    async def agent_context(self, session_id: str) -> tuple[str | None, list[dict[str, Any]]]:
        """The stored current agent and switch history as written, reasons and times included."""
        table = await self._table("agent_contexts")
        query = select(table.c.current_agent, table.c.switch_history).where(
            table.c.session_id == session_id
        )
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return (None, []) if row is None else (row.current_agent, list(row.switch_history or []))

    async def status(self, session_id: str) -> str | None:
        """The stored status of a session ('open', 'closed'), None when there is no such row."""
        table = await self._table("sessions")
        query = select(table.c.status).where(table.c.id == session_id)
        async with self._engine.connect() as connection:
            return (await connection.execute(query)).scalar_one_or_none()

    async def row_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for name in ("sessions", "messages", "agent_contexts"):
            table = await self._table(name)
            async with self._engine.connect() as connection:
                counts[name] = (
                    await connection.execute(select(func.count()).select_from(table))
                ).scalar_one()
        return counts


def switch_label(item: dict[str, Any]) -> str:
    return f"{item['from_agent']} → {item['to_agent']}"
