"""Cost growth: add_message latency on conversations of 10, 100 and 1,000 stored messages.

Latency is the call alone (a debounced flush runs later, outside it); the statements and rows
per call at each length include the flush, as everywhere else in the bench.
Each conversation is seeded by a bulk insert (see seeding), then written through the API.
The slope is fitted per repeat by least squares over the lengths' median latencies.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from migration_steps.bench.instance import BenchInstance
from migration_steps.bench.plan import BenchPlan
from migration_steps.bench.seeding import ConversationSeeder
from migration_steps.bench.sql import WriteCounter, per_unit
from migration_steps.bench.stats import least_squares_slope, summary

COUNTED_CALLS = 3

Progress = Callable[[str], None]


async def _calls_at_length(
    instance: BenchInstance, seeder: ConversationSeeder, length: int, calls: int
) -> list[float]:
    session_id = await instance.app.create_session()
    await seeder.seed(session_id, length)
    latencies = []
    for index in range(calls):
        started = time.perf_counter()
        await instance.app.add_message(session_id, "user", f"growth message {index}")
        latencies.append(time.perf_counter() - started)
    return latencies


async def _counted_calls(
    instance: BenchInstance, seeder: ConversationSeeder, counter: WriteCounter, length: int
) -> dict[str, Any]:
    """Statements and rows of a few calls at `length`, each followed by its debounced flush."""
    session_id = await instance.app.create_session()
    await seeder.seed(session_id, length)
    await instance.close_windows()
    with counter:
        counter.reset()
        for index in range(COUNTED_CALLS):
            await instance.app.add_message(session_id, "user", f"counted message {index}")
            await instance.close_windows()
    return per_unit(counter.totals(), COUNTED_CALLS)


async def growth(
    instance: BenchInstance,
    seeder: ConversationSeeder,
    counter: WriteCounter,
    plan: BenchPlan,
    progress: Progress,
) -> dict[str, Any]:
    lengths = list(plan.growth_lengths)
    medians: dict[int, list[float]] = {length: [] for length in lengths}
    slopes = []
    for repeat in range(plan.repeats):
        progress(f"cost growth, repeat {repeat + 1}/{plan.repeats}")
        for length in lengths:
            latencies = await _calls_at_length(instance, seeder, length, plan.growth_calls)
            medians[length].append(statistics.median(latencies) * 1e6)
        slope, _ = least_squares_slope(lengths, [medians[length][-1] for length in lengths])
        slopes.append(slope)
    await instance.close_windows()
    counted = {
        str(length): await _counted_calls(instance, seeder, counter, length) for length in lengths
    }
    return {
        "lengths": lengths,
        "calls_per_length": plan.growth_calls,
        "latency_us": {str(length): summary(medians[length]) for length in lengths},
        "slope_us_per_message": summary(slopes, digits=3),
        "per_call_at_length": counted,
        "seeded": "bulk INSERT into the stage's own messages table; calls through the API",
    }
