"""Legacy in-memory session state, loaded from the database on first access.

It keeps its own database writer (`_db_service`), which the persistence subscriber uses to
save whole sessions from memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.rows import message_from_row, message_rows, switch_history, switches_from_history
from app.db.tables import agent_contexts, messages, sessions
from app.domain.errors import SessionNotFoundError
from app.domain.models import INITIAL_AGENT, AgentSwitch, Message, SessionStatus


@dataclass
class SessionState:
    session_id: str
    status: SessionStatus
    messages: list[Message] = field(default_factory=list)
    current_agent: str = INITIAL_AGENT
    switches: list[AgentSwitch] = field(default_factory=list)


class SessionDbService:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def load_session(self, session_id: str) -> SessionState | None:
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(
                    select(
                        sessions.c.status,
                        agent_contexts.c.current_agent,
                        agent_contexts.c.switch_history,
                    )
                    .select_from(sessions.outerjoin(agent_contexts))
                    .where(sessions.c.id == session_id)
                )
            ).first()
            if row is None:
                return None
            message_result = await connection.execute(
                select(messages)
                .where(messages.c.session_id == session_id)
                .order_by(messages.c.position, messages.c.id)
            )
            return SessionState(
                session_id=session_id,
                status=SessionStatus(row.status),
                messages=[message_from_row(m) for m in message_result],
                current_agent=row.current_agent or INITIAL_AGENT,
                switches=switches_from_history(row.switch_history or []),
            )

    async def save_session(self, state: SessionState) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                update(sessions)
                .where(sessions.c.id == state.session_id)
                .values(status=state.status.value)
            )
            await connection.execute(
                delete(messages).where(messages.c.session_id == state.session_id)
            )
            rows = message_rows(state.session_id, state.messages)
            if rows:
                await connection.execute(insert(messages), rows)
            await connection.execute(
                delete(agent_contexts).where(agent_contexts.c.session_id == state.session_id)
            )
            await connection.execute(
                insert(agent_contexts).values(
                    session_id=state.session_id,
                    current_agent=state.current_agent,
                    switch_history=switch_history(state.switches),
                )
            )


class AsyncSessionManager:
    def __init__(self, db_service: SessionDbService) -> None:
        self._db_service = db_service
        self._states: dict[str, SessionState] = {}

    async def get(self, session_id: str) -> SessionState:
        state = self._states.get(session_id)
        if state is None:
            state = await self._db_service.load_session(session_id)
            if state is None:
                raise SessionNotFoundError(session_id)
            # Another coroutine may have loaded it while this one awaited.
            state = self._states.setdefault(session_id, state)
        return state
