"""Throughput and latency of add_message, paired with the bare-driver bound.

A timed run counts the calls and the debounced flushes they cause: the manual clock follows
the wall clock between calls, and the run ends by closing the last window. A call's latency
is the call alone.

On a shared machine the cost of a commit (an fsync) drifts from one second to the next, so the
sequential run and the bound are interleaved in chunks of a few calls: both see the same disk,
and their ratio holds even when the absolute figures move.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from migration_steps.bench.bound import BareDriver
from migration_steps.bench.clocks import WallFollower
from migration_steps.bench.instance import BenchInstance
from migration_steps.bench.plan import BenchPlan
from migration_steps.bench.stats import percentile, summary

Progress = Callable[[str], None]
CHUNK_CALLS = 10


async def _add(instance: BenchInstance, session_id: str, index: int) -> float:
    role = "user" if index % 2 == 0 else "assistant"
    started = time.perf_counter()
    await instance.app.add_message(session_id, role, f"message {index}")
    return time.perf_counter() - started


def _rates(latencies: list[float], seconds: float) -> dict[str, float]:
    return {
        "msg_per_s": len(latencies) / seconds,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
    }


async def paired_sequential(
    instance: BenchInstance, driver: BareDriver, calls: int
) -> tuple[dict[str, float], dict[str, float]]:
    """One new conversation written call after call, alternating with the bound in chunks."""
    session_id = await instance.app.create_session()
    await instance.close_windows()
    follower = WallFollower(instance.clock)
    stage_latencies: list[float] = []
    stage_seconds = 0.0
    bound_latencies: list[float] = []
    for chunk_start in range(0, calls, CHUNK_CALLS):
        chunk = range(chunk_start, min(chunk_start + CHUNK_CALLS, calls))
        bound_latencies += await driver.one_row_per_transaction(len(chunk))
        started = time.perf_counter()
        follower.start()
        for index in chunk:
            stage_latencies.append(await _add(instance, session_id, index))
            await follower.catch_up()
        if chunk.stop == calls:
            await instance.close_windows()
        stage_seconds += time.perf_counter() - started
    return _rates(stage_latencies, stage_seconds), _rates(bound_latencies, sum(bound_latencies))


async def _write_session(
    instance: BenchInstance, follower: WallFollower, session_id: str, calls: int
) -> list[float]:
    latencies = []
    for index in range(calls):
        latencies.append(await _add(instance, session_id, index))
        await follower.catch_up()
    return latencies


async def concurrent(instance: BenchInstance, sessions: int, calls: int) -> dict[str, float]:
    """`sessions` new conversations written at once, `calls` add_message each."""
    session_ids = [await instance.app.create_session() for _ in range(sessions)]
    await instance.close_windows()
    follower = WallFollower(instance.clock)
    started = time.perf_counter()
    follower.start()
    per_session = await asyncio.gather(
        *(_write_session(instance, follower, sid, calls) for sid in session_ids)
    )
    await instance.close_windows()
    seconds = time.perf_counter() - started
    return _rates([latency for run in per_session for latency in run], seconds)


def _summaries(runs: list[dict[str, float]]) -> dict[str, Any]:
    return {key: summary([run[key] for run in runs], digits=2) for key in runs[0]}


async def throughput(
    instance: BenchInstance, url: str, plan: BenchPlan, progress: Progress
) -> dict[str, Any]:
    """Repeats of: one session paired with the bound, eight sessions at once, one batch."""
    sequential, parallel, bound = [], [], []
    async with BareDriver(url) as driver:
        for repeat in range(plan.repeats):
            progress(f"throughput, repeat {repeat + 1}/{plan.repeats}")
            stage_run, bound_run = await paired_sequential(instance, driver, plan.sequential_calls)
            sequential.append(stage_run)
            parallel.append(
                await concurrent(
                    instance, plan.concurrent_sessions, plan.concurrent_calls_per_session
                )
            )
            batch_seconds = await driver.one_batch(plan.bound_batch_rows)
            bound.append({**bound_run, "batch_rows_per_s": plan.bound_batch_rows / batch_seconds})
    return {
        "sequential": _summaries(sequential),
        "concurrent": _summaries(parallel),
        "bound": _summaries(bound),
        "sequential_calls": plan.sequential_calls,
        "concurrent_sessions": plan.concurrent_sessions,
        "concurrent_calls_per_session": plan.concurrent_calls_per_session,
        # Each repeat's stage run divided by the bound measured alongside it, then the median.
        "fraction_of_bound": {
            name: summary(
                [run["msg_per_s"] / ref["msg_per_s"] for run, ref in zip(runs, bound, strict=True)],
                digits=3,
            )
            for name, runs in (("sequential", sequential), ("concurrent", parallel))
        },
    }
