"""What the application acknowledged, kept apart from the application: the model's side.

A call that returned normally acknowledged what its domain events announce (its message, the
agent's reply, a hand-off note, a switch); a call that raised a domain error acknowledged
nothing. The database must then hold exactly that. Everything here is pure, so the model can be
tested on its own and trusted as the yardstick of a stage.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

INITIAL_AGENT = "triage"
"""The agent of a session that never switched; such a session may have no stored agent row."""


class InvariantViolation(AssertionError):
    """The stage broke a promise the model holds it to; the message is one line."""


@dataclass
class SessionModel:
    """One session as its callers were told it is."""

    name: str
    session_id: str
    messages: list[str] = field(default_factory=list)
    switches: list[str] = field(default_factory=list)
    agent: str = INITIAL_AGENT
    closed: bool = False

    @property
    def status(self) -> str:
        return "closed" if self.closed else "open"


@dataclass(frozen=True)
class Acknowledgement:
    """What one call's events announced, per session id: messages 'role: content' and switches
    'from → to', in the order they were announced."""

    messages: dict[str, list[str]] = field(default_factory=dict)
    switches: dict[str, list[str]] = field(default_factory=dict)
    closed: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.messages or self.switches or self.closed)

    def messages_of(self, session_id: str) -> list[str]:
        return self.messages.get(session_id, [])

    def switches_of(self, session_id: str) -> list[str]:
        return self.switches.get(session_id, [])


@dataclass(frozen=True)
class StoredSession:
    """What the database holds for one session, read without the stage's code."""

    messages: list[str]
    agent: str | None
    switches: list[str]
    status: str | None


def acknowledgement_of(events: Iterable[Mapping[str, Any]]) -> Acknowledgement:
    """Read the audit records one call produced."""
    messages: dict[str, list[str]] = {}
    switches: dict[str, list[str]] = {}
    closed: set[str] = set()
    for record in events:
        kind = record.get("event")
        session_id = record.get("session_id", "")
        if kind == "MessageReceived":
            messages.setdefault(session_id, []).append(f"{record['role']}: {record['content']}")
        elif kind == "AgentSwitched":
            switches.setdefault(session_id, []).append(
                switch_label(record["from_agent"], record["to_agent"])
            )
        elif kind == "SessionClosed":
            closed.add(session_id)
    return Acknowledgement(messages, switches, frozenset(closed))


def switch_label(from_agent: str, to_agent: str) -> str:
    return f"{from_agent} → {to_agent}"


class AcknowledgedModel:
    """Every session of one example, with what was acknowledged on it."""

    def __init__(self) -> None:
        self._sessions: dict[str, SessionModel] = {}
        self._by_id: dict[str, SessionModel] = {}

    @property
    def sessions(self) -> list[SessionModel]:
        return list(self._sessions.values())

    def add_session(self, session_id: str) -> SessionModel:
        """A session the stage created; named s1, s2, … in creation order."""
        if session_id in self._by_id:
            existing = self._by_id[session_id].name
            raise InvariantViolation(f"create_session() returned {existing}'s id again")
        session = SessionModel(f"s{len(self._sessions) + 1}", session_id)
        self._sessions[session.name] = session
        self._by_id[session_id] = session
        return session

    def session(self, name: str) -> SessionModel:
        return self._sessions[name]

    def apply(self, acknowledgement: Acknowledgement) -> None:
        """Record what a call that returned normally acknowledged."""
        for session_id in [
            *acknowledgement.messages,
            *acknowledgement.switches,
            *acknowledgement.closed,
        ]:
            if session_id not in self._by_id:
                raise InvariantViolation(f"an event names session {session_id!r}, never created")
        for session_id, messages in acknowledgement.messages.items():
            self._by_id[session_id].messages.extend(messages)
        for session_id, switches in acknowledgement.switches.items():
            session = self._by_id[session_id]
            session.switches.extend(switches)
            session.agent = switches[-1].split(" → ")[-1]
        for session_id in acknowledgement.closed:
            self._by_id[session_id].closed = True


def divergences(session: SessionModel, stored: StoredSession) -> list[str]:
    """How the stored session differs from what was acknowledged; empty when it does not."""
    found = _message_divergences(session, stored.messages)
    stored_agent = stored.agent if stored.agent is not None else INITIAL_AGENT
    if stored_agent != session.agent:
        found.append(
            f"{session.name}'s stored agent is {stored_agent}, but the last acknowledged switch "
            f"left it with {session.agent} ({_switch_trail(session.switches)})"
        )
    elif stored.switches != session.switches:
        found.append(
            f"{session.name}'s stored switch history is [{', '.join(stored.switches)}], "
            f"acknowledged [{', '.join(session.switches)}]"
        )
    if stored.status != session.status:
        found.append(
            f"{session.name}'s stored status is {stored.status}, acknowledged {session.status}"
        )
    return found


def _switch_trail(switches: Sequence[str]) -> str:
    return "switches: " + ", ".join(switches) if switches else "no switch acknowledged"


def _message_divergences(session: SessionModel, stored: list[str]) -> list[str]:
    if stored == session.messages:
        return []
    lost = multiset_difference(session.messages, stored)
    extra = multiset_difference(stored, session.messages)
    found = []
    if lost:
        found.append(
            f"{session.name} lost acknowledged {_quote_list(lost)}: the database holds "
            f"{len(stored)} of {len(session.messages)} acknowledged messages"
        )
    acknowledged = Counter(session.messages)
    held = Counter(stored)
    duplicated = [item for item in dict.fromkeys(extra) if acknowledged[item]]
    unacknowledged = [item for item in dict.fromkeys(extra) if not acknowledged[item]]
    for item in duplicated:
        found.append(
            f"{session.name} stores {item!r} {held[item]} times, acknowledged {acknowledged[item]}"
        )
    if unacknowledged:
        found.append(f"{session.name} stores unacknowledged {_quote_list(unacknowledged)}")
    if not found:
        found.append(
            f"{session.name} stores its acknowledged messages out of order: "
            f"{_quote_list(stored)}, acknowledged {_quote_list(session.messages)}"
        )
    return found


def _quote_list(items: Sequence[str]) -> str:
    return ", ".join(repr(item) for item in items)


def multiset_difference(first: Sequence[str], second: Sequence[str]) -> list[str]:
    """The items of `first` that `second` does not account for, counting repeats, in order."""
    remaining = Counter(second)
    left = []
    for item in first:
        if remaining[item] > 0:
            remaining[item] -= 1
        else:
            left.append(item)
    return left
