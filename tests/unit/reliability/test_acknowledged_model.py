"""The acknowledged-state model on its own: what it learns from events, what it calls a loss."""

import pytest

from migration_steps.reliability.model_check.model import (
    AcknowledgedModel,
    InvariantViolation,
    StoredSession,
    acknowledgement_of,
    divergences,
    multiset_difference,
)


def message(session_id: str, role: str, content: str) -> dict:
    return {"event": "MessageReceived", "session_id": session_id, "role": role, "content": content}


def switched(session_id: str, from_agent: str, to_agent: str) -> dict:
    return {
        "event": "AgentSwitched",
        "session_id": session_id,
        "from_agent": from_agent,
        "to_agent": to_agent,
        "reason": "requested",
    }


def stored(
    messages: list[str],
    agent: str | None = None,
    switches: list[str] | None = None,
    status: str | None = "open",
) -> StoredSession:
    return StoredSession(messages, agent, switches or [], status)


def test_a_turn_acknowledges_every_message_and_switch_its_events_announce() -> None:
    model = AcknowledgedModel()
    session = model.add_session("id-1")
    model.apply(
        acknowledgement_of(
            [
                message("id-1", "user", "I was charged twice"),
                switched("id-1", "triage", "billing"),
                message("id-1", "system", "billing agent took over from triage"),
                message("id-1", "assistant", "I see the payment; let me check it."),
                {"event": "SessionCreated", "session_id": "id-1"},
            ]
        )
    )
    assert session.name == "s1"
    assert session.messages == [
        "user: I was charged twice",
        "system: billing agent took over from triage",
        "assistant: I see the payment; let me check it.",
    ]
    assert session.switches == ["triage → billing"]
    assert session.agent == "billing"
    assert not session.closed


def test_sessions_are_named_in_creation_order_and_kept_apart() -> None:
    model = AcknowledgedModel()
    first, second = model.add_session("id-1"), model.add_session("id-2")
    model.apply(acknowledgement_of([message("id-2", "user", "Hello")]))
    assert (first.name, second.name) == ("s1", "s2")
    assert first.messages == []
    assert second.messages == ["user: Hello"]


def test_a_closing_event_closes_the_session() -> None:
    model = AcknowledgedModel()
    session = model.add_session("id-1")
    model.apply(acknowledgement_of([{"event": "SessionClosed", "session_id": "id-1"}]))
    assert session.closed
    assert session.status == "closed"


def test_an_event_for_a_session_nobody_created_is_a_violation() -> None:
    model = AcknowledgedModel()
    model.add_session("id-1")
    with pytest.raises(InvariantViolation, match="never created"):
        model.apply(acknowledgement_of([message("id-9", "user", "Hello")]))


def test_the_same_session_id_twice_is_a_violation() -> None:
    model = AcknowledgedModel()
    model.add_session("id-1")
    with pytest.raises(InvariantViolation, match="s1's id again"):
        model.add_session("id-1")


def test_a_session_holding_exactly_what_was_acknowledged_has_no_divergence() -> None:
    model = AcknowledgedModel()
    session = model.add_session("id-1")
    model.apply(
        acknowledgement_of([message("id-1", "user", "Hello"), message("id-1", "user", "Hi")])
    )
    assert divergences(session, stored(["user: Hello", "user: Hi"])) == []


def test_a_never_switched_session_without_an_agent_row_is_served_by_triage() -> None:
    session = AcknowledgedModel().add_session("id-1")
    assert divergences(session, stored([], agent=None)) == []
    assert divergences(session, stored([], agent="triage")) == []


def test_a_message_overwritten_by_a_flush_is_reported_lost() -> None:
    model = AcknowledgedModel()
    session = model.add_session("id-1")
    model.apply(
        acknowledgement_of(
            [
                message("id-1", "user", "Hello"),
                message("id-1", "assistant", "Hi"),
                message("id-1", "assistant", "Good"),
            ]
        )
    )
    assert divergences(session, stored(["user: Hello", "assistant: Hi"])) == [
        "s1 lost acknowledged 'assistant: Good': the database holds 2 of 3 acknowledged messages"
    ]


def test_a_message_stored_twice_is_reported_duplicated() -> None:
    model = AcknowledgedModel()
    session = model.add_session("id-1")
    model.apply(acknowledgement_of([message("id-1", "user", "Hello")]))
    assert divergences(session, stored(["user: Hello", "user: Hello"])) == [
        "s1 stores 'user: Hello' 2 times, acknowledged 1"
    ]


def test_a_repeated_message_counts_each_acknowledgement() -> None:
    model = AcknowledgedModel()
    session = model.add_session("id-1")
    model.apply(acknowledgement_of([message("id-1", "user", "Hello")] * 2))
    assert divergences(session, stored(["user: Hello", "user: Hello"])) == []
    assert divergences(session, stored(["user: Hello"]))[0].startswith(
        "s1 lost acknowledged 'user: Hello'"
    )


def test_a_message_nobody_acknowledged_is_reported() -> None:
    session = AcknowledgedModel().add_session("id-1")
    assert divergences(session, stored(["user: Hello"])) == [
        "s1 stores unacknowledged 'user: Hello'"
    ]


def test_messages_in_another_order_are_reported_out_of_order() -> None:
    model = AcknowledgedModel()
    session = model.add_session("id-1")
    model.apply(acknowledgement_of([message("id-1", "user", "A"), message("id-1", "user", "B")]))
    (found,) = divergences(session, stored(["user: B", "user: A"]))
    assert found.startswith("s1 stores its acknowledged messages out of order")


def test_a_reverted_switch_is_reported_with_the_acknowledged_trail() -> None:
    model = AcknowledgedModel()
    session = model.add_session("id-1")
    model.apply(acknowledgement_of([switched("id-1", "triage", "tech")]))
    assert divergences(session, stored([], agent="triage")) == [
        "s1's stored agent is triage, but the last acknowledged switch left it with tech "
        "(switches: triage → tech)"
    ]


def test_a_lost_switch_in_the_history_is_reported_even_when_the_agent_matches() -> None:
    model = AcknowledgedModel()
    session = model.add_session("id-1")
    model.apply(
        acknowledgement_of([switched("id-1", "triage", "tech"), switched("id-1", "tech", "triage")])
    )
    assert divergences(session, stored([], agent="triage", switches=[])) == [
        "s1's stored switch history is [], acknowledged [triage → tech, tech → triage]"
    ]


def test_a_reopened_session_is_reported() -> None:
    model = AcknowledgedModel()
    session = model.add_session("id-1")
    model.apply(acknowledgement_of([{"event": "SessionClosed", "session_id": "id-1"}]))
    assert divergences(session, stored([], status="open")) == [
        "s1's stored status is open, acknowledged closed"
    ]


def test_multiset_difference_counts_repeats_and_keeps_order() -> None:
    assert multiset_difference(["a", "b", "a", "c"], ["a", "c"]) == ["b", "a"]
    assert multiset_difference(["a"], ["a", "a"]) == []
