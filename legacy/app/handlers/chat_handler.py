"""The chat path: a user's turn goes to the services and to the in-memory session state.

History and the current agent are read from `AsyncSessionManager` memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.agents.router import AgentRouter
from app.domain.models import Message, Role, SessionStatus
from app.services.agent_orchestration import AgentOrchestrationService
from app.services.session_management import SessionManagementService, require_session_id
from app.session_manager.async_session_manager import AsyncSessionManager


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
        session_manager: AsyncSessionManager,
    ) -> None:
        self._sessions = sessions
        self._orchestration = orchestration
        self._router = router
        self._session_manager = session_manager

    async def handle_user_turn(self, session_id: str, text: object) -> TurnResult:
        state = await self._session_manager.get(require_session_id(session_id))
        user_message = await self._sessions.add_message(session_id, Role.USER, text)
        state.messages.append(user_message)

        switched_from = None
        decision = self._router.route(state.current_agent, user_message.content)
        if decision.target is not None:
            switch = await self._orchestration.switch_agent(
                session_id, decision.target, decision.reason
            )
            if switch is not None:
                await self._orchestration.post_hand_off_note(session_id, switch)
                state.current_agent = switch.to_agent
                state.switches.append(switch)
                switched_from = switch.from_agent

        reply = self._orchestration.compose_reply(state.current_agent, user_message.content)
        if reply is not None:
            state.messages.append(
                await self._sessions.add_message(session_id, Role.ASSISTANT, reply)
            )
        return TurnResult(state.current_agent, reply, switched_from)

    async def get_history(self, session_id: str) -> list[Message]:
        state = await self._session_manager.get(require_session_id(session_id))
        return list(state.messages)

    async def get_current_agent(self, session_id: str) -> str:
        state = await self._session_manager.get(require_session_id(session_id))
        return state.current_agent

    async def close_session(self, session_id: str) -> None:
        state = await self._session_manager.get(require_session_id(session_id))
        await self._sessions.close_session(session_id)
        state.status = SessionStatus.CLOSED
