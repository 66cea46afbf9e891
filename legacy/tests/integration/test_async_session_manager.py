"""Legacy's `AsyncSessionManager`: session state loaded once into memory, saved by rewriting.

Step 2 of the migration deletes the manager, and this file with it.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.application import Application, MessageView
from app.domain.errors import SessionNotFoundError
from app.domain.models import AgentContext, Message, Session, SessionStatus
from app.repositories.agent_context_repository import AgentContextRepositoryImpl
from app.repositories.session_repository import SessionRepositoryImpl
from app.session_manager.async_session_manager import (
    AsyncSessionManager,
    SessionDbService,
    SessionState,
)
from tests.support.probe import DatabaseProbe
from tests.support.statements import StatementCounter

AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


async def store_session(engine: AsyncEngine, session_id: str, *contents: str) -> Session:
    repository = SessionRepositoryImpl(engine)
    session = Session(id=session_id, created_at=AT)
    await repository.add(session)
    session.messages = [Message.create("user", content, AT) for content in contents]
    await repository.save(session)
    return session


@pytest.fixture
def manager(engine: AsyncEngine) -> AsyncSessionManager:
    return AsyncSessionManager(SessionDbService(engine))


async def test_first_access_loads_messages_status_and_agent(
    engine: AsyncEngine, manager: AsyncSessionManager
) -> None:
    session = await store_session(engine, "s1", "Hello", "My invoice")
    context = AgentContext("s1")
    switch = context.switch_to("billing", "user mentioned 'invoice'", AT)
    await AgentContextRepositoryImpl(engine).save(context)

    state = await manager.get("s1")

    assert state == SessionState(
        session_id="s1",
        status=SessionStatus.OPEN,
        messages=session.messages,
        current_agent="billing",
        switches=[switch],
    )


async def test_session_that_never_switched_loads_with_triage(
    engine: AsyncEngine, manager: AsyncSessionManager
) -> None:
    await store_session(engine, "s1")

    state = await manager.get("s1")

    assert (state.current_agent, state.switches, state.messages) == ("triage", [], [])


async def test_memory_is_kept_and_goes_stale(
    engine: AsyncEngine, manager: AsyncSessionManager
) -> None:
    session = await store_session(engine, "s1", "Hello")
    state = await manager.get("s1")

    session.messages.append(Message.create("assistant", "Good", AT))
    await SessionRepositoryImpl(engine).save(session)

    assert await manager.get("s1") is state
    assert [m.content for m in state.messages] == ["Hello"]


async def test_concurrent_first_accesses_share_one_state(
    engine: AsyncEngine, manager: AsyncSessionManager
) -> None:
    await store_session(engine, "s1", "Hello")

    states = await asyncio.gather(*(manager.get("s1") for _ in range(5)))

    assert all(state is states[0] for state in states)


async def test_unknown_session_is_not_found(
    engine: AsyncEngine, manager: AsyncSessionManager
) -> None:
    await store_session(engine, "s1")

    assert await SessionDbService(engine).load_session("missing") is None
    with pytest.raises(SessionNotFoundError, match="no session with id 'missing'"):
        await manager.get("missing")


async def test_save_session_rewrites_messages_status_and_agent(
    engine: AsyncEngine, probe: DatabaseProbe
) -> None:
    await store_session(engine, "s1", "Hello", "Written by someone else")
    state = SessionState(
        session_id="s1",
        status=SessionStatus.CLOSED,
        messages=[Message.create("user", "Hello", AT), Message.create("assistant", "Hi", AT)],
        current_agent="tech",
    )

    with StatementCounter() as statements:
        await SessionDbService(engine).save_session(state)

    assert statements.on("messages") == {"DELETE": 1, "INSERT": 1}
    assert statements.on("agent_contexts") == {"DELETE": 1, "INSERT": 1}
    assert await probe.messages("s1") == [("user", "Hello"), ("assistant", "Hi")]
    assert await probe.current_agent("s1") == "tech"
    assert (await SessionRepositoryImpl(engine).find_by_id("s1")).status is SessionStatus.CLOSED


async def test_save_session_of_an_empty_state_deletes_every_message(
    engine: AsyncEngine, probe: DatabaseProbe
) -> None:
    await store_session(engine, "s1", "Hello")

    await SessionDbService(engine).save_session(SessionState("s1", SessionStatus.OPEN))

    assert await probe.messages("s1") == []


async def test_application_reads_history_and_agent_from_stale_memory(
    app: Application, probe: DatabaseProbe
) -> None:
    session_id = await app.create_session()
    await app.post_user_turn(session_id, "Hello")  # loads the session into memory

    await app.add_message(session_id, "assistant", "Good")
    await app.switch_agent(session_id, "tech")

    assert await probe.messages(session_id) == [
        ("user", "Hello"),
        ("assistant", "Hi"),
        ("assistant", "Good"),
    ]
    assert await probe.current_agent(session_id) == "tech"
    assert await app.get_history(session_id) == [
        MessageView("user", "Hello"),
        MessageView("assistant", "Hi"),
    ]
    assert await app.get_current_agent(session_id) == "triage"
