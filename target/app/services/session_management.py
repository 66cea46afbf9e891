"""Creates sessions and adds messages; every change is saved at once, then published."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from app.domain.errors import SessionNotFoundError
from app.domain.events import MessageReceived, SessionClosed, SessionCreated
from app.domain.models import Message, Session, is_storable_text
from app.events.bus import EventPublisher
from app.repositories.session_repository import SessionRepositoryImpl


def require_session_id(session_id: object) -> str:
    if not isinstance(session_id, str) or not session_id or not is_storable_text(session_id):
        raise SessionNotFoundError(session_id)
    return session_id


class SessionManagementService:
    def __init__(
        self,
        repository: SessionRepositoryImpl,
        publish: EventPublisher,
        now: Callable[[], datetime],
    ) -> None:
        self._repository = repository
        self._publish = publish
        self._now = now

    async def create_session(self) -> Session:
        session = Session(id=str(uuid.uuid4()), created_at=self._now())
        await self._repository.add(session)
        await self._publish(SessionCreated(session.id))
        return session

    async def get_session(self, session_id: str) -> Session:
        return await self._repository.find_by_id(require_session_id(session_id))

    async def add_message(self, session_id: str, role: object, content: object) -> Message:
        message = Message.create(role, content, self._now())
        await self._repository.append_message(require_session_id(session_id), message)
        await self._publish(MessageReceived(session_id, message.role.value, message.content))
        return message

    async def close_session(self, session_id: str) -> None:
        await self._repository.close(require_session_id(session_id))
        await self._publish(SessionClosed(session_id))
