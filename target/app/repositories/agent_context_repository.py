"""Which agent serves a session, and its switch history, with optimistic concurrency.

Each stored context carries a version. Saving writes only over the version that was read, so a
switch made meanwhile by another request is detected (ConcurrentUpdateError), never overwritten.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.rows import switch_history, switches_from_history
from app.db.tables import agent_contexts, sessions
from app.domain.errors import ConcurrentUpdateError, SessionNotFoundError
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
                        agent_contexts.c.version,
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
            session_id, row.current_agent, switches_from_history(row.switch_history), row.version
        )

    async def save(self, context: AgentContext) -> None:
        """Store `context` unless another version was stored since it was read."""
        values = {
            "current_agent": context.current_agent,
            "switch_history": switch_history(context.switches),
            "version": context.version + 1,
        }
        async with self._engine.begin() as connection:
            if context.version == 0:
                try:
                    await connection.execute(
                        insert(agent_contexts).values(session_id=context.session_id, **values)
                    )
                except IntegrityError:
                    raise ConcurrentUpdateError(context.session_id) from None
            else:
                updated = await connection.execute(
                    update(agent_contexts)
                    .where(
                        agent_contexts.c.session_id == context.session_id,
                        agent_contexts.c.version == context.version,
                    )
                    .values(**values)
                )
                if updated.rowcount == 0:
                    raise ConcurrentUpdateError(context.session_id)
        context.version += 1
