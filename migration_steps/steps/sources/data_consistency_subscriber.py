"""Watches for divergence between `AsyncSessionManager` memory and the database; never writes.

It replaces the persistence subscriber and keeps its timing: a session's MessageReceived or
AgentSwitched marks it for a check, the first mark opens a window of `delay_seconds` on the
clock, and when the window closes each marked session's memory is compared with what the
repositories read. Checking at once would race the chat handler, which updates memory only after
the service has published. A divergence is logged, counted, kept for `reports()` and handed to
the alert hook; neither memory nor the database is changed.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from app.clock import Clock
from app.domain.events import AgentSwitched, MessageReceived
from app.domain.models import AgentContext, Message, Session
from app.events.bus import EventBus
from app.session_manager.async_session_manager import AsyncSessionManager

logger = logging.getLogger(__name__)

CHECKED_EVENTS = (MessageReceived, AgentSwitched)


class SessionReader(Protocol):
    async def find_by_id(self, session_id: str) -> Session: ...


class AgentContextReader(Protocol):
    async def find_by_session_id(self, session_id: str) -> AgentContext: ...


@dataclass(frozen=True)
class DivergenceReport:
    """Messages only one side holds, as (role, content), and each side's current agent."""

    session_id: str
    only_in_memory: tuple[tuple[str, str], ...]
    only_in_database: tuple[tuple[str, str], ...]
    memory_agent: str
    database_agent: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "only_in_memory": [list(message) for message in self.only_in_memory],
            "only_in_database": [list(message) for message in self.only_in_database],
            "memory_agent": self.memory_agent,
            "database_agent": self.database_agent,
        }


AlertHook = Callable[[DivergenceReport], None]


def _keyed(messages: list[Message]) -> list[tuple[str, str]]:
    return [(message.role.value, message.content) for message in messages]


def _missing_from(
    side: list[tuple[str, str]], other: list[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """Messages of `side` that `other` lacks, counting repeats, in `side`'s order."""
    available = Counter(other)
    missing = []
    for message in side:
        if available[message]:
            available[message] -= 1
        else:
            missing.append(message)
    return tuple(missing)


def compare(
    session_id: str,
    memory_messages: list[Message],
    memory_agent: str,
    session: Session,
    context: AgentContext,
) -> DivergenceReport | None:
    in_memory, in_database = _keyed(memory_messages), _keyed(session.messages)
    if in_memory == in_database and memory_agent == context.current_agent:
        return None
    return DivergenceReport(
        session_id=session_id,
        only_in_memory=_missing_from(in_memory, in_database),
        only_in_database=_missing_from(in_database, in_memory),
        memory_agent=memory_agent,
        database_agent=context.current_agent,
    )


class DataConsistencySubscriber:
    def __init__(
        self,
        session_manager: AsyncSessionManager,
        sessions: SessionReader,
        contexts: AgentContextReader,
        clock: Clock,
        delay_seconds: float = 2.0,
        alert: AlertHook | None = None,
    ) -> None:
        self._session_manager = session_manager
        self._sessions = sessions
        self._contexts = contexts
        self._clock = clock
        self._delay_seconds = delay_seconds
        self._alert = alert
        self._marked: set[str] = set()
        self._window: asyncio.Task[None] | None = None
        self._window_closes_at = 0.0
        self._checking: set[asyncio.Task[None]] = set()
        self._reports: list[DivergenceReport] = []
        self.counters: Counter[str] = Counter()

    def subscribe(self, bus: EventBus) -> None:
        for event_type in CHECKED_EVENTS:
            bus.subscribe(event_type, self.on_event)

    async def on_event(self, event: MessageReceived | AgentSwitched) -> None:
        self._marked.add(event.session_id)
        if self._window is None:
            self._window_closes_at = self._clock.now() + self._delay_seconds
            self._window = asyncio.create_task(self._check_when_window_closes())

    async def _check_when_window_closes(self) -> None:
        await self._clock.sleep(self._window_closes_at - self._clock.now())
        self._window = None
        await self._check_marked()

    async def _check_marked(self) -> None:
        batch, self._marked = sorted(self._marked), set()
        if not batch:
            return
        task = asyncio.current_task()
        if task is not None:
            self._checking.add(task)
        try:
            for session_id in batch:
                await self._check(session_id)
        finally:
            self._checking.discard(task)  # type: ignore[arg-type]

    async def _check(self, session_id: str) -> None:
        try:
            memory = await self._session_manager.get(session_id)
            session = await self._sessions.find_by_id(session_id)
            context = await self._contexts.find_by_session_id(session_id)
        except Exception:
            logger.exception("could not compare session %s", session_id)
            self.counters["consistency_check_errors"] += 1
            return
        self.counters["consistency_checks"] += 1
        report = compare(session_id, memory.messages, memory.current_agent, session, context)
        if report is not None:
            self._report(report)

    def _report(self, report: DivergenceReport) -> None:
        self.counters["consistency_divergences"] += 1
        self._reports.append(report)
        logger.warning("memory and database diverge: %s", report.as_dict())
        if self._alert is None:
            return
        try:
            self._alert(report)
        except Exception:
            logger.exception("the consistency alert hook failed")

    def reports(self) -> list[dict[str, Any]]:
        return [report.as_dict() for report in self._reports]

    def metrics(self) -> dict[str, int]:
        return dict(sorted(self.counters.items()))

    async def drain(self) -> None:
        """Wait for checks whose window has closed; a window still open stays pending."""
        while True:
            due = set(self._checking)
            if self._window is not None and self._clock.now() >= self._window_closes_at:
                due.add(self._window)
            if not due:
                return
            await asyncio.gather(*due)

    async def shutdown(self) -> None:
        """Close the open window early and check what is marked."""
        if self._window is not None:
            self._window.cancel()
            self._window = None
        await self.drain()
        await self._check_marked()
