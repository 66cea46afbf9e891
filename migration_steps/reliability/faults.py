"""Runs inside a stage's process: each fault of `nemesis` against real writes, then the audit.

For a statement fault, every position is tried in turn (the 1st statement of the write, the
2nd, ...) until the write has no statement left to fail, so no step of a transaction is
skipped. After each faulted call time passes (a debounced flush runs), the same instance must
serve a new write, and at the end the database must hold each acknowledged message exactly once
and no message whose caller was told it failed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from typing import Any

from migration_steps.clock import ManualClock
from migration_steps.databases import asyncpg_dsn, database_kind
from migration_steps.reliability.audit import stored_contents
from migration_steps.reliability.caller_errors import describe, is_clear, is_in_doubt
from migration_steps.reliability.ledger import WriteOutcome, WriteStatus, tally
from migration_steps.reliability.nemesis import (
    AT_COMMIT,
    Firing,
    failing_observers,
    killed_backend,
    refused_statement,
)
from migration_steps.stages.context import StageContext

FLUSH_DELAY_SECONDS = 2.0
SETTLE_SECONDS = 10 * FLUSH_DELAY_SECONDS
DEFAULT_POSITIONS = 12
OBSERVED_WRITES = 10

Write = Callable[[Any, str, str], Awaitable[Any]]
Nemesis = Callable[[int], AbstractContextManager[Firing]]

WRITES: dict[str, Write] = {
    "add_message": lambda app, session, text: app.add_message(session, "user", text),
    "post_user_turn": lambda app, session, text: app.post_user_turn(session, text),
}


class FaultRun:
    """One application instance on the database, the writes made to it, and what they were told."""

    def __init__(self, ctx: StageContext, url: str) -> None:
        self.ctx = ctx
        self.url = url
        self.clock = ManualClock()
        self.outcomes: list[WriteOutcome] = []
        self.sessions: list[str] = []
        self.app: Any = None

    async def open(self) -> None:
        self.app = await self.ctx.create_app(
            self.ctx.make_settings(
                database_url=self.url, clock=self.clock, flush_delay_seconds=FLUSH_DELAY_SECONDS
            )
        )

    async def new_session(self) -> str:
        session = await self.app.create_session()
        self.sessions.append(session)
        return session

    async def write(self, write: Write, session: str, text: str) -> BaseException | None:
        """Make one write and record it; a message the app announced is acknowledged even when
        the call failed later on (a turn whose reply could not be stored)."""
        seen = len(self.app.observed_events())
        error: BaseException | None = None
        try:
            await write(self.app, session, text)
        except Exception as raised:
            error = raised
        announced = any(
            record["event"] == "MessageReceived" and record["content"] == text
            for record in self.app.observed_events()[seen:]
        )
        if error is None or announced:
            status = WriteStatus.ACKNOWLEDGED
        else:
            status = WriteStatus.IN_DOUBT if is_in_doubt(error) else WriteStatus.FAILED
        self.outcomes.append(
            WriteOutcome(session, text, status, "" if error is None else describe(error))
        )
        return error

    async def settle(self) -> None:
        await self.clock.advance(SETTLE_SECONDS)
        await self.app.drain()

    async def audit(self) -> dict[str, Any]:
        await self.app.close()
        return tally(self.outcomes, await stored_contents(self.url, self.sessions)).as_dict()


async def statement_fault(
    ctx: StageContext, url: str, nemesis: Nemesis, positions: list[int]
) -> dict[str, Any]:
    """Each write kind with the fault at each position; after each, the instance serves again."""
    run = FaultRun(ctx, url)
    await run.open()
    trials = []
    for write_name, write in WRITES.items():
        exhausted = False
        for position in positions:
            if exhausted and position != AT_COMMIT:
                continue
            session = await run.new_session()
            text = f"Hello, {write_name} faulted at {_position_label(position)}"
            with nemesis(position) as firing:
                error = await run.write(write, session, text)
            if not firing.fired:
                exhausted = True  # the write has fewer statements: later positions cannot fire
                continue
            await run.settle()
            after_error = await run.write(WRITES["add_message"], session, f"after {text}")
            trials.append(
                {
                    "write": write_name,
                    "at": firing.hit,
                    "error": "" if error is None else describe(error),
                    "clear": error is None or is_clear(error),
                    "in_doubt": error is not None and is_in_doubt(error),
                    "served_after": after_error is None,
                }
            )
    await run.settle()
    failed = [trial for trial in trials if trial["error"]]
    return {
        "applies": True,
        "trials": trials,
        "faults_fired": len(trials),
        "caller_errors": len(failed),
        "clear_errors": sum(1 for trial in failed if trial["clear"]),
        "served_after": all(trial["served_after"] for trial in trials),
        "tally": await run.audit(),
    }


async def failing_observer_fault(ctx: StageContext, url: str) -> dict[str, Any]:
    """Observability subscribers that raise on every event must cost no write and no reply."""
    with failing_observers() as failing:
        run = FaultRun(ctx, url)
        await run.open()
    if not failing.patched:
        await run.app.close()
        return {"applies": False, "why": "the stage has no metrics subscribers to break"}
    errors = []
    for index in range(OBSERVED_WRITES):
        session = await run.new_session()
        for write_name, write in WRITES.items():
            error = await run.write(write, session, f"{write_name} {index} observed by a failure")
            if error is not None:
                errors.append(describe(error))
    await run.settle()
    return {
        "applies": True,
        "patched": failing.patched,
        "subscriber_failures": failing.raised,
        "caller_errors": len(errors),
        "errors": errors[:5],
        "served_after": not errors,
        "tally": await run.audit(),
    }


async def run(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    """Payload: {"db": a fresh database's URL, "positions": how many statement positions}."""
    url = payload["db"]
    positions = list(range(1, int(payload.get("positions", DEFAULT_POSITIONS)) + 1))
    faults: dict[str, Any] = {
        "refused-statement": await statement_fault(ctx, url, refused_statement, positions),
    }
    if database_kind(url) == "postgresql":
        faults["killed-backend"] = await statement_fault(
            ctx,
            url,
            lambda position: killed_backend(position, asyncpg_dsn(url)),
            [*positions, AT_COMMIT],
        )
    else:
        faults["killed-backend"] = {
            "applies": False,
            "why": "SQLite has no server process to kill; see the SIGKILL run",
        }
    faults["failing-observer"] = await failing_observer_fault(ctx, url)
    return {"stage": ctx.name, "db": database_kind(url), "faults": faults}


def _position_label(position: int) -> str:
    return "commit" if position == AT_COMMIT else f"statement {position}"
