"""The chat path: a user's turn goes through the services, which save every change at once.

History and the current agent are read from the database through the services.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.agents.router import AgentRouter
from app.domain.models import Message, Role
from app.services.agent_orchestration import AgentOrchestrationService
from app.services.session_management import SessionManagementService


@dataclass(frozen=True)
class TurnResult:
    agent: str
    reply: str | None
    switched_from: str | None = None


class ChatHandler:
    def __init__(
        self,
        sessions: SessionManagementService,
        orchestration: AgentOrchestrationService,
        router: AgentRouter,
    ) -> None:
        self._sessions = sessions
        self._orchestration = orchestration
        self._router = router

    async def handle_user_turn(self, session_id: str, text: object) -> TurnResult:
        current_agent = (await self._orchestration.get_context(session_id)).current_agent
        user_message = await self._sessions.add_message(session_id, Role.USER, text)

        switched_from = None
        decision = self._router.route(current_agent, user_message.content)
        if decision.target is not None:
            switch = await self._orchestration.switch_agent(
                session_id, decision.target, decision.reason
            )
            if switch is not None:
                await self._orchestration.post_hand_off_note(session_id, switch)
                current_agent = switch.to_agent
                switched_from = switch.from_agent

        reply = self._orchestration.compose_reply(current_agent, user_message.content)
        if reply is not None:
            await self._sessions.add_message(session_id, Role.ASSISTANT, reply)
        return TurnResult(current_agent, reply, switched_from)

    async def get_history(self, session_id: str) -> list[Message]:
        return list((await self._sessions.get_session(session_id)).messages)

    async def get_current_agent(self, session_id: str) -> str:
        return (await self._orchestration.get_context(session_id)).current_agent

    async def close_session(self, session_id: str) -> None:
        await self._sessions.close_session(session_id)
