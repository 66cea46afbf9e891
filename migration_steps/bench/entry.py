"""Entry functions the bench runs inside each stage's own process."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from migration_steps.bench.bound import bench_engine
from migration_steps.bench.calls import per_call
from migration_steps.bench.churn import churn
from migration_steps.bench.debounce import debounce
from migration_steps.bench.growth import growth
from migration_steps.bench.instance import BenchInstance
from migration_steps.bench.plan import BenchPlan
from migration_steps.bench.seeding import ConversationSeeder
from migration_steps.bench.speed import throughput
from migration_steps.bench.sql import WriteCounter
from migration_steps.databases import fresh_database
from migration_steps.stages.context import StageContext


def _progress(stage: str) -> Callable[[str], None]:
    def report(message: str) -> None:
        print(f"  {stage}: {message}", file=sys.stderr, flush=True)

    return report


async def measure(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    """Every per-stage figure: statements per call, throughput and latency against the bound,
    cost growth with conversation length, table churn."""
    plan = BenchPlan.from_payload(payload["plan"])
    stage = payload.get("stage", ctx.name)
    progress = _progress(stage)
    started = time.perf_counter()
    counter = WriteCounter()
    seconds: dict[str, float] = {}
    mark = time.perf_counter()

    def lap(section: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        seconds[section], mark = round(now - mark, 2), now

    async with fresh_database(payload.get("db")) as url:
        seeder_engine = bench_engine(url)
        try:
            async with BenchInstance(ctx, url) as instance:
                seeder = ConversationSeeder(seeder_engine)
                lap("start")
                progress("statements per call")
                with counter:
                    calls = await per_call(instance, counter, seeder, plan.count_messages)
                lap("per_call")
                speed = await throughput(instance, url, plan, progress)
                lap("throughput")
                grown = await growth(instance, seeder, counter, plan, progress)
                lap("growth")
                flush_delay = instance.flush_delay_seconds
        finally:
            await seeder_engine.dispose()
    async with fresh_database(payload.get("db")) as url:
        churned = await churn(ctx, url, counter, plan.churn_messages, progress)
    lap("churn")
    return {
        "stage": stage,
        "flush_delay_seconds": flush_delay,
        "per_call": calls,
        "throughput": speed,
        "growth": grown,
        "churn": churned,
        "seconds": round(time.perf_counter() - started, 1),
        "section_seconds": seconds,
    }


async def simulate_arrivals(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    """The debouncing question for this stage: writes per simulated second at each rate."""
    plan = BenchPlan.from_payload(payload["plan"])
    progress = _progress(payload.get("stage", ctx.name))
    counter = WriteCounter()
    async with fresh_database(payload.get("db")) as url:
        async with BenchInstance(ctx, url) as instance:
            window = payload.get("window_seconds") or instance.flush_delay_seconds
            if not window:
                raise ValueError("no debounce window: give window_seconds for this stage")
            with counter:
                return await debounce(instance, counter, plan, window, progress)
