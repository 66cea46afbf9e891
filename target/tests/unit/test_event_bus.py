"""The event bus delivers by event type; a failing subscriber is logged and the others still run."""

from __future__ import annotations

import logging

import pytest

from app.domain.events import MessageReceived, SessionClosed
from app.events.bus import EventBus

EVENT = MessageReceived("s1", "user", "Hello")


async def test_subscribers_of_the_type_receive_the_event_in_order() -> None:
    bus = EventBus()
    received: list[tuple[str, object]] = []

    async def first(event: object) -> None:
        received.append(("first", event))

    async def second(event: object) -> None:
        received.append(("second", event))

    async def closed(event: object) -> None:
        received.append(("closed", event))

    bus.subscribe(MessageReceived, first)
    bus.subscribe(MessageReceived, second)
    bus.subscribe(SessionClosed, closed)

    await bus.publish(EVENT)

    assert received == [("first", EVENT), ("second", EVENT)]


async def test_failing_subscriber_is_logged_and_the_others_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bus = EventBus()
    received: list[str] = []

    async def before(_event: object) -> None:
        received.append("before")

    async def failing(_event: object) -> None:
        raise RuntimeError("subscriber broke")

    async def after(_event: object) -> None:
        received.append("after")

    for handler in (before, failing, after):
        bus.subscribe(MessageReceived, handler)

    with caplog.at_level(logging.ERROR, logger="app.events.bus"):
        await bus.publish(EVENT)

    assert received == ["before", "after"]
    [record] = caplog.records
    assert "failed on MessageReceived" in record.getMessage()
    assert record.exc_info is not None
    assert str(record.exc_info[1]) == "subscriber broke"


async def test_event_without_subscribers_is_dropped() -> None:
    await EventBus().publish(SessionClosed("s1"))
