"""What one call may announce: its own message, its own turn, one switch from the serving agent."""

from migration_steps.reliability.model_check import expectations
from migration_steps.reliability.model_check.model import (
    AcknowledgedModel,
    Acknowledgement,
    SessionModel,
    acknowledgement_of,
)


def session_serving(agent: str = "triage") -> SessionModel:
    session = AcknowledgedModel().add_session("id-1")
    session.agent = agent
    return session


def announced(*records: tuple) -> Acknowledgement:
    events = []
    for record in records:
        if record[0] == "message":
            _, role, content = record
            events.append(
                {"event": "MessageReceived", "session_id": "id-1", "role": role, "content": content}
            )
        else:
            _, from_agent, to_agent = record
            events.append(
                {
                    "event": "AgentSwitched",
                    "session_id": "id-1",
                    "from_agent": from_agent,
                    "to_agent": to_agent,
                }
            )
    return acknowledgement_of(events)


def test_add_message_announces_exactly_its_message() -> None:
    session = session_serving()
    call = "add_message(s1, 'assistant', 'Good')"
    ok = announced(("message", "assistant", "Good"))
    assert expectations.added_message(session, "assistant", "Good", ok, call) == ""
    other = announced(("message", "assistant", "Bad"))
    assert "not just its own message" in expectations.added_message(
        session, "assistant", "Good", other, call
    )
    nothing = announced()
    assert expectations.added_message(session, "assistant", "Good", nothing, call) != ""


def test_a_turn_with_a_hand_off_is_user_text_then_notes_then_the_reply() -> None:
    session = session_serving("triage")
    turn = announced(
        ("message", "user", "I was charged twice"),
        ("switch", "triage", "billing"),
        ("message", "system", "billing agent took over from triage"),
        ("message", "assistant", "I see the payment"),
    )
    assert (
        expectations.took_turn(
            session,
            "I was charged twice",
            agent="billing",
            reply="I see the payment",
            switched_from="triage",
            acknowledgement=turn,
            call="post_user_turn(s1, 'I was charged twice')",
        )
        == ""
    )


def test_a_turn_left_unanswered_announces_only_the_user_text() -> None:
    session = session_serving()
    problem = expectations.took_turn(
        session,
        "How are you?",
        agent="triage",
        reply=None,
        switched_from=None,
        acknowledgement=announced(("message", "user", "How are you?")),
        call="post_user_turn(s1, 'How are you?')",
    )
    assert problem == ""


def test_a_turn_whose_reply_was_not_announced_is_reported() -> None:
    problem = expectations.took_turn(
        session_serving(),
        "Hello",
        agent="triage",
        reply="Hi",
        switched_from=None,
        acknowledgement=announced(("message", "user", "Hello")),
        call="post_user_turn(s1, 'Hello')",
    )
    assert problem == "post_user_turn(s1, 'Hello') returned reply 'Hi' but announced messages " + (
        "['user: Hello']"
    )


def test_a_turn_switching_from_an_agent_the_model_does_not_know_is_reported() -> None:
    problem = expectations.took_turn(
        session_serving("tech"),
        "I was charged twice",
        agent="billing",
        reply=None,
        switched_from="triage",
        acknowledgement=announced(
            ("message", "user", "I was charged twice"), ("switch", "triage", "billing")
        ),
        call="post_user_turn(s1, 'I was charged twice')",
    )
    assert "acknowledged agent of s1 was tech" in problem


def test_a_switch_must_start_from_the_acknowledged_agent() -> None:
    session = session_serving("billing")
    call = "switch_agent(s1, 'tech')"
    ok = announced(("switch", "billing", "tech"))
    assert (
        expectations.switched_agent(
            session, "tech", previous="billing", acknowledgement=ok, call=call
        )
        == ""
    )
    stale = announced(("switch", "triage", "tech"))
    assert "from the acknowledged agent billing" in expectations.switched_agent(
        session, "tech", previous="triage", acknowledgement=stale, call=call
    )


def test_switching_to_the_serving_agent_announces_nothing() -> None:
    session = session_serving("tech")
    call = "switch_agent(s1, 'tech')"
    assert (
        expectations.switched_agent(
            session, "tech", previous=None, acknowledgement=announced(), call=call
        )
        == ""
    )
    assert (
        expectations.switched_agent(
            session,
            "tech",
            previous=None,
            acknowledgement=announced(("switch", "tech", "tech")),
            call=call,
        )
        != ""
    )


def test_a_refused_call_must_announce_nothing() -> None:
    assert expectations.refused(announced(), "add_message(s1, 'robot', 'Good')", "E") == ""
    assert "raised E yet announced" in expectations.refused(
        announced(("message", "user", "Good")), "add_message(s1, 'robot', 'Good')", "E"
    )


def test_a_call_must_not_announce_changes_to_another_session() -> None:
    model = AcknowledgedModel()
    session = model.add_session("id-1")
    model.add_session("id-2")
    elsewhere = acknowledgement_of(
        [
            {"event": "MessageReceived", "session_id": "id-1", "role": "user", "content": "Hi"},
            {"event": "MessageReceived", "session_id": "id-2", "role": "user", "content": "Hi"},
        ]
    )
    assert expectations.added_message(session, "user", "Hi", elsewhere, "add_message(s1, ...)") == (
        "add_message(s1, ...) announced a change to another session"
    )
