"""Step 1b's `DataConsistencySubscriber`: reports where memory and the database diverge, after
the debounce window, and never writes."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.support.apps import FLUSH_DELAY_SECONDS
from tests.support.clock import ManualClock
from tests.support.probe import DatabaseProbe
from tests.support.statements import StatementCounter

from app.application import Application
from app.clock import utc_now
from app.domain.events import MessageReceived
from app.domain.models import Message, Session
from app.events.subscribers.data_consistency_subscriber import (
    DataConsistencySubscriber,
    DivergenceReport,
)
from app.repositories.agent_context_repository import AgentContextRepositoryImpl
from app.repositories.session_repository import SessionRepositoryImpl
from app.session_manager.async_session_manager import AsyncSessionManager, SessionDbService

LOGGER = "app.events.subscribers.data_consistency_subscriber"


async def settle(app: Application, clock: ManualClock) -> None:
    await clock.advance(FLUSH_DELAY_SECONDS)
    await app.drain()


async def test_a_message_written_past_memory_is_reported_and_kept(
    app: Application, clock: ManualClock, probe: DatabaseProbe
) -> None:
    session_id = await app.create_session()
    await app.post_user_turn(session_id, "Hello")
    await app.post_user_turn(session_id, "How are you?")
    await app.add_message(session_id, "assistant", "Good")
    await settle(app, clock)

    assert app.consistency_reports() == [
        {
            "session_id": session_id,
            "only_in_memory": [],
            "only_in_database": [["assistant", "Good"]],
            "memory_agent": "triage",
            "database_agent": "triage",
        }
    ]
    assert (await probe.messages(session_id))[-1] == ("assistant", "Good")
    history = [message.content for message in await app.get_history(session_id)]
    assert history == ["Hello", "Hi", "How are you?"]


async def test_a_switch_past_memory_is_reported_and_kept(
    app: Application, clock: ManualClock, probe: DatabaseProbe
) -> None:
    session_id = await app.create_session()
    await app.post_user_turn(session_id, "Hello")
    await app.switch_agent(session_id, "billing", "operator decision")
    await settle(app, clock)

    [report] = app.consistency_reports()
    assert (report["memory_agent"], report["database_agent"]) == ("triage", "billing")
    assert await probe.current_agent(session_id) == "billing"


async def test_a_session_memory_agrees_with_is_not_reported(
    app: Application, clock: ManualClock
) -> None:
    session_id = await app.create_session()
    await app.post_user_turn(session_id, "Hello")
    await app.post_user_turn(session_id, "thanks")
    await settle(app, clock)

    assert app.consistency_reports() == []


async def test_the_check_waits_for_the_window_and_writes_nothing(
    app: Application, clock: ManualClock
) -> None:
    session_id = await app.create_session()
    await app.post_user_turn(session_id, "Hello")
    await app.add_message(session_id, "assistant", "Good")
    await clock.advance(FLUSH_DELAY_SECONDS / 2)
    await app.drain()
    assert app.consistency_reports() == []

    with StatementCounter() as statements:
        await settle(app, clock)
    writes = {verb for verb, _table in statements.counts} & {"INSERT", "UPDATE", "DELETE"}
    assert writes == set()
    assert len(app.consistency_reports()) == 1


async def test_a_divergence_is_logged(
    app: Application, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    session_id = await app.create_session()
    await app.post_user_turn(session_id, "Hello")
    await app.add_message(session_id, "user", "Still there?")
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        await settle(app, clock)
    assert [record.name for record in caplog.records] == [LOGGER]
    assert "Still there?" in caplog.records[0].getMessage()


async def test_the_alert_hook_and_counter_get_every_divergence(
    engine: AsyncEngine, clock: ManualClock
) -> None:
    manager = AsyncSessionManager(SessionDbService(engine))
    sessions = SessionRepositoryImpl(engine)
    alerts: list[DivergenceReport] = []
    subscriber = DataConsistencySubscriber(
        manager,
        sessions,
        AgentContextRepositoryImpl(engine),
        clock,
        FLUSH_DELAY_SECONDS,
        alert=alerts.append,
    )
    session_id = await _stored_session(sessions)
    await manager.get(session_id)
    (await manager.get(session_id)).messages.clear()
    await subscriber.on_event(MessageReceived(session_id, "user", "Hello"))
    await clock.advance(FLUSH_DELAY_SECONDS)
    await subscriber.drain()

    assert [alert.only_in_database for alert in alerts] == [(("user", "Hello"),)]
    assert subscriber.metrics() == {"consistency_checks": 1, "consistency_divergences": 1}


async def _stored_session(sessions: SessionRepositoryImpl) -> str:
    session = Session(id="s-1", created_at=utc_now())
    await sessions.add(session)
    session.add_message(Message.create("user", "Hello", utc_now()))
    await sessions.save(session)
    return session.id
