"""`Application`: the one public surface of the backend, the same in every stage."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from app.domain.models import Message
from app.events.subscribers.audit_logger import AuditLogger
from app.events.subscribers.metrics_collector import MetricsCollector
from app.events.subscribers.session_metrics import SessionMetricsCollector
from app.handlers.chat_handler import ChatHandler, TurnResult
from app.services.agent_orchestration import AgentOrchestrationService
from app.services.session_management import SessionManagementService


class BackgroundWork(Protocol):
    async def drain(self) -> None: ...


@dataclass(frozen=True)
class MessageView:
    role: str
    content: str


@dataclass(frozen=True)
class AgentView:
    current_agent: str
    previous_agent: str | None


def view_of(message: Message) -> MessageView:
    return MessageView(message.role.value, message.content)


class Application:
    def __init__(
        self,
        *,
        chat: ChatHandler,
        sessions: SessionManagementService,
        orchestration: AgentOrchestrationService,
        audit: AuditLogger,
        metrics: MetricsCollector,
        session_metrics: SessionMetricsCollector,
        background: Sequence[BackgroundWork],
        shutdown_hooks: Sequence[Callable[[], Awaitable[None]]],
    ) -> None:
        self._chat = chat
        self._sessions = sessions
        self._orchestration = orchestration
        self._audit = audit
        self._metrics = metrics
        self._session_metrics = session_metrics
        self._background = list(background)
        self._shutdown_hooks = list(shutdown_hooks)

    async def create_session(self) -> str:
        return (await self._sessions.create_session()).id

    async def post_user_turn(self, session_id: str, text: str) -> TurnResult:
        """Store the user's message, let the serving agent (or a new one) reply, store the reply."""
        return await self._chat.handle_user_turn(session_id, text)

    async def add_message(self, session_id: str, role: str, content: str) -> MessageView:
        """Store one message as it is, without running an agent (operators, integrations)."""
        return view_of(await self._sessions.add_message(session_id, role, content))

    async def switch_agent(
        self, session_id: str, agent: str, reason: str = "requested"
    ) -> AgentView:
        switch = await self._orchestration.switch_agent(session_id, agent, reason)
        if switch is None:
            return AgentView(agent, None)
        return AgentView(switch.to_agent, switch.from_agent)

    async def get_history(self, session_id: str) -> list[MessageView]:
        return [view_of(message) for message in await self._chat.get_history(session_id)]

    async def get_current_agent(self, session_id: str) -> str:
        return await self._chat.get_current_agent(session_id)

    async def close_session(self, session_id: str) -> None:
        await self._chat.close_session(session_id)

    def observed_events(self) -> list[dict[str, Any]]:
        """What the audit logger saw, in order."""
        return self._audit.records()

    def metrics(self) -> dict[str, Any]:
        return self._metrics.snapshot()

    def session_metrics(self, session_id: str) -> dict[str, int]:
        return self._session_metrics.for_session(session_id)

    async def drain(self) -> None:
        """Wait until background work that is due has finished."""
        for work in self._background:
            await work.drain()

    async def close(self) -> None:
        for hook in self._shutdown_hooks:
            await hook()
