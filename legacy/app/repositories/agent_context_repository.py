"""Which agent serves a session, and its switch history. Saving rewrites the row."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.rows import switch_history, switches_from_history
from app.db.tables import agent_contexts, sessions
from app.domain.errors import SessionNotFoundError
from app.domain.models import AgentContext


class AgentContextRepositoryImpl:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def find_by_session_id(self, session_id: str) -> AgentContext:
        """The session's context; a session that never switched is served by the initial agent."""
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(
                    select(
                        sessions.c.id,
                        agent_contexts.c.current_agent,
                        agent_contexts.c.switch_history,
                    )
                    .select_from(sessions.outerjoin(agent_contexts))
                    .where(sessions.c.id == session_id)
                )
            ).first()
        if row is None:
            raise SessionNotFoundError(session_id)
        if row.current_agent is None:
            return AgentContext(session_id)
        return AgentContext(
            session_id, row.current_agent, switches_from_history(row.switch_history)
        )

    async def save(self, context: AgentContext) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                delete(agent_contexts).where(agent_contexts.c.session_id == context.session_id)
            )
            await connection.execute(
                insert(agent_contexts).values(
                    session_id=context.session_id,
                    current_agent=context.current_agent,
                    switch_history=switch_history(context.switches),
                )
            )
