"""One instance of a stage's `Application` for the bench, on a manual clock (inside a stage)."""

from __future__ import annotations

from typing import Any

from migration_steps.clock import ManualClock
from migration_steps.stages.context import StageContext

# Chat texts no agent answers and the router ignores: each turn stores exactly one message.
SMALL_TALK = "just checking in on the order of things"
# A greeting: triage answers it, so the turn stores the user's message and the reply.
GREETING = "hello there"
SETTLE_WINDOWS = 10


class BenchInstance:
    """`app`, its manual `clock`, and the stage's debounce window (None: the stage has none)."""

    def __init__(self, ctx: StageContext, url: str) -> None:
        self.clock = ManualClock()
        # Only the clock is given: the debounce window stays the app's own setting.
        self.settings = ctx.make_settings(database_url=url, clock=self.clock)
        self.flush_delay_seconds: float | None = getattr(self.settings, "flush_delay_seconds", None)
        self._ctx = ctx
        self.app: Any = None

    async def __aenter__(self) -> BenchInstance:
        self.app = await self._ctx.create_app(self.settings)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.app.close()

    async def close_windows(self) -> None:
        """Let every open debounce window close and its flush finish (no real waiting)."""
        if self.flush_delay_seconds:
            await self.clock.advance(SETTLE_WINDOWS * self.flush_delay_seconds)
        await self.app.drain()
