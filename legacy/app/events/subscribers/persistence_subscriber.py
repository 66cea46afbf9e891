"""Legacy: saves sessions a second time, from memory, after a debounce window.

On every domain event the session is marked dirty; the first mark opens a window of
`delay_seconds`; when it closes, every dirty session is written from `AsyncSessionManager`
memory through the manager's own `_db_service` (DELETE + INSERT of all messages).
"""

from __future__ import annotations

import asyncio
import logging

from app.clock import Clock
from app.domain.events import AgentSwitched, MessageReceived, SessionClosed
from app.events.bus import EventBus
from app.session_manager.async_session_manager import AsyncSessionManager

logger = logging.getLogger(__name__)

PERSISTED_EVENTS = (MessageReceived, AgentSwitched, SessionClosed)


class PersistenceSubscriber:
    def __init__(
        self, session_manager: AsyncSessionManager, clock: Clock, delay_seconds: float = 2.0
    ) -> None:
        self._session_manager = session_manager
        self._clock = clock
        self._delay_seconds = delay_seconds
        self._dirty: set[str] = set()
        self._window: asyncio.Task[None] | None = None
        self._window_closes_at = 0.0
        self._flushing: set[asyncio.Task[None]] = set()
        self.flush_count = 0

    def subscribe(self, bus: EventBus) -> None:
        for event_type in PERSISTED_EVENTS:
            bus.subscribe(event_type, self.on_event)

    async def on_event(self, event: MessageReceived | AgentSwitched | SessionClosed) -> None:
        self._dirty.add(event.session_id)
        if self._window is None:
            self._window_closes_at = self._clock.now() + self._delay_seconds
            self._window = asyncio.create_task(self._flush_when_window_closes())

    async def _flush_when_window_closes(self) -> None:
        # The task may start after the clock moved on; sleep only what is left of the window.
        await self._clock.sleep(self._window_closes_at - self._clock.now())
        self._window = None
        await self._flush_dirty()

    async def _flush_dirty(self) -> None:
        batch, self._dirty = sorted(self._dirty), set()
        if not batch:
            return
        task = asyncio.current_task()
        if task is not None:
            self._flushing.add(task)
        try:
            await self._persist_sessions(batch)
        finally:
            self._flushing.discard(task)  # type: ignore[arg-type]

    async def _persist_sessions(self, session_ids: list[str]) -> None:
        for session_id in session_ids:
            try:
                state = await self._session_manager.get(session_id)
                await self._session_manager._db_service.save_session(state)
            except Exception:
                logger.exception("could not persist session %s", session_id)
        self.flush_count += 1

    async def drain(self) -> None:
        """Wait for flushes whose window has closed; a window still open stays pending."""
        while True:
            due = set(self._flushing)
            if self._window is not None and self._clock.now() >= self._window_closes_at:
                due.add(self._window)
            if not due:
                return
            await asyncio.gather(*due)

    async def shutdown(self) -> None:
        """Close the open window early and write what is dirty, as the service does on exit."""
        if self._window is not None:
            self._window.cancel()
            self._window = None
        await self.drain()
        await self._flush_dirty()
