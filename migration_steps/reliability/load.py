"""Entry functions run inside a stage's own process: the writers of the load and crash checks.

Every write carries text no other write has, so the parent can count what was stored against
what callers were told. The parent reads the returned outcomes after a clean run, and the
optional acknowledgement log when the process was killed and returned nothing.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from migration_steps.clock import ManualClock
from migration_steps.reliability.caller_errors import describe, is_clear, is_in_doubt
from migration_steps.reliability.ledger import WriteOutcome, WriteStatus
from migration_steps.stages.context import StageContext

FLUSH_DELAY_SECONDS = 2.0
"""Legacy's debounce window; later stages ignore it."""

CLOCK_PASSES_SECONDS = 20.0
"""How far the clock is moved before closing, well past any debounce window still open."""

LOG_STARTED = "started"
"""Ack-log event written just before a call: a started call with no end line is in doubt."""

LOG_FINISHED = "finished"


async def open_app(ctx: StageContext, url: str) -> tuple[Any, ManualClock]:
    """An application on `url` with a clock that moves only when told (legacy's flush timer)."""
    clock = ManualClock()
    settings = ctx.make_settings(
        database_url=url, clock=clock, flush_delay_seconds=FLUSH_DELAY_SECONDS
    )
    return await ctx.create_app(settings), clock


async def shut(app: Any, clock: ManualClock) -> None:
    """Let every debounce window close and its flush run, then close: nothing stays in memory."""
    await clock.advance(CLOCK_PASSES_SECONDS)
    await app.drain()
    await app.close()


async def prepare(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    """Create `sessions` sessions on `db` and close: the writers find them ready."""
    app, clock = await open_app(ctx, payload["db"])
    try:
        session_ids = [await app.create_session() for _ in range(int(payload["sessions"]))]
    finally:
        await shut(app, clock)
    return {"session_ids": session_ids}


def write_content(label: str, instance: int, writer: int, message: int) -> str:
    """The unique text of one write: who wrote it is readable from the stored row."""
    return f"{label}-i{instance}-w{writer}-m{message}"


class AckLog:
    """One JSON line per call started and per call finished, flushed at once.

    A SIGKILL loses nothing already flushed to the OS, so the parent reading this file after
    the kill knows every call that was acknowledged and every call that was in flight.
    """

    def __init__(self, path: str | None) -> None:
        self._stream: IO[str] | None = (
            Path(path).open("a", encoding="utf-8") if path is not None else None
        )

    def record(self, event: str, **fields: Any) -> None:
        if self._stream is None:
            return
        self._stream.write(json.dumps({"event": event, **fields}) + "\n")
        self._stream.flush()

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


class _Writer:
    """Collects each call's outcome; one writer's failure never stops another."""

    def __init__(self, log: AckLog) -> None:
        self._log = log
        self.outcomes: list[WriteOutcome] = []
        self.errors: list[dict[str, Any]] = []

    async def run(self, add: Callable[..., Any], session_id: str, contents: list[str]) -> None:
        for content in contents:
            self._log.record(LOG_STARTED, session=session_id, content=content)
            started = time.perf_counter()
            try:
                await add(session_id, "user", content)
            except Exception as error:
                latency = (time.perf_counter() - started) * 1000
                status = WriteStatus.IN_DOUBT if is_in_doubt(error) else WriteStatus.FAILED
                outcome = WriteOutcome(session_id, content, status, describe(error), latency)
                self.errors.append(
                    {"content": content, "error": describe(error), "clear": is_clear(error)}
                )
            else:
                latency = (time.perf_counter() - started) * 1000
                outcome = WriteOutcome(session_id, content, WriteStatus.ACKNOWLEDGED, "", latency)
            self.outcomes.append(outcome)
            self._log.record(
                LOG_FINISHED,
                session=session_id,
                content=content,
                status=outcome.status.value,
                error=outcome.error,
                latency_ms=latency,
            )


async def write(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    """`instances` applications on `db`, each with `writers` concurrent writers of `messages`
    user messages; writer w writes to `session_ids[w % K]`.

    Payload: db, session_ids, instances, writers, messages, label, ack_log (optional path).
    Returns outcomes as `WriteOutcome.as_row()` rows, the errors callers saw (with whether each
    was clear), the wall-clock window of the writing, and how closing went.
    """
    session_ids: list[str] = payload["session_ids"]
    label: str = payload.get("label", "p0")
    log = AckLog(payload.get("ack_log"))
    apps = [await open_app(ctx, payload["db"]) for _ in range(int(payload["instances"]))]
    writers: list[_Writer] = []
    tasks = []
    for instance, (app, _) in enumerate(apps):
        for w in range(int(payload["writers"])):
            writer = _Writer(log)
            writers.append(writer)
            contents = [
                write_content(label, instance, w, m) for m in range(int(payload["messages"]))
            ]
            session_id = session_ids[w % len(session_ids)]
            tasks.append(writer.run(app.add_message, session_id, contents))
    started_at = time.time()
    try:
        await asyncio.gather(*tasks)
    finally:
        log.close()
    finished_at = time.time()
    close_errors = []
    for app, clock in apps:
        try:
            await shut(app, clock)
        except Exception as error:
            close_errors.append(describe(error))
    return {
        "label": label,
        "outcomes": [outcome.as_row() for writer in writers for outcome in writer.outcomes],
        "errors": [error for writer in writers for error in writer.errors],
        "started_at": started_at,
        "finished_at": finished_at,
        "close_errors": close_errors,
    }


async def serve(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    """Open an app on `db`, add one message to each of `session_ids` and read it back.

    Run after a crash: the application must start on what the killed process left and serve.
    """
    session_ids: list[str] = payload["session_ids"]
    label: str = payload.get("label", "serve")
    try:
        app, clock = await open_app(ctx, payload["db"])
    except Exception as error:
        return {
            "served": False,
            "app_started": False,
            "written": 0,
            "read_back": 0,
            "errors": [describe(error)],
        }
    written = read_back = 0
    errors: list[str] = []
    try:
        for index, session_id in enumerate(session_ids):
            content = f"{label}-{index}"
            try:
                await app.add_message(session_id, "user", content)
                written += 1
                history = await app.get_history(session_id)
                if history and history[-1].content == content:
                    read_back += 1
                else:
                    errors.append(f"{session_id}: last message is not {content!r}")
            except Exception as error:
                errors.append(f"{session_id}: {describe(error)}")
    finally:
        try:
            await shut(app, clock)
        except Exception as error:
            errors.append(f"close: {describe(error)}")
    return {
        "served": not errors and read_back == len(session_ids),
        "app_started": True,
        "written": written,
        "read_back": read_back,
        "errors": errors,
    }
