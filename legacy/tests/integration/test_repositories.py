"""Repositories on a real database: saving a session rewrites its messages (DELETE + INSERT)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.tables import agent_contexts, messages, sessions
from app.domain.errors import SessionNotFoundError
from app.domain.models import AgentContext, Message, Session, SessionStatus
from app.repositories.agent_context_repository import AgentContextRepositoryImpl
from app.repositories.session_repository import SessionRepositoryImpl
from tests.support.statements import StatementCounter

AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def message(role: str, content: str, minutes: int = 0) -> Message:
    return Message.create(role, content, AT + timedelta(minutes=minutes))


async def test_session_round_trip(engine: AsyncEngine) -> None:
    repository = SessionRepositoryImpl(engine)
    await repository.add(Session(id="s1", created_at=AT))

    session = await repository.find_by_id("s1")

    assert session == Session(id="s1", created_at=AT, status=SessionStatus.OPEN, messages=[])
    assert session.created_at.tzinfo is not None


async def test_save_stores_messages_and_status(engine: AsyncEngine) -> None:
    repository = SessionRepositoryImpl(engine)
    await repository.add(Session(id="s1", created_at=AT))
    stored = [message("user", "Hello"), message("assistant", "Hi", 1)]
    session = Session(id="s1", created_at=AT, status=SessionStatus.CLOSED, messages=stored)

    await repository.save(session)

    assert await repository.find_by_id("s1") == session


async def test_save_rewrites_every_message_with_one_delete_and_one_insert(
    engine: AsyncEngine,
) -> None:
    repository = SessionRepositoryImpl(engine)
    await repository.add(Session(id="s1", created_at=AT))
    session = await repository.find_by_id("s1")
    session.messages = [message("user", "Hello"), message("assistant", "Hi", 1)]
    await repository.save(session)
    async with engine.begin() as connection:
        await connection.execute(update(messages).values(content="changed behind its back"))

    session.messages.append(message("user", "How are you?", 2))
    with StatementCounter() as statements:
        await repository.save(session)

    assert statements.on("messages") == {"DELETE": 1, "INSERT": 1}
    stored = await repository.find_by_id("s1")
    assert [m.content for m in stored.messages] == ["Hello", "Hi", "How are you?"]


async def test_save_deletes_messages_missing_from_the_session(engine: AsyncEngine) -> None:
    repository = SessionRepositoryImpl(engine)
    await repository.add(Session(id="s1", created_at=AT))
    session = await repository.find_by_id("s1")
    session.messages = [message("user", "Hello"), message("assistant", "Hi", 1)]
    await repository.save(session)

    session.messages = session.messages[:1]
    await repository.save(session)

    assert [m.content for m in (await repository.find_by_id("s1")).messages] == ["Hello"]


async def test_save_leaves_other_sessions_alone(engine: AsyncEngine) -> None:
    repository = SessionRepositoryImpl(engine)
    for session_id in ("s1", "s2"):
        await repository.add(Session(id=session_id, created_at=AT))
    other = Session(id="s2", created_at=AT, messages=[message("user", "Other")])
    await repository.save(other)

    await repository.save(Session(id="s1", created_at=AT, messages=[message("user", "Hello")]))

    assert await repository.find_by_id("s2") == other


async def test_find_by_id_orders_by_position_then_row_id(engine: AsyncEngine) -> None:
    repository = SessionRepositoryImpl(engine)
    await repository.add(Session(id="s1", created_at=AT))
    rows = [(2, "third"), (0, "first"), (1, "second (a)"), (1, "second (b)")]
    async with engine.begin() as connection:
        for position, content in rows:
            await connection.execute(
                insert(messages).values(
                    session_id="s1", position=position, role="user", content=content, created_at=AT
                )
            )

    session = await repository.find_by_id("s1")

    assert [m.content for m in session.messages] == ["first", "second (a)", "second (b)", "third"]


@pytest.mark.parametrize("session_id", ["missing", "", "7b0e2a0c-0000-4000-8000-000000000000"])
async def test_unknown_session_is_not_found(engine: AsyncEngine, session_id: str) -> None:
    await SessionRepositoryImpl(engine).add(Session(id="s1", created_at=AT))

    with pytest.raises(SessionNotFoundError, match=f"no session with id {session_id!r}"):
        await SessionRepositoryImpl(engine).find_by_id(session_id)
    with pytest.raises(SessionNotFoundError):
        await AgentContextRepositoryImpl(engine).find_by_session_id(session_id)


async def test_session_that_never_switched_is_served_by_triage(engine: AsyncEngine) -> None:
    await SessionRepositoryImpl(engine).add(Session(id="s1", created_at=AT))

    context = await AgentContextRepositoryImpl(engine).find_by_session_id("s1")

    assert context == AgentContext("s1", "triage", [])


async def test_agent_context_round_trip_rewrites_its_one_row(engine: AsyncEngine) -> None:
    await SessionRepositoryImpl(engine).add(Session(id="s1", created_at=AT))
    repository = AgentContextRepositoryImpl(engine)
    context = AgentContext("s1")
    context.switch_to("billing", "user mentioned 'refund'", AT)
    await repository.save(context)
    context.switch_to("tech", "requested", AT + timedelta(minutes=1))

    with StatementCounter() as statements:
        await repository.save(context)

    assert await repository.find_by_session_id("s1") == context
    assert statements.on("agent_contexts") == {"DELETE": 1, "INSERT": 1}
    async with engine.connect() as connection:
        rows = (await connection.execute(select(agent_contexts))).all()
    assert [(row.session_id, row.current_agent) for row in rows] == [("s1", "tech")]


async def test_sessions_table_holds_one_row_per_session(engine: AsyncEngine) -> None:
    repository = SessionRepositoryImpl(engine)
    await repository.add(Session(id="s1", created_at=AT))
    await repository.save(Session(id="s1", created_at=AT, status=SessionStatus.CLOSED))

    async with engine.connect() as connection:
        rows = (await connection.execute(select(sessions.c.id, sessions.c.status))).all()

    assert [tuple(row) for row in rows] == [("s1", "closed")]
