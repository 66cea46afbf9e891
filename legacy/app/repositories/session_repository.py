"""Sessions and their messages. Saving rewrites the session's messages: DELETE all, INSERT all."""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.rows import as_utc, message_from_row, message_rows
from app.db.tables import messages, sessions
from app.domain.errors import SessionNotFoundError
from app.domain.models import Session, SessionStatus


class SessionRepositoryImpl:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, session: Session) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                insert(sessions).values(
                    id=session.id, status=session.status.value, created_at=session.created_at
                )
            )

    async def find_by_id(self, session_id: str) -> Session:
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(select(sessions).where(sessions.c.id == session_id))
            ).first()
            if row is None:
                raise SessionNotFoundError(session_id)
            message_result = await connection.execute(
                select(messages)
                .where(messages.c.session_id == session_id)
                .order_by(messages.c.position, messages.c.id)
            )
            return Session(
                id=row.id,
                created_at=as_utc(row.created_at),
                status=SessionStatus(row.status),
                messages=[message_from_row(m) for m in message_result],
            )

    async def save(self, session: Session) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                update(sessions)
                .where(sessions.c.id == session.id)
                .values(status=session.status.value)
            )
            await connection.execute(delete(messages).where(messages.c.session_id == session.id))
            rows = message_rows(session.id, session.messages)
            if rows:
                await connection.execute(insert(messages), rows)
