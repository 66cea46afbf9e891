"""Sessions and their messages. A message is appended as one row; stored ones are never rewritten.

Appending takes the session's next number with one atomic UPDATE … RETURNING on the session's
row, then inserts the one new row, in one transaction: concurrent writers queue on that row
(PostgreSQL) or on the database's write lock (SQLite), and each gets a number of its own.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.rows import as_utc, message_from_row
from app.db.tables import messages, sessions
from app.domain.errors import SessionClosedError, SessionNotFoundError
from app.domain.models import Message, Session, SessionStatus


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
                select(messages).where(messages.c.session_id == session_id).order_by(messages.c.seq)
            )
            return Session(
                id=row.id,
                created_at=as_utc(row.created_at),
                status=SessionStatus(row.status),
                messages=[message_from_row(m) for m in message_result],
            )

    async def append_message(self, session_id: str, message: Message) -> int:
        """Store `message` after the session's last one; returns its number in the session."""
        async with self._engine.begin() as connection:
            seq = await connection.scalar(
                update(sessions)
                .where(sessions.c.id == session_id, sessions.c.status == SessionStatus.OPEN)
                .values(last_seq=sessions.c.last_seq + 1)
                .returning(sessions.c.last_seq)
            )
            if seq is None:
                status = await connection.scalar(
                    select(sessions.c.status).where(sessions.c.id == session_id)
                )
                if status is None:
                    raise SessionNotFoundError(session_id)
                raise SessionClosedError(session_id)
            await connection.execute(
                insert(messages).values(
                    session_id=session_id,
                    seq=seq,
                    role=message.role.value,
                    content=message.content,
                    created_at=message.created_at,
                )
            )
        return seq

    async def close(self, session_id: str) -> None:
        async with self._engine.begin() as connection:
            closed = await connection.execute(
                update(sessions)
                .where(sessions.c.id == session_id)
                .values(status=SessionStatus.CLOSED.value)
            )
            if closed.rowcount == 0:
                raise SessionNotFoundError(session_id)
