"""A manual clock made to follow the wall clock during timed runs, without ever sleeping.

Legacy's debounce window runs on the injected clock. During a throughput run the clock is
advanced by the wall time that really passed, so windows close (and flushes run, in the same
event loop, inside the timed run) as often as they would in production at that pace.
"""

from __future__ import annotations

import asyncio
import time

from migration_steps.clock import ManualClock


class WallFollower:
    def __init__(self, clock: ManualClock) -> None:
        self._clock = clock
        self._synced_at = time.perf_counter()
        self._lock = asyncio.Lock()

    def start(self) -> None:
        """From now on; the time since the last catch-up does not pass for the app."""
        self._synced_at = time.perf_counter()

    async def catch_up(self) -> None:
        """Advance the clock by the wall time since the last catch-up; one advance at a time,
        so concurrent writers never move it backwards."""
        async with self._lock:
            now = time.perf_counter()
            elapsed, self._synced_at = now - self._synced_at, now
            if elapsed > 0:
                await self._clock.advance(elapsed)
