"""Legacy's `PersistenceSubscriber`: debounced batch flushes from memory, and the dual write.

Step 1 of the migration deletes the subscriber, and this file with it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from app.clock import utc_now
from app.db.engine import create_database_engine
from app.db.tables import sessions as sessions_table
from app.domain.events import MessageReceived
from app.events.bus import EventBus
from app.events.subscribers.persistence_subscriber import PersistenceSubscriber
from app.repositories.session_repository import SessionRepositoryImpl
from app.services.session_management import SessionManagementService
from app.session_manager.async_session_manager import AsyncSessionManager, SessionDbService
from tests.support.apps import DRAIN_TIMEOUT_SECONDS, FLUSH_DELAY_SECONDS, AppFactory, drain
from tests.support.clock import ManualClock
from tests.support.probe import DatabaseProbe
from tests.support.statements import StatementCounter


@dataclass
class Rig:
    """A domain service publishing to a subscriber that flushes an `AsyncSessionManager`."""

    sessions: SessionManagementService
    bus: EventBus
    subscriber: PersistenceSubscriber

    async def drain(self) -> None:
        await asyncio.wait_for(self.subscriber.drain(), DRAIN_TIMEOUT_SECONDS)


@pytest.fixture
async def rig(engine: AsyncEngine, clock: ManualClock) -> AsyncIterator[Rig]:
    bus = EventBus()
    sessions = SessionManagementService(SessionRepositoryImpl(engine), bus.publish, utc_now)
    manager = AsyncSessionManager(SessionDbService(engine))
    subscriber = PersistenceSubscriber(manager, clock, FLUSH_DELAY_SECONDS)
    subscriber.subscribe(bus)
    yield Rig(sessions, bus, subscriber)
    await subscriber.shutdown()


async def flushed(probe: DatabaseProbe, session_id: str) -> bool:
    """Only the subscriber's flush writes an agent context for a session that never switched."""
    return await probe.current_agent(session_id) == "triage"


async def test_window_opens_on_the_first_event_and_later_events_join_it(
    rig: Rig, clock: ManualClock, probe: DatabaseProbe
) -> None:
    session = await rig.sessions.create_session()
    await clock.advance(5)
    await rig.drain()
    assert rig.subscriber.flush_count == 0, "SessionCreated opens no window"

    await rig.sessions.add_message(session.id, "user", "Hello")  # t=5: window until t=7
    await clock.advance(1.5)
    await rig.sessions.add_message(session.id, "assistant", "Hi")  # t=6.5: joins it
    await clock.advance(0.49)
    await rig.drain()
    assert rig.subscriber.flush_count == 0
    assert not await flushed(probe, session.id)

    await clock.advance(0.01)  # t=7
    await rig.drain()
    assert rig.subscriber.flush_count == 1
    assert await flushed(probe, session.id)

    await clock.advance(10)
    await rig.drain()
    assert rig.subscriber.flush_count == 1, "the second event did not open a window of its own"


async def test_one_flush_writes_every_dirty_session(
    rig: Rig, clock: ManualClock, probe: DatabaseProbe
) -> None:
    first, second = await rig.sessions.create_session(), await rig.sessions.create_session()
    await rig.sessions.add_message(first.id, "user", "Hello")
    await clock.advance(1)
    await rig.sessions.add_message(second.id, "user", "Hi there")

    with StatementCounter() as statements:
        await clock.advance(1)
        await rig.drain()

    assert rig.subscriber.flush_count == 1
    assert await flushed(probe, first.id) and await flushed(probe, second.id)
    assert statements.on("messages") == {"DELETE": 2, "INSERT": 2}


async def test_drain_does_not_wait_for_a_window_still_open(
    rig: Rig, clock: ManualClock, probe: DatabaseProbe
) -> None:
    session = await rig.sessions.create_session()
    await rig.sessions.add_message(session.id, "user", "Hello")
    await clock.advance(1)

    await rig.drain()  # would time out if it waited for the window closing at t=2

    assert rig.subscriber.flush_count == 0
    assert not await flushed(probe, session.id)


async def test_drain_waits_for_a_due_flush_to_finish(
    rig: Rig, clock: ManualClock, probe: DatabaseProbe, database_url: str
) -> None:
    session = await rig.sessions.create_session()
    await rig.sessions.add_message(session.id, "user", "Hello")
    blocker = create_database_engine(database_url)
    try:
        async with blocker.begin() as connection:
            # Holding a write lock on the session row stalls the flush's own UPDATE.
            await connection.execute(
                update(sessions_table)
                .where(sessions_table.c.id == session.id)
                .values(status="open")
            )
            await clock.advance(2)
            draining = asyncio.create_task(rig.drain())
            done, _ = await asyncio.wait({draining}, timeout=0.2)
            assert not done, "drain returned while the due flush was still writing"
        await draining
    finally:
        await blocker.dispose()

    assert rig.subscriber.flush_count == 1
    assert await flushed(probe, session.id)


async def test_shutdown_flushes_what_is_dirty_and_cancels_the_window(
    rig: Rig, clock: ManualClock, probe: DatabaseProbe
) -> None:
    session = await rig.sessions.create_session()
    await rig.sessions.add_message(session.id, "user", "Hello")

    await rig.subscriber.shutdown()  # t=0, window open until t=2

    assert rig.subscriber.flush_count == 1
    assert await flushed(probe, session.id)
    await clock.advance(5)
    await rig.drain()
    assert rig.subscriber.flush_count == 1


async def test_session_that_cannot_be_saved_is_logged_and_the_batch_goes_on(
    rig: Rig, clock: ManualClock, probe: DatabaseProbe, caplog: pytest.LogCaptureFixture
) -> None:
    session = await rig.sessions.create_session()
    await rig.bus.publish(MessageReceived("0-ghost", "user", "Boo"))  # sorts first in the batch
    await rig.sessions.add_message(session.id, "user", "Hello")

    with caplog.at_level(logging.ERROR, logger="app.events.subscribers.persistence_subscriber"):
        await clock.advance(2)
        await rig.drain()

    assert [record.getMessage() for record in caplog.records] == [
        "could not persist session 0-ghost"
    ]
    assert await flushed(probe, session.id)


async def test_application_close_flushes_what_is_dirty(
    make_app: AppFactory, probe: DatabaseProbe
) -> None:
    app = await make_app()
    session_id = await app.create_session()
    await app.post_user_turn(session_id, "Hello")  # t=0, window open until t=2
    assert not await flushed(probe, session_id)

    await app.close()

    assert await flushed(probe, session_id)


MESSAGES = 5


async def test_every_message_is_written_twice(
    make_app: AppFactory, engine: AsyncEngine, clock: ManualClock
) -> None:
    """Statements counted over N=5 messages, the same on SQLite and PostgreSQL:

    - domain service alone: messages DELETE 5 + INSERT 5; sessions UPDATE 5;
    - application, its window closing after each message: messages DELETE 10 + INSERT 10;
      sessions UPDATE 10; agent_contexts DELETE 5 + INSERT 5
    (and SELECT 10 and 12, measured but not asserted).

    So each message costs 1 DELETE + 1 INSERT on `messages` through the service, 2 + 2 with the
    subscriber. (Its flushes write stale memory; what that loses is test_lost_updates' subject.)
    """
    service = SessionManagementService(SessionRepositoryImpl(engine), EventBus().publish, utc_now)
    alone_session = await service.create_session()
    with StatementCounter() as alone:
        for number in range(MESSAGES):
            await service.add_message(alone_session.id, "user", f"message {number}")

    app = await make_app()
    session_id = await app.create_session()
    with StatementCounter() as dual:
        for number in range(MESSAGES):
            await app.add_message(session_id, "user", f"message {number}")
            await clock.advance(FLUSH_DELAY_SECONDS)
            await drain(app)

    assert alone.on("messages") == {"DELETE": 5, "INSERT": 5}
    assert dual.on("messages") == {"DELETE": 10, "INSERT": 10}
    per_message_alone = {verb: n / MESSAGES for verb, n in alone.on("messages").items()}
    per_message_dual = {verb: n / MESSAGES for verb, n in dual.on("messages").items()}
    assert per_message_dual == {verb: 2 * n for verb, n in per_message_alone.items()}
    assert (alone.on("sessions"), alone.on("agent_contexts")) == ({"UPDATE": 5}, {})
    assert (dual.on("sessions"), dual.on("agent_contexts")) == (
        {"UPDATE": 10},
        {"DELETE": 5, "INSERT": 5},
    )
