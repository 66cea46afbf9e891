"""`Application`, the public surface, on a real database: conversations, bad input, restart."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from app.application import AgentView, Application, MessageView
from app.domain.errors import (
    DomainError,
    InvalidContentError,
    SessionClosedError,
    SessionNotFoundError,
    UnknownAgentError,
    UnknownRoleError,
)
from app.handlers.chat_handler import TurnResult
from tests.support.apps import FLUSH_DELAY_SECONDS, AppFactory, drain
from tests.support.clock import ManualClock
from tests.support.probe import DatabaseProbe

HAND_OFF_NOTE = "billing agent took over from triage: user mentioned 'charged'"
PAYMENT_REPLY = "I see the payment; let me check it."


async def settle_background(app: Application, clock: ManualClock) -> None:
    """Let every debounce window close and its flush finish."""
    await clock.advance(FLUSH_DELAY_SECONDS + 1)
    await drain(app)


async def test_user_turns_get_agent_replies_and_switches(
    app: Application, probe: DatabaseProbe
) -> None:
    session_id = await app.create_session()

    greeting = await app.post_user_turn(session_id, "Hello")
    small_talk = await app.post_user_turn(session_id, "How are you?")
    billing = await app.post_user_turn(session_id, "I was charged twice")

    assert greeting == TurnResult("triage", "Hi", None)
    assert small_talk == TurnResult("triage", None, None)
    assert billing == TurnResult("billing", PAYMENT_REPLY, "triage")
    assert await app.get_current_agent(session_id) == "billing"
    assert await probe.messages(session_id) == [
        ("user", "Hello"),
        ("assistant", "Hi"),
        ("user", "How are you?"),
        ("user", "I was charged twice"),
        ("system", HAND_OFF_NOTE),
        ("assistant", PAYMENT_REPLY),
    ]
    assert await probe.current_agent(session_id) == "billing"


async def test_history_of_a_conversation_in_order(app: Application) -> None:
    session_id = await app.create_session()
    await app.post_user_turn(session_id, "Hello")
    await app.post_user_turn(session_id, "Thanks")

    assert await app.get_history(session_id) == [
        MessageView("user", "Hello"),
        MessageView("assistant", "Hi"),
        MessageView("user", "Thanks"),
        MessageView("assistant", "You're welcome."),
    ]


async def test_add_message_stores_it_as_given(app: Application, probe: DatabaseProbe) -> None:
    session_id = await app.create_session()

    view = await app.add_message(session_id, "system", "An operator joined.")

    assert view == MessageView("system", "An operator joined.")
    assert await probe.messages(session_id) == [("system", "An operator joined.")]


async def test_switch_agent_reports_previous_agent_and_same_agent_is_a_no_op(
    app: Application, probe: DatabaseProbe
) -> None:
    session_id = await app.create_session()

    first = await app.switch_agent(session_id, "tech", "escalated")
    stored = await probe.snapshot()
    again = await app.switch_agent(session_id, "tech")

    assert first == AgentView("tech", "triage")
    assert again == AgentView("tech", None)
    assert await probe.snapshot() == stored
    assert await probe.current_agent(session_id) == "tech"


async def test_close_session_stores_it_closed(app: Application, probe: DatabaseProbe) -> None:
    session_id = await app.create_session()

    await app.close_session(session_id)

    [row] = (await probe.snapshot())["sessions"]
    assert (row[0], row[1]) == (session_id, "closed")


async def test_observability_sees_every_change(app: Application) -> None:
    session_id = await app.create_session()
    await app.post_user_turn(session_id, "Hello")
    await app.post_user_turn(session_id, "I was charged twice")
    await app.close_session(session_id)

    assert [record["event"] for record in app.observed_events()] == [
        "SessionCreated",
        "MessageReceived",
        "MessageReceived",
        "MessageReceived",
        "AgentSwitched",
        "MessageReceived",
        "MessageReceived",
        "SessionClosed",
    ]
    assert app.observed_events()[4] == {
        "event": "AgentSwitched",
        "session_id": session_id,
        "from_agent": "triage",
        "to_agent": "billing",
        "reason": "user mentioned 'charged'",
    }
    assert app.metrics() == {
        "agent_switches": 1,
        "agent_switches.to_billing": 1,
        "messages_received": 5,
        "messages_received.assistant": 2,
        "messages_received.system": 1,
        "messages_received.user": 2,
        "sessions_closed": 1,
        "sessions_created": 1,
    }
    assert app.session_metrics(session_id) == {"messages": 5, "agent_switches": 1}


async def test_restart_reads_the_same_history_and_agent(make_app: AppFactory) -> None:
    first = await make_app()
    session_id = await first.create_session()
    await first.add_message(session_id, "user", "My invoice is wrong")
    await first.add_message(session_id, "system", "An operator joined.")
    await first.switch_agent(session_id, "billing", "operator decision")
    await first.post_user_turn(session_id, "Thanks")
    history, agent = await first.get_history(session_id), await first.get_current_agent(session_id)
    await first.close()

    second = await make_app()

    assert history == [
        MessageView("user", "My invoice is wrong"),
        MessageView("system", "An operator joined."),
        MessageView("user", "Thanks"),
        MessageView("assistant", "Billing here: how can I help with your account?"),
    ]
    assert agent == "billing"
    assert await second.get_history(session_id) == history
    assert await second.get_current_agent(session_id) == agent


# Bad input: each call raises its DomainError with a clear message, and writes nothing.

UNKNOWN_SESSION_IDS: list[object] = [
    "no-such-session",
    "",
    str(uuid.UUID(int=7)),
    "a\x00b",
    "\ud800",
    123,
    None,
    b"session",
    ["session"],
]

Call = Callable[[Application, Any], Awaitable[object]]

SESSION_CALLS: dict[str, Call] = {
    "post_user_turn": lambda app, sid: app.post_user_turn(sid, "Hello"),
    "add_message": lambda app, sid: app.add_message(sid, "user", "Hello"),
    "switch_agent": lambda app, sid: app.switch_agent(sid, "billing"),
    "get_history": lambda app, sid: app.get_history(sid),
    "get_current_agent": lambda app, sid: app.get_current_agent(sid),
    "close_session": lambda app, sid: app.close_session(sid),
}


@dataclass(frozen=True)
class BadCall:
    call: Call
    error: type[DomainError]
    message: str
    on_closed_session: bool = False


BAD_CALLS = {
    "turn-empty": BadCall(
        lambda app, sid: app.post_user_turn(sid, ""),
        InvalidContentError,
        "message content is empty",
    ),
    "turn-whitespace": BadCall(
        lambda app, sid: app.post_user_turn(sid, " \n\t"),
        InvalidContentError,
        "message content is empty",
    ),
    "turn-100kB": BadCall(
        lambda app, sid: app.post_user_turn(sid, "x" * 102_400),
        InvalidContentError,
        "message content is 102400 characters long; the limit is 16384",
    ),
    "turn-not-text": BadCall(
        lambda app, sid: app.post_user_turn(sid, None),
        InvalidContentError,
        "message content must be text, not NoneType",
    ),
    "turn-nul": BadCall(
        lambda app, sid: app.post_user_turn(sid, "Hello\x00"),
        InvalidContentError,
        "message content contains a NUL character or a lone surrogate",
    ),
    "message-empty": BadCall(
        lambda app, sid: app.add_message(sid, "assistant", ""),
        InvalidContentError,
        "message content is empty",
    ),
    "message-16385": BadCall(
        lambda app, sid: app.add_message(sid, "assistant", "x" * 16_385),
        InvalidContentError,
        "message content is 16385 characters long; the limit is 16384",
    ),
    "message-100kB": BadCall(
        lambda app, sid: app.add_message(sid, "assistant", "x" * 102_400),
        InvalidContentError,
        "message content is 102400 characters long; the limit is 16384",
    ),
    "message-bytes": BadCall(
        lambda app, sid: app.add_message(sid, "assistant", b"Hi"),
        InvalidContentError,
        "message content must be text, not bytes",
    ),
    "unknown-role": BadCall(
        lambda app, sid: app.add_message(sid, "admin", "Hello"),
        UnknownRoleError,
        "unknown role 'admin'; expected one of: user, assistant, system",
    ),
    "unknown-role-none": BadCall(
        lambda app, sid: app.add_message(sid, None, "Hello"),
        UnknownRoleError,
        "unknown role None; expected one of: user, assistant, system",
    ),
    "unknown-agent": BadCall(
        lambda app, sid: app.switch_agent(sid, "sales"),
        UnknownAgentError,
        "unknown agent 'sales'; expected one of: triage, billing, tech",
    ),
    "unknown-agent-none": BadCall(
        lambda app, sid: app.switch_agent(sid, None),
        UnknownAgentError,
        "unknown agent None; expected one of: triage, billing, tech",
    ),
    "closed-turn": BadCall(
        lambda app, sid: app.post_user_turn(sid, "Still there?"),
        SessionClosedError,
        "session {sid!r} is closed",
        on_closed_session=True,
    ),
    "closed-message": BadCall(
        lambda app, sid: app.add_message(sid, "assistant", "Still there?"),
        SessionClosedError,
        "session {sid!r} is closed",
        on_closed_session=True,
    ),
}


@dataclass(frozen=True)
class Seeded:
    app: Application
    open_id: str
    closed_id: str


@pytest.fixture
async def seeded(app: Application, clock: ManualClock) -> Seeded:
    """An open and a closed session with some history, every background write done."""
    open_id, closed_id = await app.create_session(), await app.create_session()
    await app.post_user_turn(open_id, "Hello")
    await app.post_user_turn(open_id, "I was charged twice")
    await app.post_user_turn(closed_id, "Hello")
    await app.close_session(closed_id)
    await settle_background(app, clock)
    return Seeded(app, open_id, closed_id)


async def assert_writes_nothing(
    seeded: Seeded, clock: ManualClock, probe: DatabaseProbe, calls: Callable[[], Awaitable[None]]
) -> None:
    app = seeded.app
    stored, events, metrics = await probe.snapshot(), app.observed_events(), app.metrics()
    assert stored["messages"], "the seed stored messages"

    await calls()
    await settle_background(app, clock)

    assert await probe.snapshot() == stored
    assert app.observed_events() == events
    assert app.metrics() == metrics


@pytest.mark.parametrize("operation", sorted(SESSION_CALLS))
async def test_unknown_session_id_is_not_found_and_writes_nothing(
    seeded: Seeded, clock: ManualClock, probe: DatabaseProbe, operation: str
) -> None:
    async def calls() -> None:
        for session_id in UNKNOWN_SESSION_IDS:
            with pytest.raises(SessionNotFoundError) as caught:
                await SESSION_CALLS[operation](seeded.app, session_id)
            assert str(caught.value) == f"no session with id {session_id!r}"

    await assert_writes_nothing(seeded, clock, probe, calls)


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
async def test_bad_input_raises_its_domain_error_and_writes_nothing(
    seeded: Seeded, clock: ManualClock, probe: DatabaseProbe, case: str
) -> None:
    bad = BAD_CALLS[case]
    session_id = seeded.closed_id if bad.on_closed_session else seeded.open_id

    async def calls() -> None:
        with pytest.raises(bad.error) as caught:
            await bad.call(seeded.app, session_id)
        assert str(caught.value) == bad.message.format(sid=session_id)

    await assert_writes_nothing(seeded, clock, probe, calls)
