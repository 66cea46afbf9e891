"""Writes: a message is one appended row; an agent context is saved over the version it was read at.

Whatever the conversation's length, add_message costs the same two statements. Concurrent writers
on one session lose nothing and duplicate nothing. A switch that loses a race to another one is
applied again to the newer context, and after a bounded number of tries it is refused with a
clear error: it is never silently dropped.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.agents import default_agents
from app.db.tables import messages, sessions
from app.domain.errors import (
    ConcurrentUpdateError,
    DomainError,
    SessionClosedError,
    SessionNotFoundError,
)
from app.domain.models import AgentContext, AgentSwitch, Message, Session
from app.repositories.agent_context_repository import AgentContextRepositoryImpl
from app.repositories.session_repository import SessionRepositoryImpl
from app.services.agent_orchestration import SWITCH_ATTEMPTS, AgentOrchestrationService
from app.services.session_management import SessionManagementService
from tests.support.probe import DatabaseProbe
from tests.support.statements import StatementCounter

AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
WRITERS = 50
SEED_MESSAGES = 5
SWITCHERS = 20


async def unobserved(_event: object) -> None:
    """Events go nowhere: these tests read the tables."""


@pytest.fixture
def service(engine: AsyncEngine) -> SessionManagementService:
    return SessionManagementService(SessionRepositoryImpl(engine), unobserved, lambda: AT)


def orchestration_on(
    repository: AgentContextRepositoryImpl, service: SessionManagementService
) -> AgentOrchestrationService:
    return AgentOrchestrationService(repository, service, default_agents(), unobserved, lambda: AT)


async def store_conversation(engine: AsyncEngine, session_id: str, length: int) -> None:
    """A session already holding `length` messages, written straight into the tables."""
    rows = [
        {"session_id": session_id, "seq": seq, "role": "user", "content": f"stored {seq}"}
        for seq in range(1, length + 1)
    ]
    async with engine.begin() as connection:
        await connection.execute(
            insert(sessions).values(id=session_id, status="open", created_at=AT, last_seq=length)
        )
        await connection.execute(insert(messages).values(created_at=AT), rows)


async def stored_numbers(engine: AsyncEngine, session_id: str) -> list[int]:
    async with engine.connect() as connection:
        result = await connection.execute(
            select(messages.c.seq).where(messages.c.session_id == session_id).order_by("seq")
        )
        return list(result.scalars())


def writes(statements: StatementCounter) -> dict[tuple[str, str], int]:
    """Every statement but the transaction's BEGIN (SQLite sends one, asyncpg none)."""
    return {key: count for key, count in statements.counts.items() if key[0] != "BEGIN"}


@pytest.mark.parametrize("length", [10, 1_000])
async def test_add_message_costs_two_statements_however_long_the_conversation(
    engine: AsyncEngine, service: SessionManagementService, probe: DatabaseProbe, length: int
) -> None:
    await store_conversation(engine, "s1", length)

    with StatementCounter() as statements:
        await service.add_message("s1", "assistant", "one more")

    assert writes(statements) == {("UPDATE", "sessions"): 1, ("INSERT", "messages"): 1}
    assert (await probe.messages("s1"))[-2:] == [
        ("user", f"stored {length}"),
        ("assistant", "one more"),
    ]
    assert await stored_numbers(engine, "s1") == list(range(1, length + 2))


async def test_messages_are_numbered_in_the_order_they_were_appended(engine: AsyncEngine) -> None:
    repository = SessionRepositoryImpl(engine)
    await repository.add(Session(id="s1", created_at=AT))
    conversation = [
        Message.create(role, text, AT)
        for role, text in [("user", "Hello"), ("assistant", "Hi"), ("user", "Bye")]
    ]

    numbers = [await repository.append_message("s1", message) for message in conversation]

    assert numbers == [1, 2, 3]
    assert (await repository.find_by_id("s1")).messages == conversation


async def test_appending_to_a_closed_or_unknown_session_writes_nothing(
    engine: AsyncEngine, probe: DatabaseProbe
) -> None:
    repository = SessionRepositoryImpl(engine)
    await repository.add(Session(id="s1", created_at=AT))
    await repository.close("s1")
    before = await probe.snapshot()

    with pytest.raises(SessionClosedError):
        await repository.append_message("s1", Message.create("user", "Hello", AT))
    with pytest.raises(SessionNotFoundError):
        await repository.append_message("missing", Message.create("user", "Hello", AT))
    with pytest.raises(SessionNotFoundError):
        await repository.close("missing")

    assert await probe.snapshot() == before


async def test_concurrent_writers_lose_and_duplicate_nothing(
    engine: AsyncEngine, service: SessionManagementService, probe: DatabaseProbe
) -> None:
    session = await service.create_session()
    for index in range(SEED_MESSAGES):
        await service.add_message(session.id, "user", f"seed {index}")

    results = await asyncio.gather(
        *(service.add_message(session.id, "user", f"write {index}") for index in range(WRITERS)),
        return_exceptions=True,
    )

    assert [result for result in results if isinstance(result, BaseException)] == []
    stored = [content for _role, content in await probe.messages(session.id)]
    assert stored[:SEED_MESSAGES] == [f"seed {index}" for index in range(SEED_MESSAGES)]
    assert sorted(stored[SEED_MESSAGES:]) == sorted(f"write {index}" for index in range(WRITERS))
    assert await stored_numbers(engine, session.id) == list(range(1, SEED_MESSAGES + WRITERS + 1))


async def test_saving_a_stale_agent_context_is_refused_and_writes_nothing(
    engine: AsyncEngine, probe: DatabaseProbe
) -> None:
    await SessionRepositoryImpl(engine).add(Session(id="s1", created_at=AT))
    repository = AgentContextRepositoryImpl(engine)
    for first_agent, second_agent in [("billing", "tech"), ("tech", "billing")]:
        first = await repository.find_by_session_id("s1")
        second = await repository.find_by_session_id("s1")
        first.switch_to(first_agent, "first", AT)
        with StatementCounter() as statements:
            await repository.save(first)
        second.switch_to(second_agent, "second", AT)
        before = await probe.snapshot()

        with pytest.raises(ConcurrentUpdateError):
            await repository.save(second)

        assert (
            len(writes(statements)) == 1 and ("DELETE", "agent_contexts") not in statements.counts
        )
        assert await probe.snapshot() == before
        assert await repository.find_by_session_id("s1") == first


async def test_concurrent_switches_are_each_stored_or_refused(
    engine: AsyncEngine, service: SessionManagementService
) -> None:
    orchestration = orchestration_on(AgentContextRepositoryImpl(engine), service)
    session = await service.create_session()

    results = await asyncio.gather(
        *(
            orchestration.switch_agent(session.id, ("billing", "tech")[index % 2], f"call {index}")
            for index in range(SWITCHERS)
        ),
        return_exceptions=True,
    )

    refused = [result for result in results if isinstance(result, BaseException)]
    assert all(isinstance(error, ConcurrentUpdateError) for error in refused), refused
    acknowledged = [result for result in results if isinstance(result, AgentSwitch)]
    stored = await orchestration.get_context(session.id)
    assert sorted(stored.switches, key=reason) == sorted(acknowledged, key=reason)
    chain = ["triage", *(switch.to_agent for switch in stored.switches)]
    assert [switch.from_agent for switch in stored.switches] == chain[:-1]
    assert stored.current_agent == chain[-1]


def reason(switch: AgentSwitch) -> str:
    return switch.reason


class RivalSwitches(AgentContextRepositoryImpl):
    """The real repository, except that after each of the first `rounds` reads a rival request
    switches the same session and commits first, so the save that follows loses its race."""

    def __init__(self, engine: AsyncEngine, rounds: int) -> None:
        super().__init__(engine)
        self.rival = AgentContextRepositoryImpl(engine)
        self.rounds = rounds
        self.reads = 0

    async def find_by_session_id(self, session_id: str) -> AgentContext:
        context = await super().find_by_session_id(session_id)
        self.reads += 1
        if self.reads <= self.rounds:
            rival = await self.rival.find_by_session_id(session_id)
            rival.switch_to("tech" if rival.current_agent != "tech" else "triage", "rival", AT)
            await self.rival.save(rival)
        return context


async def test_a_switch_that_lost_a_race_is_applied_to_the_newer_context(
    engine: AsyncEngine, service: SessionManagementService
) -> None:
    repository = RivalSwitches(engine, rounds=1)
    session = await service.create_session()

    switch = await orchestration_on(repository, service).switch_agent(
        session.id, "billing", "asked"
    )

    assert switch == AgentSwitch("tech", "billing", "asked", AT)
    stored = await repository.rival.find_by_session_id(session.id)
    assert [(s.from_agent, s.to_agent, s.reason) for s in stored.switches] == [
        ("triage", "tech", "rival"),
        ("tech", "billing", "asked"),
    ]


async def test_a_switch_that_keeps_losing_is_refused_with_a_clear_domain_error(
    engine: AsyncEngine, service: SessionManagementService
) -> None:
    repository = RivalSwitches(engine, rounds=SWITCH_ATTEMPTS)
    session = await service.create_session()

    with pytest.raises(ConcurrentUpdateError) as refused:
        await orchestration_on(repository, service).switch_agent(session.id, "billing", "asked")

    assert isinstance(refused.value, DomainError)
    assert str(refused.value) == (
        f"the agent of session {session.id!r} was changed by another request at the same time; "
        "nothing was saved, try again"
    )
    assert repository.reads == SWITCH_ATTEMPTS
    stored = await repository.rival.find_by_session_id(session.id)
    assert [switch.reason for switch in stored.switches] == ["rival"] * SWITCH_ATTEMPTS
