"""The state machine Hypothesis drives: random use of one stage's `Application`, held to the model.

Hypothesis runs rules synchronously, so every app call runs on the run's one event loop. Each
example opens its own `Application` (and closes it in teardown) on the run's one database, with
its own manual clock and its own sessions; after every step the database, read through
`DatabaseView` rather than the stage's code, must hold exactly what was acknowledged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.control import current_build_context
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from migration_steps.clock import ManualClock
from migration_steps.reliability.model_check import expectations
from migration_steps.reliability.model_check.model import (
    AcknowledgedModel,
    Acknowledgement,
    InvariantViolation,
    SessionModel,
    StoredSession,
    acknowledgement_of,
    divergences,
)
from migration_steps.reliability.model_check.runtime import Runtime, describe

FLUSH_DELAY_SECONDS = 2.0
# Two sessions are enough for one's write to meet the other's flush; each more costs a read of
# every table after every step.
MAX_SESSIONS = 2
# Ordered simplest first: the shrinker moves toward the front of each list.
USER_TEXTS = (
    "Hello",
    "How are you?",
    "I was charged twice",
    "The app crashed after the update",
    "Thanks",
)
ROLES = ("assistant", "user", "system")
CONTENTS = ("Good", "Let me check.", "Noted")
AGENTS = ("tech", "billing", "triage")
SECONDS = (2.0, 1.0, 0.5)  # a whole debounce window first, then parts of one
UNKNOWN_SESSION_ID = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class Outcome:
    """One call: its value when it returned, the domain error it raised otherwise."""

    value: Any
    error: str
    acknowledgement: Acknowledgement

    @property
    def refused(self) -> bool:
        return bool(self.error)


BadInput = tuple[str, Callable[[Any, str], Awaitable[Any]]]
BAD_INPUTS: tuple[BadInput, ...] = (
    ("add_message({s}, 'robot', 'Good')", lambda app, sid: app.add_message(sid, "robot", "Good")),
    ("add_message({s}, 'user', '   ')", lambda app, sid: app.add_message(sid, "user", "   ")),
    ("switch_agent({s}, 'sales')", lambda app, sid: app.switch_agent(sid, "sales")),
    (
        "post_user_turn(<unknown id>, 'Hello')",
        lambda app, _sid: app.post_user_turn(UNKNOWN_SESSION_ID, "Hello"),
    ),
)


class AcknowledgedStateMachine(RuleBasedStateMachine):
    """Random sessions, turns, operator messages, switches, closes, restarts and waiting."""

    sessions = Bundle("sessions")

    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self._runtime = runtime
        self._model = AcknowledgedModel()
        self._clock = ManualClock()
        self._steps: list[str] = []
        self._app: Any = runtime.run(self._open_app())
        self._events_seen = 0
        # Acknowledged writes since this instance opened, and since time last passed.
        self._writes_since_open = 0
        self._writes_since_advance = 0

    async def _open_app(self) -> Any:
        ctx = self._runtime.ctx
        settings = ctx.make_settings(
            database_url=self._runtime.database_url,
            clock=self._clock,
            flush_delay_seconds=FLUSH_DELAY_SECONDS,
        )
        return await ctx.create_app(settings)

    def _call(self, line: str, call: Callable[[], Awaitable[Any]]) -> Outcome:
        """Run one app call; anything but a domain error is a violation of its own."""
        self._steps.append(line)
        value, error = None, ""
        try:
            value = self._runtime.run(call())
        except self._runtime.domain_error as refusal:
            error = type(refusal).__name__
            self._steps[-1] += f"  # refused: {error}"
        except Exception as failure:
            raise InvariantViolation(f"{line} raised {describe(failure)}") from failure
        events = self._app.observed_events()
        acknowledgement = acknowledgement_of(events[self._events_seen :])
        self._events_seen = len(events)
        if error and (problem := expectations.refused(acknowledgement, line, error)):
            raise InvariantViolation(problem)
        return Outcome(value, error, acknowledgement)

    @initialize(target=sessions)
    def first_session(self) -> str:
        """Every example starts with a session, so no example is spent without one."""
        return self.create_session()

    @precondition(lambda self: len(self._model.sessions) < MAX_SESSIONS)
    @rule(target=sessions)
    def create_session(self) -> str:
        name = f"s{len(self._model.sessions) + 1}"
        outcome = self._call(f"{name} = create_session()", self._app.create_session)
        if outcome.refused:
            raise InvariantViolation(f"create_session() was refused: {outcome.error}")
        session = self._model.add_session(outcome.value)
        _require_nothing_announced(outcome, "create_session()")
        return session.name

    @rule(name=sessions, text=st.sampled_from(USER_TEXTS))
    def post_user_turn(self, name: str, text: str) -> None:
        session = self._model.session(name)
        line = f"post_user_turn({name}, {text!r})"
        outcome = self._call(line, lambda: self._app.post_user_turn(session.session_id, text))
        if not self._accepted_as_expected(session, outcome, line):
            return
        turn = outcome.value
        _raise_if(
            expectations.took_turn(
                session,
                text,
                agent=turn.agent,
                reply=turn.reply,
                switched_from=turn.switched_from,
                acknowledgement=outcome.acknowledgement,
                call=line,
            )
        )
        self._acknowledge(outcome.acknowledgement)

    @rule(name=sessions, role=st.sampled_from(ROLES), content=st.sampled_from(CONTENTS))
    def add_message(self, name: str, role: str, content: str) -> None:
        session = self._model.session(name)
        line = f"add_message({name}, {role!r}, {content!r})"
        outcome = self._call(line, lambda: self._app.add_message(session.session_id, role, content))
        if not self._accepted_as_expected(session, outcome, line):
            return
        _raise_if(expectations.added_message(session, role, content, outcome.acknowledgement, line))
        self._acknowledge(outcome.acknowledgement)

    def _acknowledge(self, acknowledgement: Acknowledgement, *, wrote: bool = False) -> None:
        self._model.apply(acknowledgement)
        if wrote or not acknowledgement.is_empty:
            self._writes_since_open += 1
            self._writes_since_advance += 1

    def _accepted_as_expected(self, session: SessionModel, outcome: Outcome, line: str) -> bool:
        """A message write succeeds on an open session and is refused on a closed one."""
        if session.closed and not outcome.refused:
            raise InvariantViolation(f"{line} was accepted although {session.name} is closed")
        if not session.closed and outcome.refused:
            raise InvariantViolation(f"{line} was refused ({outcome.error}) on an open session")
        return not outcome.refused

    @rule(name=sessions, agent=st.sampled_from(AGENTS))
    def switch_agent(self, name: str, agent: str) -> None:
        session = self._model.session(name)
        line = f"switch_agent({name}, {agent!r})"
        outcome = self._call(line, lambda: self._app.switch_agent(session.session_id, agent))
        if outcome.refused:
            # Whether a closed session's agent may still change is the stage's choice.
            if not session.closed:
                raise InvariantViolation(f"{line} was refused ({outcome.error}) on an open session")
            return
        _raise_if(
            expectations.switched_agent(
                session,
                agent,
                previous=outcome.value.previous_agent,
                acknowledgement=outcome.acknowledgement,
                call=line,
            )
        )
        self._acknowledge(outcome.acknowledgement)

    @rule(name=sessions)
    def close_session(self, name: str) -> None:
        session = self._model.session(name)
        line = f"close_session({name})"
        outcome = self._call(line, lambda: self._app.close_session(session.session_id))
        if outcome.refused:
            if not session.closed:
                raise InvariantViolation(f"{line} was refused ({outcome.error}) on an open session")
            return
        _require_nothing_announced(outcome, line)
        self._acknowledge(outcome.acknowledgement, wrote=True)
        session.closed = True

    @rule(name=sessions, bad=st.sampled_from(BAD_INPUTS))
    def bad_input(self, name: str, bad: BadInput) -> None:
        template, make_call = bad
        session = self._model.session(name)
        line = template.format(s=name)
        outcome = self._call(line, lambda: make_call(self._app, session.session_id))
        if not outcome.refused:
            raise InvariantViolation(f"{line} was accepted; it must raise a domain error")

    # An instance that acknowledged nothing since it opened has nothing new to lose on a
    # restart, and opening one is the costliest step there is.
    @precondition(lambda self: self._writes_since_open > 0)
    @rule()
    def restart(self) -> None:
        """Close this instance and open a new one on the same database."""
        self._steps.append("restart()")
        self._run_stage("restart()", self._app.close())
        self._app = self._run_stage("restart()", self._open_app())
        self._events_seen = 0
        self._writes_since_open = 0

    # Two waits in a row are one longer wait; letting time pass only after a write keeps
    # examples from being spent on waiting alone.
    @precondition(lambda self: self._writes_since_advance > 0)
    @rule(seconds=st.sampled_from(SECONDS))
    def advance(self, seconds: float) -> None:
        """Let time pass: background work whose time came runs to its end."""
        self._steps.append(f"advance({seconds})")
        self._writes_since_advance = 0
        self._run_stage(f"advance({seconds})", self._advance(seconds))

    async def _advance(self, seconds: float) -> None:
        await self._clock.advance(seconds)
        await self._app.drain()

    def _run_stage(self, line: str, awaitable: Awaitable[Any]) -> Any:
        """Run the stage's own code outside a call: a failure there is a violation too."""
        try:
            return self._runtime.run(awaitable)
        except Exception as failure:
            raise InvariantViolation(f"{line} raised {describe(failure)}") from failure

    @invariant()
    def database_holds_what_was_acknowledged(self) -> None:
        found: list[str] = []
        for session in self._model.sessions:
            found.extend(divergences(session, self._runtime.run(self._stored(session))))
        if found:
            raise InvariantViolation("; ".join(found))

    async def _stored(self, session: SessionModel) -> StoredSession:
        view = self._runtime.view
        agent, switches = await view.agent(session.session_id)
        return StoredSession(
            messages=await view.messages(session.session_id),
            agent=agent,
            switches=switches,
            status=await view.status(session.session_id),
        )

    def teardown(self) -> None:
        try:
            self._runtime.run(self._app.close())
        finally:
            if current_build_context().is_final:
                self._runtime.final_sequence = list(self._steps)


def _require_nothing_announced(outcome: Outcome, call: str) -> None:
    if outcome.acknowledgement.messages or outcome.acknowledgement.switches:
        raise InvariantViolation(f"{call} announced {outcome.acknowledgement}")


def _raise_if(problem: str) -> None:
    if problem:
        raise InvariantViolation(problem)
