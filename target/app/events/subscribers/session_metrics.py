"""Per-session figures: how many messages and agent switches each session has seen."""

from __future__ import annotations

from collections import defaultdict

from app.domain.events import AgentSwitched, MessageReceived
from app.events.bus import EventBus


class SessionMetricsCollector:
    def __init__(self) -> None:
        self._messages: defaultdict[str, int] = defaultdict(int)
        self._switches: defaultdict[str, int] = defaultdict(int)

    def subscribe(self, bus: EventBus) -> None:
        bus.subscribe(MessageReceived, self.on_message_received)
        bus.subscribe(AgentSwitched, self.on_agent_switched)

    async def on_message_received(self, event: MessageReceived) -> None:
        self._messages[event.session_id] += 1

    async def on_agent_switched(self, event: AgentSwitched) -> None:
        self._switches[event.session_id] += 1

    def for_session(self, session_id: str) -> dict[str, int]:
        return {
            "messages": self._messages[session_id],
            "agent_switches": self._switches[session_id],
        }
