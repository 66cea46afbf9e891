"""The domain model validates its input and keeps sessions and agent contexts consistent."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain.errors import (
    InvalidContentError,
    SessionClosedError,
    SessionNotFoundError,
    UnknownAgentError,
    UnknownRoleError,
)
from app.domain.models import (
    MAX_CONTENT_LENGTH,
    AgentContext,
    Message,
    Role,
    Session,
    SessionStatus,
    validate_agent,
)

AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
LATER = datetime(2024, 5, 1, 12, 5, tzinfo=UTC)


def test_message_keeps_role_content_and_time() -> None:
    message = Message.create("assistant", "Hi", AT)

    assert message == Message(Role.ASSISTANT, "Hi", AT)


def test_content_of_exactly_the_limit_is_accepted() -> None:
    content = "x" * MAX_CONTENT_LENGTH

    assert MAX_CONTENT_LENGTH == 16_384
    assert Message.create("user", content, AT).content == content


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param("", "message content is empty", id="empty"),
        pytest.param("  \n\t ", "message content is empty", id="whitespace"),
        pytest.param(None, "message content must be text, not NoneType", id="none"),
        pytest.param(42, "message content must be text, not int", id="int"),
        pytest.param(b"Hello", "message content must be text, not bytes", id="bytes"),
        pytest.param(
            "x" * 16_385,
            "message content is 16385 characters long; the limit is 16384",
            id="16385-chars",
        ),
        pytest.param(
            "x" * 102_400,
            "message content is 102400 characters long; the limit is 16384",
            id="100kB",
        ),
        pytest.param(
            "a\x00b", "message content contains a NUL character or a lone surrogate", id="nul"
        ),
        pytest.param(
            "a\ud800b",
            "message content contains a NUL character or a lone surrogate",
            id="lone-surrogate",
        ),
    ],
)
def test_invalid_content_is_refused_with_its_reason(content: object, reason: str) -> None:
    with pytest.raises(InvalidContentError) as caught:
        Message.create("user", content, AT)

    assert str(caught.value) == reason


@pytest.mark.parametrize("role", ["admin", "USER", "", None, 1])
def test_unknown_role_is_refused_naming_the_known_ones(role: object) -> None:
    with pytest.raises(UnknownRoleError) as caught:
        Message.create(role, "Hello", AT)

    assert str(caught.value) == (f"unknown role {role!r}; expected one of: user, assistant, system")
    assert caught.value.role == role


@pytest.mark.parametrize("agent", ["sales", "Triage", "", None, 3])
def test_unknown_agent_is_refused_naming_the_known_ones(agent: object) -> None:
    with pytest.raises(UnknownAgentError) as caught:
        validate_agent(agent)

    assert str(caught.value) == (f"unknown agent {agent!r}; expected one of: triage, billing, tech")


def test_session_not_found_names_the_id() -> None:
    assert str(SessionNotFoundError(123)) == "no session with id 123"


def test_open_session_takes_messages_in_order() -> None:
    session = Session(id="s1", created_at=AT)
    hello, hi = Message.create("user", "Hello", AT), Message.create("assistant", "Hi", LATER)

    session.add_message(hello)
    session.add_message(hi)

    assert session.messages == [hello, hi]


def test_closed_session_refuses_messages_and_stays_unchanged() -> None:
    hello = Message.create("user", "Hello", AT)
    session = Session(id="s1", created_at=AT, messages=[hello])
    session.close()

    with pytest.raises(SessionClosedError, match="session 's1' is closed"):
        session.add_message(Message.create("user", "Still there?", LATER))

    assert session.status is SessionStatus.CLOSED
    assert session.messages == [hello]


def test_new_context_is_served_by_triage() -> None:
    context = AgentContext("s1")

    assert (context.current_agent, context.switches) == ("triage", [])


def test_switch_records_where_from_and_why() -> None:
    context = AgentContext("s1")

    switch = context.switch_to("billing", "user mentioned 'refund'", AT)

    assert switch is not None
    assert (switch.from_agent, switch.to_agent, switch.reason, switch.switched_at) == (
        "triage",
        "billing",
        "user mentioned 'refund'",
        AT,
    )
    assert context.current_agent == "billing"
    assert context.switches == [switch]


def test_switch_to_the_current_agent_is_a_no_op() -> None:
    context = AgentContext("s1")
    first = context.switch_to("tech", "requested", AT)

    again = context.switch_to("tech", "requested", LATER)

    assert again is None
    assert context.current_agent == "tech"
    assert context.switches == [first]


def test_switch_to_an_unknown_agent_leaves_the_context_unchanged() -> None:
    context = AgentContext("s1")

    with pytest.raises(UnknownAgentError):
        context.switch_to("sales", "requested", AT)

    assert (context.current_agent, context.switches) == ("triage", [])
