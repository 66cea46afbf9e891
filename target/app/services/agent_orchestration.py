"""Which agent serves a session: switches (saved at once, then published) and replies."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from app.agents.base import Agent
from app.domain.errors import ConcurrentUpdateError
from app.domain.events import AgentSwitched
from app.domain.models import AgentContext, AgentSwitch, validate_agent, validate_reason
from app.events.bus import EventPublisher
from app.repositories.agent_context_repository import AgentContextRepositoryImpl
from app.services.session_management import SessionManagementService, require_session_id

# A switch that lost a race to another one is applied again to the newer context, this often.
SWITCH_ATTEMPTS = 5


class AgentOrchestrationService:
    def __init__(
        self,
        repository: AgentContextRepositoryImpl,
        sessions: SessionManagementService,
        agents: Mapping[str, Agent],
        publish: EventPublisher,
        now: Callable[[], datetime],
    ) -> None:
        self._repository = repository
        self._sessions = sessions
        self._agents = agents
        self._publish = publish
        self._now = now

    async def get_context(self, session_id: str) -> AgentContext:
        return await self._repository.find_by_session_id(require_session_id(session_id))

    async def switch_agent(self, session_id: str, agent: object, reason: str) -> AgentSwitch | None:
        target = validate_agent(agent)
        reason = validate_reason(reason)
        for attempt in range(1, SWITCH_ATTEMPTS + 1):
            context = await self.get_context(session_id)
            switch = context.switch_to(target, reason, self._now())
            if switch is None:
                return None
            try:
                await self._repository.save(context)
            except ConcurrentUpdateError:
                if attempt == SWITCH_ATTEMPTS:
                    raise
            else:
                break
        await self._publish(AgentSwitched(session_id, switch.from_agent, switch.to_agent, reason))
        return switch

    async def post_hand_off_note(self, session_id: str, switch: AgentSwitch) -> None:
        """The new agent introduces itself in the conversation, as a system message."""
        note = f"{switch.to_agent} agent took over from {switch.from_agent}: {switch.reason}"
        await self._sessions.add_message(session_id, "system", note)

    def compose_reply(self, agent: str, text: str) -> str | None:
        return self._agents[agent].reply(text)
