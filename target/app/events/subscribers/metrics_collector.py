"""Application-wide counters: sessions, messages by role, agent switches."""

from __future__ import annotations

from collections import Counter
from typing import Any

from app.domain.events import AgentSwitched, MessageReceived, SessionClosed, SessionCreated
from app.events.bus import EventBus


class MetricsCollector:
    def __init__(self) -> None:
        self._counters: Counter[str] = Counter()

    def subscribe(self, bus: EventBus) -> None:
        bus.subscribe(SessionCreated, self.on_session_created)
        bus.subscribe(MessageReceived, self.on_message_received)
        bus.subscribe(AgentSwitched, self.on_agent_switched)
        bus.subscribe(SessionClosed, self.on_session_closed)

    async def on_session_created(self, _event: SessionCreated) -> None:
        self._counters["sessions_created"] += 1

    async def on_message_received(self, event: MessageReceived) -> None:
        self._counters["messages_received"] += 1
        self._counters[f"messages_received.{event.role}"] += 1

    async def on_agent_switched(self, event: AgentSwitched) -> None:
        self._counters["agent_switches"] += 1
        self._counters[f"agent_switches.to_{event.to_agent}"] += 1

    async def on_session_closed(self, _event: SessionClosed) -> None:
        self._counters["sessions_closed"] += 1

    def snapshot(self) -> dict[str, Any]:
        return dict(sorted(self._counters.items()))
