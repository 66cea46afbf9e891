"""Runs inside the stage's process: every loss scenario on its own fresh database."""

from __future__ import annotations

import asyncio
from typing import Any

from migration_steps.databases import database_kind, fresh_database
from migration_steps.scenarios.environment import ScenarioEnvironment
from migration_steps.scenarios.loss import LOSS_SCENARIOS, statements_per_message
from migration_steps.stages.context import StageContext

RUNS_SIDE_BY_SIDE = 5


async def run(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    base_url = payload.get("db")
    scenarios = {}
    for name, scenario in LOSS_SCENARIOS.items():
        async with fresh_database(base_url) as url, ScenarioEnvironment(ctx, url) as env:
            scenarios[name] = await scenario(env)
    async with fresh_database(base_url) as url, ScenarioEnvironment(ctx, url) as env:
        statements = await statements_per_message(env)
    return {
        "stage": payload.get("stage", ctx.name),
        "db": "sqlite" if base_url is None else database_kind(base_url),
        "scenarios": scenarios,
        "statements_per_message": statements,
    }


async def repeat(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    """Run every loss scenario `runs` times on one fresh database; count the distinct outcomes.

    Each run works on its own session with its own manual clock, so runs cannot see each
    other; a few run side by side to keep the wall time down.
    """
    runs = int(payload.get("runs", 100))
    outcomes: dict[str, dict[str, int]] = {name: {} for name in LOSS_SCENARIOS}
    async with fresh_database(payload.get("db")) as url:

        async def lost_in_one_run(name: str) -> tuple[str, str]:
            async with ScenarioEnvironment(ctx, url) as env:
                return name, " | ".join((await LOSS_SCENARIOS[name](env))["lost"])

        def record(name: str, lost: str) -> None:
            outcomes[name][lost] = outcomes[name].get(lost, 0) + 1

        # The first run goes one scenario at a time: it creates the schema, which runs side by
        # side would race to create.
        for name in LOSS_SCENARIOS if runs > 0 else ():
            record(*await lost_in_one_run(name))
        remaining = runs - 1
        while remaining > 0:
            batch = min(RUNS_SIDE_BY_SIDE, remaining)
            remaining -= batch
            results = await asyncio.gather(
                *(lost_in_one_run(name) for _ in range(batch) for name in LOSS_SCENARIOS)
            )
            for name, lost in results:
                record(name, lost)
    return {"runs": runs, "outcomes": outcomes}
