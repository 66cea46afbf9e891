"""Domain services on a real database: each change is saved at once, then published."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.agents import default_agents
from app.domain.errors import (
    InvalidContentError,
    SessionClosedError,
    SessionNotFoundError,
    UnknownAgentError,
)
from app.domain.events import AgentSwitched, MessageReceived, SessionClosed, SessionCreated
from app.domain.models import AgentSwitch, Role, SessionStatus
from app.repositories.agent_context_repository import AgentContextRepositoryImpl
from app.repositories.session_repository import SessionRepositoryImpl
from app.services.agent_orchestration import AgentOrchestrationService
from app.services.session_management import SessionManagementService
from tests.support.probe import DatabaseProbe

AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


class Published:
    """Records each event with what the database held when it was published."""

    def __init__(self, probe: DatabaseProbe) -> None:
        self._probe = probe
        self.events: list[object] = []
        self.stored_at_publish: list[list[tuple[str, str]]] = []

    async def __call__(self, event: object) -> None:
        self.events.append(event)
        session_id = getattr(event, "session_id", "")
        self.stored_at_publish.append(await self._probe.messages(session_id))


@pytest.fixture
def published(probe: DatabaseProbe) -> Published:
    return Published(probe)


@pytest.fixture
def sessions(engine: AsyncEngine, published: Published) -> SessionManagementService:
    return SessionManagementService(SessionRepositoryImpl(engine), published, lambda: AT)


@pytest.fixture
def orchestration(
    engine: AsyncEngine, sessions: SessionManagementService, published: Published
) -> AgentOrchestrationService:
    return AgentOrchestrationService(
        AgentContextRepositoryImpl(engine), sessions, default_agents(), published, lambda: AT
    )


async def test_create_session_stores_an_open_session_then_publishes(
    sessions: SessionManagementService, published: Published
) -> None:
    session = await sessions.create_session()

    stored = await sessions.get_session(session.id)
    assert (stored.id, stored.status, stored.created_at, stored.messages) == (
        session.id,
        SessionStatus.OPEN,
        AT,
        [],
    )
    assert published.events == [SessionCreated(session.id)]


async def test_add_message_is_stored_before_it_is_published(
    sessions: SessionManagementService, published: Published
) -> None:
    session = await sessions.create_session()

    message = await sessions.add_message(session.id, "user", "Hello")

    assert (message.role, message.content, message.created_at) == (Role.USER, "Hello", AT)
    assert published.events[-1] == MessageReceived(session.id, "user", "Hello")
    assert published.stored_at_publish[-1] == [("user", "Hello")]


async def test_add_message_appends_after_what_is_stored(
    sessions: SessionManagementService, probe: DatabaseProbe
) -> None:
    session = await sessions.create_session()

    for role, content in [("user", "Hello"), ("assistant", "Hi"), ("system", "note")]:
        await sessions.add_message(session.id, role, content)

    assert await probe.messages(session.id) == [
        ("user", "Hello"),
        ("assistant", "Hi"),
        ("system", "note"),
    ]


async def test_invalid_message_is_neither_stored_nor_published(
    sessions: SessionManagementService, published: Published, probe: DatabaseProbe
) -> None:
    session = await sessions.create_session()
    before = await probe.snapshot()

    with pytest.raises(InvalidContentError):
        await sessions.add_message(session.id, "user", "   ")
    with pytest.raises(SessionNotFoundError):
        await sessions.add_message("missing", "user", "Hello")

    assert await probe.snapshot() == before
    assert published.events == [SessionCreated(session.id)]


async def test_closed_session_is_stored_closed_and_refuses_messages(
    sessions: SessionManagementService, published: Published, probe: DatabaseProbe
) -> None:
    session = await sessions.create_session()
    await sessions.add_message(session.id, "user", "Hello")

    await sessions.close_session(session.id)
    closed = await probe.snapshot()
    with pytest.raises(SessionClosedError):
        await sessions.add_message(session.id, "user", "Still there?")

    assert (await sessions.get_session(session.id)).status is SessionStatus.CLOSED
    assert published.events[-1] == SessionClosed(session.id)
    assert await probe.snapshot() == closed


async def test_switch_agent_is_stored_then_published(
    sessions: SessionManagementService,
    orchestration: AgentOrchestrationService,
    published: Published,
    probe: DatabaseProbe,
) -> None:
    session = await sessions.create_session()

    switch = await orchestration.switch_agent(session.id, "billing", "user mentioned 'refund'")

    assert switch == AgentSwitch("triage", "billing", "user mentioned 'refund'", AT)
    assert await probe.current_agent(session.id) == "billing"
    assert (await orchestration.get_context(session.id)).switches == [switch]
    assert published.events[-1] == AgentSwitched(
        session.id, "triage", "billing", "user mentioned 'refund'"
    )


async def test_switch_to_the_serving_agent_writes_and_publishes_nothing(
    sessions: SessionManagementService,
    orchestration: AgentOrchestrationService,
    published: Published,
    probe: DatabaseProbe,
) -> None:
    session = await sessions.create_session()
    await orchestration.switch_agent(session.id, "tech", "requested")
    before, events_before = await probe.snapshot(), list(published.events)

    assert await orchestration.switch_agent(session.id, "tech", "requested") is None

    assert await probe.snapshot() == before
    assert published.events == events_before


@pytest.mark.parametrize(
    ("session_id", "agent", "error"),
    [
        ("missing", "billing", SessionNotFoundError),
        (None, "billing", SessionNotFoundError),
        ("<created>", "sales", UnknownAgentError),
    ],
)
async def test_bad_switch_writes_and_publishes_nothing(
    sessions: SessionManagementService,
    orchestration: AgentOrchestrationService,
    published: Published,
    probe: DatabaseProbe,
    session_id: str | None,
    agent: str,
    error: type[Exception],
) -> None:
    session = await sessions.create_session()
    before = await probe.snapshot()

    with pytest.raises(error):
        await orchestration.switch_agent(
            session.id if session_id == "<created>" else session_id,  # type: ignore[arg-type]
            agent,
            "requested",
        )

    assert await probe.snapshot() == before
    assert published.events == [SessionCreated(session.id)]


async def test_hand_off_note_is_a_system_message_naming_both_agents(
    sessions: SessionManagementService,
    orchestration: AgentOrchestrationService,
    probe: DatabaseProbe,
) -> None:
    session = await sessions.create_session()
    switch = await orchestration.switch_agent(session.id, "tech", "user mentioned 'crash'")
    assert switch is not None

    await orchestration.post_hand_off_note(session.id, switch)

    assert await probe.messages(session.id) == [
        ("system", "tech agent took over from triage: user mentioned 'crash'")
    ]


def test_reply_comes_from_the_named_agent(orchestration: AgentOrchestrationService) -> None:
    assert orchestration.compose_reply("triage", "Hello") == "Hi"
    assert orchestration.compose_reply("tech", "Hello") == "Tech support here: what is not working?"
