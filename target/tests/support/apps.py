"""Applications under test: their settings, and waiting for their background work."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable

from app.application import Application
from app.clock import Clock
from app.config import Settings

FLUSH_DELAY_SECONDS = 2.0
DRAIN_TIMEOUT_SECONDS = 5.0

AppFactory = Callable[[], Awaitable[Application]]


def settings_for(database_url: str, clock: Clock) -> Settings:
    """Settings on the test's database and clock, for the fields this stage's Settings has
    (later stages drop the debounce's `clock` and delay)."""
    values = {
        "database_url": database_url,
        "flush_delay_seconds": FLUSH_DELAY_SECONDS,
        "clock": clock,
    }
    known = {field.name for field in dataclasses.fields(Settings)}
    return Settings(**{name: value for name, value in values.items() if name in known})


async def drain(app: Application) -> None:
    """`app.drain()`, failing rather than hanging if it waits on a window the clock never closes."""
    await asyncio.wait_for(app.drain(), DRAIN_TIMEOUT_SECONDS)
