"""The debouncing question, simulated on the manual clock: writes per simulated second.

Messages arrive at a fixed rate, round-robin over the sessions, each a chat turn storing one
message (so legacy's memory holds every message and its flush loses nothing here). Time moves
only on the clock; the flushes of windows that close run in between. Writes made during the
calls are the `service` part; those made while time passes are the `flush` part.

A cell that would need too many calls is sampled: only some of its sessions get their
messages (the others are skipped, time still passes), and counts are scaled up by sessions /
sampled. Sessions share no statements (a flush writes each dirty session on its own), so the
scaling is exact for counts. A cell where one session alone would exceed the cap is skipped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from migration_steps.bench.instance import SMALL_TALK, BenchInstance
from migration_steps.bench.plan import BenchPlan
from migration_steps.bench.sql import WriteCounter
from migration_steps.scenarios.sql_counter import WRITE_VERBS

Progress = Callable[[str], None]


def cell_plan(rate: int, sessions: int, span: float, plan: BenchPlan) -> dict[str, Any]:
    """How a cell is simulated: every session, a sample of them, or not at all (and why)."""
    arrivals = round(rate * span)
    per_session = arrivals / sessions
    if arrivals <= plan.debounce_max_arrivals:
        return {"arrivals": arrivals, "sampled_sessions": sessions, "skipped": None}
    if per_session > plan.debounce_max_per_session or per_session != int(per_session):
        return {
            "arrivals": arrivals,
            "sampled_sessions": 0,
            "skipped": (
                f"one session would take {per_session:g} messages in {span:g} s "
                f"(cap {plan.debounce_max_per_session}); a rewriting stage costs O(n²) rows there"
            ),
        }
    sampled = max(1, min(sessions, int(plan.debounce_max_arrivals // per_session)))
    return {"arrivals": arrivals, "sampled_sessions": sampled, "skipped": None}


class _Tally:
    def __init__(self, counter: WriteCounter) -> None:
        self._counter = counter
        self.parts: dict[str, Counter[str]] = {"service": Counter(), "flush": Counter()}
        self._mark = self._now()

    def _now(self) -> Counter[str]:
        now: Counter[str] = Counter()
        for verb, n in self._counter.by_verb.items():
            now[f"statements {verb}"] = n
        for verb, n in self._counter.rows_by_verb.items():
            now[f"rows {verb}"] = n
        return now

    def close(self, part: str) -> None:
        """Everything counted since the last close belongs to `part`."""
        now = self._now()
        self.parts[part].update(now - self._mark)
        self._mark = now


def _per_second(counts: Counter[str], scale: float, span: float) -> dict[str, Any]:
    statements: dict[str, float] = {}
    rows: dict[str, float] = {}
    for key, n in counts.items():
        kind, verb = key.split()
        (statements if kind == "statements" else rows)[verb] = n * scale / span
    return {
        "statements_per_s": round(sum(statements.values()), 1),
        "write_statements_per_s": round(
            sum(n for verb, n in statements.items() if verb in WRITE_VERBS), 1
        ),
        "rows_written_per_s": round(sum(rows.values()), 1),
        "statements_by_verb_per_s": {verb: round(n, 1) for verb, n in sorted(statements.items())},
    }


async def simulate_cell(
    instance: BenchInstance,
    counter: WriteCounter,
    rate: int,
    sessions: int,
    span: float,
    shape: dict[str, Any],
) -> dict[str, Any]:
    app = instance.app
    sampled = shape["sampled_sessions"]
    with counter.paused():
        session_ids = [await app.create_session() for _ in range(sampled)]
        await instance.close_windows()
    start = instance.clock.now()
    tally = _Tally(counter)
    executed = 0
    for index in range(shape["arrivals"]):
        await instance.clock.advance(start + index / rate - instance.clock.now())
        await app.drain()
        tally.close("flush")
        if index % sessions < sampled:
            await app.post_user_turn(session_ids[index % sessions], SMALL_TALK)
            executed += 1
            tally.close("service")
    # The window open at the end of the span closes when the span does: its flush belongs to
    # these arrivals. Then every later window, so nothing is left pending.
    await instance.clock.advance(start + span - instance.clock.now())
    await instance.close_windows()
    tally.close("flush")
    scale = sessions / sampled
    service = _per_second(tally.parts["service"], scale, span)
    flush = _per_second(tally.parts["flush"], scale, span)
    total = _per_second(tally.parts["service"] + tally.parts["flush"], scale, span)
    return {
        "executed_calls": executed,
        "scale": scale,
        "service": service,
        "flush": flush,
        "total": total,
    }


async def debounce(
    instance: BenchInstance,
    counter: WriteCounter,
    plan: BenchPlan,
    window_seconds: float,
    progress: Progress,
) -> dict[str, Any]:
    span = plan.debounce_windows * window_seconds
    cells = []
    for rate in plan.arrival_rates:
        for sessions in plan.session_counts:
            shape = cell_plan(rate, sessions, span, plan)
            cell: dict[str, Any] = {"rate": rate, "sessions": sessions, **shape}
            if shape["skipped"] is None:
                progress(f"debounce: {rate} msg/s over {sessions} session(s)")
                cell.update(await simulate_cell(instance, counter, rate, sessions, span, shape))
            cells.append(cell)
    return {
        "window_seconds": window_seconds,
        "flush_delay_seconds": instance.flush_delay_seconds,
        "simulated_seconds": span,
        "arrivals": "chat turns of small talk (one stored message each), round-robin",
        "cells": cells,
    }
