"""Domain events. They are published after the change is stored, for observability."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SessionCreated:
    session_id: str


@dataclass(frozen=True)
class MessageReceived:
    session_id: str
    role: str
    content: str


@dataclass(frozen=True)
class AgentSwitched:
    session_id: str
    from_agent: str
    to_agent: str
    reason: str


@dataclass(frozen=True)
class SessionClosed:
    session_id: str


DomainEvent = SessionCreated | MessageReceived | AgentSwitched | SessionClosed
