"""Repositories on a real database: what round-trips, and what is not found.

How messages and agent contexts are written is in test_append_only.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.domain.errors import SessionNotFoundError
from app.domain.models import AgentContext, Session, SessionStatus
from app.repositories.agent_context_repository import AgentContextRepositoryImpl
from app.repositories.session_repository import SessionRepositoryImpl

AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


async def test_session_round_trip(engine: AsyncEngine) -> None:
    repository = SessionRepositoryImpl(engine)
    await repository.add(Session(id="s1", created_at=AT))

    session = await repository.find_by_id("s1")

    assert session == Session(id="s1", created_at=AT, status=SessionStatus.OPEN, messages=[])
    assert session.created_at.tzinfo is not None


@pytest.mark.parametrize("session_id", ["missing", "", "7b0e2a0c-0000-4000-8000-000000000000"])
async def test_unknown_session_is_not_found(engine: AsyncEngine, session_id: str) -> None:
    await SessionRepositoryImpl(engine).add(Session(id="s1", created_at=AT))

    with pytest.raises(SessionNotFoundError, match=f"no session with id {session_id!r}"):
        await SessionRepositoryImpl(engine).find_by_id(session_id)
    with pytest.raises(SessionNotFoundError):
        await AgentContextRepositoryImpl(engine).find_by_session_id(session_id)


async def test_session_that_never_switched_is_served_by_triage(engine: AsyncEngine) -> None:
    await SessionRepositoryImpl(engine).add(Session(id="s1", created_at=AT))

    context = await AgentContextRepositoryImpl(engine).find_by_session_id("s1")

    assert context == AgentContext("s1", "triage", [])
