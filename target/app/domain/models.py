"""The domain model: sessions, their messages, and which agent is serving them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from app.domain.errors import (
    InvalidContentError,
    SessionClosedError,
    UnknownAgentError,
    UnknownRoleError,
)

MAX_CONTENT_LENGTH = 16_384
AGENT_NAMES: tuple[str, ...] = ("triage", "billing", "tech")
INITIAL_AGENT = "triage"


class Role(StrEnum):
    USER = "user"
    ASSISTANT = "assistant"
    SYSTEM = "system"


class SessionStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


def parse_role(value: object) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise UnknownRoleError(value, tuple(r.value for r in Role)) from None


def validate_content(content: object) -> str:
    if not isinstance(content, str):
        raise InvalidContentError(f"message content must be text, not {type(content).__name__}")
    if not content.strip():
        raise InvalidContentError("message content is empty")
    if len(content) > MAX_CONTENT_LENGTH:
        raise InvalidContentError(
            f"message content is {len(content)} characters long; the limit is {MAX_CONTENT_LENGTH}"
        )
    if not is_storable_text(content):
        raise InvalidContentError("message content contains a NUL character or a lone surrogate")
    return content


def is_storable_text(text: str) -> bool:
    """PostgreSQL rejects NUL in text, and no driver can encode a lone surrogate."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def validate_agent(agent: object) -> str:
    if agent not in AGENT_NAMES:
        raise UnknownAgentError(agent, AGENT_NAMES)
    return str(agent)


def validate_reason(reason: object) -> str:
    """A switch's reason is stored in the switch history: text a database can hold."""
    if not isinstance(reason, str):
        raise InvalidContentError(f"a switch's reason must be text, not {type(reason).__name__}")
    if len(reason) > MAX_CONTENT_LENGTH:
        raise InvalidContentError(
            f"a switch's reason is {len(reason)} characters long; the limit is {MAX_CONTENT_LENGTH}"
        )
    if not is_storable_text(reason):
        raise InvalidContentError("a switch's reason contains a NUL character or a lone surrogate")
    return reason


@dataclass(frozen=True)
class Message:
    role: Role
    content: str
    created_at: datetime

    @classmethod
    def create(cls, role: object, content: object, created_at: datetime) -> Message:
        return cls(parse_role(role), validate_content(content), created_at)


@dataclass
class Session:
    id: str
    created_at: datetime
    status: SessionStatus = SessionStatus.OPEN
    messages: list[Message] = field(default_factory=list)

    def add_message(self, message: Message) -> None:
        if self.status is SessionStatus.CLOSED:
            raise SessionClosedError(self.id)
        self.messages.append(message)

    def close(self) -> None:
        self.status = SessionStatus.CLOSED


@dataclass(frozen=True)
class AgentSwitch:
    from_agent: str
    to_agent: str
    reason: str
    switched_at: datetime


@dataclass
class AgentContext:
    session_id: str
    current_agent: str = INITIAL_AGENT
    switches: list[AgentSwitch] = field(default_factory=list)
    # The stored version this context was read at; 0 while nothing is stored.
    version: int = 0

    def switch_to(self, agent: str, reason: str, at: datetime) -> AgentSwitch | None:
        """Switch to `agent`; returns None when it is already the current one."""
        validate_agent(agent)
        if agent == self.current_agent:
            return None
        switch = AgentSwitch(self.current_agent, agent, reason, at)
        self.switches.append(switch)
        self.current_agent = agent
        return switch
