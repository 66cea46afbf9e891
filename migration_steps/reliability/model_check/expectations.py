"""What one call must have acknowledged, predicted from the model before looking at the stage.

Events say what a call acknowledged; these checks keep that honest: a call announces only what
its own arguments and result account for, on its own session, and a refused call announces
nothing. Each returns a one-line complaint, or "" when the acknowledgement is what it must be.
"""

from __future__ import annotations

from migration_steps.reliability.model_check.model import (
    Acknowledgement,
    SessionModel,
    switch_label,
)


def _only_on(session: SessionModel, acknowledgement: Acknowledgement, call: str) -> str:
    others = (set(acknowledgement.messages) | set(acknowledgement.switches)) - {session.session_id}
    return f"{call} announced a change to another session" if others else ""


def added_message(
    session: SessionModel, role: str, content: str, acknowledgement: Acknowledgement, call: str
) -> str:
    """add_message stores exactly the one message it was given, and switches nothing."""
    if problem := _only_on(session, acknowledgement, call):
        return problem
    announced = acknowledgement.messages_of(session.session_id)
    if announced != [f"{role}: {content}"] or acknowledgement.switches_of(session.session_id):
        return f"{call} returned but announced {announced}, not just its own message"
    return ""


def took_turn(
    session: SessionModel,
    text: str,
    *,
    agent: str,
    reply: str | None,
    switched_from: str | None,
    acknowledgement: Acknowledgement,
    call: str,
) -> str:
    """A turn stores the user's text first and the reply (if any) last, with only system notes
    between; it announces a switch exactly when its result says it switched, from the agent
    the model says was serving."""
    if problem := _only_on(session, acknowledgement, call):
        return problem
    announced = acknowledgement.messages_of(session.session_id)
    expected_last = [f"assistant: {reply}"] if reply is not None else []
    body = announced[1 : len(announced) - len(expected_last)]
    if (
        announced[:1] != [f"user: {text}"]
        or (expected_last and announced[-1:] != expected_last)
        or len(announced) < 1 + len(expected_last)
        or not all(item.startswith("system: ") for item in body)
    ):
        return f"{call} returned reply {reply!r} but announced messages {announced}"
    switches = acknowledgement.switches_of(session.session_id)
    expected_switches = [switch_label(switched_from, agent)] if switched_from is not None else []
    if switches != expected_switches:
        return f"{call} said it switched {expected_switches or 'nothing'} but announced {switches}"
    if switched_from is not None and switched_from != session.agent:
        return (
            f"{call} switched from {switched_from}, but the acknowledged agent of "
            f"{session.name} was {session.agent}"
        )
    return ""


def switched_agent(
    session: SessionModel,
    agent: str,
    *,
    previous: str | None,
    acknowledgement: Acknowledgement,
    call: str,
) -> str:
    """A switch to the serving agent changes nothing; any other announces one switch from the
    agent the model says was serving."""
    if problem := _only_on(session, acknowledgement, call):
        return problem
    if acknowledgement.messages_of(session.session_id):
        return f"{call} announced messages {acknowledgement.messages_of(session.session_id)}"
    switches = acknowledgement.switches_of(session.session_id)
    expected = [] if agent == session.agent else [switch_label(session.agent, agent)]
    if switches != expected:
        return (
            f"{call} announced switches {switches}, but from the acknowledged agent "
            f"{session.agent} it must announce {expected}"
        )
    if previous != (None if agent == session.agent else session.agent):
        return f"{call} reported the previous agent as {previous}, acknowledged {session.agent}"
    return ""


def refused(acknowledgement: Acknowledgement, call: str, error: str) -> str:
    """A call refused with a domain error must not have announced anything."""
    if acknowledgement.is_empty:
        return ""
    return f"{call} raised {error} yet announced {acknowledgement}"
