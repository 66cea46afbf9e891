"""Runs inside the stage's process: every loss scenario on its own fresh database."""

from __future__ import annotations

from typing import Any

from migration_steps.databases import database_kind, fresh_database
from migration_steps.scenarios.environment import ScenarioEnvironment
from migration_steps.scenarios.loss import LOSS_SCENARIOS, statements_per_message
from migration_steps.stages.context import StageContext


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

    Each run works on its own session, so runs do not see each other's rows.
    """
    runs = int(payload.get("runs", 100))
    outcomes: dict[str, dict[str, int]] = {name: {} for name in LOSS_SCENARIOS}
    async with fresh_database(payload.get("db")) as url:
        for _ in range(runs):
            for name, scenario in LOSS_SCENARIOS.items():
                async with ScenarioEnvironment(ctx, url) as env:
                    lost = " | ".join((await scenario(env))["lost"])
                outcomes[name][lost] = outcomes[name].get(lost, 0) + 1
    return {"runs": runs, "outcomes": outcomes}
