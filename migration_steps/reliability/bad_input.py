"""Bad input across the Application API, checked call by call against the database.

Hypothesis draws calls to every method with arguments of the wrong type, blank or oversized
text, unicode edge cases, SQL metacharacters, unknown and closed sessions (`bad_calls`). Each
call must either be accepted and store exactly what it was given (read back through
`DatabaseView`, which does not use the stage's code, and through the app's own reads), or raise
the stage's DomainError with a one-line message and leave the database as it was: row counts
and the touched sessions' messages, agent, switch history and status. Any other exception is a
violation. `bad_input_rules` says which calls must be refused.

The database is read right after each call, so a stage that writes later (legacy's debounced
flush) is outside what this check can judge.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
from collections import Counter, defaultdict
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, example, given, settings

from migration_steps.databases import database_kind, fresh_database
from migration_steps.reliability.bad_calls import Call, SessionChoice, calls, table_calls
from migration_steps.reliability.bad_input_rules import (
    Verdict,
    expect,
    is_storable_text,
)
from migration_steps.reliability.caller_errors import describe
from migration_steps.reliability.hypothesis_home import hypothesis_home_outside_the_stage
from migration_steps.scenarios.database_view import DatabaseView
from migration_steps.stages.context import StageContext
from migration_steps.stages.loader import StageRef, run_in_stage

ENTRY = "migration_steps.reliability.bad_input:run"
DEFAULT_EXAMPLES = 200
SHOWN_VIOLATIONS = 10
INITIAL_AGENT = "triage"
_WRITES = {"create_session", "add_message", "post_user_turn", "switch_agent", "close_session"}


def check_bad_input(
    stage: StageRef, database_url: str | None, *, examples: int = DEFAULT_EXAMPLES
) -> dict[str, Any]:
    """Run the check in `stage`'s own process on a fresh database of `database_url`'s server
    (None: a SQLite file). Returns the counts, see `BadInputTally.as_dict`."""
    return run_in_stage(stage, ENTRY, {"db": database_url, "examples": examples})


@dataclass(frozen=True)
class SessionState:
    messages: tuple[str, ...]
    agent: str | None
    switches: tuple[Any, ...]
    status: str | None


@dataclass(frozen=True)
class Snapshot:
    counts: dict[str, int]
    sessions: dict[str, SessionState]


class BadInputTally:
    def __init__(self) -> None:
        self.calls = 0
        self.refused = 0
        self.stored = 0
        self.read = 0
        self.violations: list[str] = []
        self.violations_by_call: Counter[str] = Counter()
        self.outcomes: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def violation(self, label: str, call: str, problem: str) -> None:
        self.violations_by_call[label] += 1
        self.violations.append(" ".join(f"{call}: {problem}".split()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "refused": self.refused,
            "stored": self.stored,
            "read": self.read,
            "violation_count": len(self.violations),
            "violations": self.violations[:SHOWN_VIOLATIONS],
            "violations_by_call": dict(self.violations_by_call),
            "outcomes": {label: dict(counts) for label, counts in sorted(self.outcomes.items())},
        }


def run(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    """Synchronous on purpose: Hypothesis drives the calls, each run on this process's loop."""
    base_url = payload.get("db")
    examples = int(payload.get("examples", DEFAULT_EXAMPLES))
    domain_error = importlib.import_module("app.domain.errors").DomainError
    tally = BadInputTally()
    with hypothesis_home_outside_the_stage(), asyncio.Runner() as runner:
        stack = AsyncExitStack()
        try:
            url = runner.run(stack.enter_async_context(fresh_database(base_url)))
            prober = runner.run(_Prober.open(ctx, url, domain_error, tally, stack))

            @settings(
                max_examples=examples,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
                verbosity=Verbosity.quiet,
            )
            @given(calls)
            def probe(call: Call) -> None:
                runner.run(prober.probe(call))

            for call in table_calls():
                probe = example(call)(probe)
            probe()
        finally:
            runner.run(stack.aclose())
    return {
        "stage": ctx.name,
        "db": "sqlite" if base_url is None else database_kind(base_url),
        "examples": examples,
        **tally.as_dict(),
    }


class _Prober:
    """Makes one call at a time on one app and judges it against the database."""

    def __init__(
        self, app: Any, view: DatabaseView, domain_error: type, tally: BadInputTally
    ) -> None:
        self._app = app
        self._view = view
        self._domain_error = domain_error
        self._tally = tally
        self._open: set[str] = set()
        self._closed: set[str] = set()
        self._open_id = ""
        self._closed_id = ""

    @classmethod
    async def open(
        cls,
        ctx: StageContext,
        url: str,
        domain_error: type,
        tally: BadInputTally,
        stack: AsyncExitStack,
    ) -> _Prober:
        app = ctx.create_app(ctx.make_settings(database_url=url))
        app = await app if inspect.isawaitable(app) else app
        stack.push_async_callback(app.close)
        view = DatabaseView(url)
        stack.push_async_callback(view.close)
        prober = cls(app, view, domain_error, tally)
        prober._closed_id = await prober._new_session("before closing")
        await app.close_session(prober._closed_id)
        prober._open.discard(prober._closed_id)
        prober._closed.add(prober._closed_id)
        prober._open_id = await prober._new_session("seed")
        await app.switch_agent(prober._open_id, "billing", "seed")
        return prober

    async def _new_session(self, first_message: str) -> str:
        session_id = await self._app.create_session()
        await self._app.add_message(session_id, "user", first_message)
        self._open.add(session_id)
        return session_id

    async def probe(self, call: Call) -> None:
        if self._open_id in self._closed:
            self._open_id = await self._new_session("seed")
        arguments = {
            name: value.pick(self._open_id, self._closed_id)
            if isinstance(value, SessionChoice)
            else value
            for name, value in call.arguments.items()
        }
        expectation = expect(call.method, arguments, self._open, self._closed)
        shown = _show_call(call)
        touched = arguments.get("session_id")
        watched = self._watched(touched)
        before = await self._snapshot(watched)
        self._tally.calls += 1
        try:
            result = await getattr(self._app, call.method)(*arguments.values())
        except self._domain_error as error:
            self._tally.refused += 1
            self._tally.outcomes[expectation.label]["refused"] += 1
            problems = _judge_refusal(error, expectation.verdict)
            problems += _changes(before, await self._snapshot(watched))
        except Exception as error:
            self._tally.outcomes[expectation.label]["escaped"] += 1
            problems = [f"escaped, not a DomainError: {describe(error)}"]
            problems += _changes(before, await self._snapshot(watched))
        else:
            self._tally.outcomes[expectation.label]["accepted"] += 1
            if call.method in _WRITES:
                self._tally.stored += 1
            else:
                self._tally.read += 1
            problems = [] if expectation.verdict is not Verdict.REFUSE else ["bad input accepted"]
            after = await self._snapshot(watched | ({result} if isinstance(result, str) else set()))
            problems += await self._judge_effect(call.method, arguments, result, before, after)
            self._follow(call.method, touched, result)
        for problem in problems:
            self._tally.violation(expectation.label, shown, problem)

    async def _judge_effect(
        self, method: str, arguments: dict[str, Any], result: Any, before: Snapshot, after: Snapshot
    ) -> list[str]:
        session_id = arguments.get("session_id")
        if method == "create_session":
            return _created(result, before, after)
        if not isinstance(session_id, str) or session_id not in before.sessions:
            # accepted although no session can have that id: only "nothing else changed" is left
            return _changes(before, after)
        if method in ("get_history", "get_current_agent"):
            now = after.sessions[session_id]
            problems = _changes(before, after)
            if method == "get_history":
                problems += _history_mismatch(result, now.messages)
            elif result != (now.agent or INITIAL_AGENT):
                problems.append(f"returned agent {result!r}, stored {now.agent!r}")
            return problems
        was, now = before.sessions[session_id], after.sessions[session_id]
        problems = _changes(before, after, expected_to_change=session_id)
        problems += _counts_grew(before, after, messages=len(now.messages) - len(was.messages))
        if method == "add_message":
            problems += _appended(was, now, [f"{arguments['role']}: {arguments['content']}"])
            returned = (getattr(result, "role", None), getattr(result, "content", None))
            if returned != (arguments["role"], arguments["content"]):
                problems.append(f"returned {_short(result)}, not what was given")
        elif method == "post_user_turn":
            problems += _turn_stored(was, now, arguments["text"], result)
        elif method == "switch_agent":
            problems += _switched(was, now, arguments["agent"], arguments["reason"])
        elif method == "close_session":
            problems += _appended(was, now, [])
            if now.status != "closed":
                problems.append(f"status after close is {now.status!r}")
        if method in ("add_message", "post_user_turn"):
            history = await self._app.get_history(session_id)
            problems += _history_mismatch(history, now.messages)
        return problems

    def _follow(self, method: str, session_id: Any, result: Any) -> None:
        """Keep the known sessions up to date; a closed open session is replaced next call."""
        if method == "create_session" and isinstance(result, str):
            self._open.add(result)
        if method == "close_session" and isinstance(session_id, str) and session_id in self._open:
            self._open.discard(session_id)
            self._closed.add(session_id)

    def _watched(self, touched: Any) -> set[str]:
        watched = {self._open_id, self._closed_id}
        if isinstance(touched, str) and is_storable_text(touched):
            watched.add(touched)
        return watched

    async def _snapshot(self, session_ids: set[str]) -> Snapshot:
        sessions = {}
        for session_id in session_ids:
            agent, switches = await self._view.agent_context(session_id)
            sessions[session_id] = SessionState(
                messages=tuple(await self._view.messages(session_id)),
                agent=agent,
                switches=tuple(switches),
                status=await self._view.status(session_id),
            )
        return Snapshot(await self._view.row_counts(), sessions)


def _judge_refusal(error: Exception, verdict: Verdict) -> list[str]:
    message = str(error)
    problems = []
    if len(message.splitlines()) != 1:
        problems.append(f"{type(error).__name__} message is not one line: {message[:80]!r}")
    if verdict is Verdict.STORE:
        problems.append(f"valid input refused: {describe(error)}")
    return problems


def _changes(before: Snapshot, after: Snapshot, expected_to_change: Any = None) -> list[str]:
    """What changed between two snapshots outside `expected_to_change` (row counts aside when a
    session is expected to change: its judge checks them)."""
    problems = []
    if expected_to_change is None and after.counts != before.counts:
        problems.append(f"row counts changed: {before.counts} -> {after.counts}")
    for session_id, was in before.sessions.items():
        now = after.sessions.get(session_id, was)
        if session_id != expected_to_change and now != was:
            problems.append(f"session {_short(session_id)} changed: {_difference(was, now)}")
    return problems


def _appended(was: SessionState, now: SessionState, added: list[str]) -> list[str]:
    expected = (*was.messages, *added)
    if now.messages != expected:
        return [f"stored messages end {_short(now.messages[-2:])}, expected {_short(added)}"]
    return []


def _turn_stored(was: SessionState, now: SessionState, text: str, result: Any) -> list[str]:
    new = list(now.messages[len(was.messages) :])
    problems = []
    if now.messages[: len(was.messages)] != was.messages:
        problems.append("earlier messages were rewritten")
    if not new or new[0] != f"user: {text}":
        problems.append(f"user message not stored exactly: {_short(new[:1])}")
    reply = getattr(result, "reply", None)
    if reply is not None and (not new or new[-1] != f"assistant: {reply}"):
        problems.append(f"reply {_short(reply)} not stored last")
    if now.agent is not None and now.agent != getattr(result, "agent", now.agent):
        problems.append(f"returned agent {result.agent!r}, stored {now.agent!r}")
    return problems


def _switched(was: SessionState, now: SessionState, agent: str, reason: str) -> list[str]:
    problems = []
    if now.messages != was.messages:
        problems.append("messages changed on an agent switch")
    if (now.agent or INITIAL_AGENT) != agent:
        return [*problems, f"stored agent {now.agent!r}, expected {agent!r}"]
    if (was.agent or INITIAL_AGENT) == agent:
        return problems
    if len(now.switches) != len(was.switches) + 1:
        return [*problems, f"switch history has {len(now.switches)} entries, expected one more"]
    last = now.switches[-1]
    if last.get("to_agent") != agent or last.get("reason") != reason:
        problems.append(f"last switch stored as {_short(last)}, given {agent!r} for {reason!r}")
    return problems


def _created(result: Any, before: Snapshot, after: Snapshot) -> list[str]:
    problems = _changes(before, after, expected_to_change=result)
    problems += _counts_grew(before, after, sessions=1)
    state = after.sessions.get(result) if isinstance(result, str) else None
    if state is None or state.status != "open" or state.messages:
        problems.append(f"new session {_short(result)} stored as {state}")
    return problems


def _counts_grew(
    before: Snapshot, after: Snapshot, *, messages: int = 0, sessions: int = 0
) -> list[str]:
    """Rows added by a write to one session: its messages, a new session, and at most the one
    agent-context row of that session; nothing else."""
    grew = {name: after.counts.get(name, 0) - count for name, count in before.counts.items()}
    if (grew.get("messages"), grew.get("sessions")) != (messages, sessions) or grew.get(
        "agent_contexts", 0
    ) not in (0, 1):
        return [f"row counts {before.counts} -> {after.counts}"]
    return []


def _history_mismatch(history: Any, stored: tuple[str, ...]) -> list[str]:
    seen = tuple(f"{message.role}: {message.content}" for message in history)
    if seen != stored:
        return [f"get_history shows {len(seen)} messages unlike the {len(stored)} stored"]
    return []


def _difference(was: SessionState, now: SessionState) -> str:
    fields = ("messages", "agent", "switches", "status")
    return ", ".join(
        f"{name} {_short(getattr(was, name))} -> {_short(getattr(now, name))}"
        for name in fields
        if getattr(was, name) != getattr(now, name)
    )


def _show_call(call: Call) -> str:
    return f"{call.method}({', '.join(_short(value) for value in call.arguments.values())})"


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)  # a SessionChoice shows its recipe
    return text if len(text) <= limit else f"{text[: limit - 12]}…({len(text)} chars)"
