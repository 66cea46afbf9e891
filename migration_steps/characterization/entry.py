"""Runs inside the stage's process: the whole catalogue on one fresh database."""

from __future__ import annotations

import sys
import time
import traceback
from typing import Any

from migration_steps.characterization.catalogue import DEFAULT_WRITERS, Scenario, catalogue
from migration_steps.characterization.recorder import Recorder
from migration_steps.databases import database_kind, fresh_database
from migration_steps.scenarios.database_view import DatabaseView
from migration_steps.scenarios.environment import ScenarioEnvironment
from migration_steps.stages.context import StageContext

SCENARIO_ERROR_CHECK = "api: scenario error"


async def run(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    """payload: db (server URL or None for SQLite), writers, progress (bool), scenarios (names)."""
    base_url = payload.get("db")
    writers = int(payload.get("writers") or DEFAULT_WRITERS)
    wanted = payload.get("scenarios")
    scenarios = [s for s in catalogue(writers) if wanted is None or s.name in wanted]
    transcripts = []
    async with fresh_database(base_url) as url:
        view = DatabaseView(url)
        try:
            for index, scenario in enumerate(scenarios, start=1):
                if payload.get("progress"):
                    print(f"  running {scenario.name} ({index}/{len(scenarios)})", file=sys.stderr)
                transcripts.append(await run_scenario(ctx, url, view, scenario))
        finally:
            await view.close()
    return {
        "stage": ctx.name,
        "db": "sqlite" if base_url is None else database_kind(base_url),
        "writers": writers,
        "scenarios": transcripts,
    }


async def run_scenario(
    ctx: StageContext, url: str, view: DatabaseView, scenario: Scenario
) -> dict[str, Any]:
    """The scenario's transcript; an unexpected failure becomes a check of its own."""
    started = time.perf_counter()
    recorder: Recorder | None = None
    try:
        async with ScenarioEnvironment(ctx, url, view) as env:
            recorder = Recorder(env)
            await scenario.run(env, recorder)
            await env.settle()
            transcript = await recorder.finish()
    except Exception as error:
        print(traceback.format_exc(), file=sys.stderr, flush=True)
        checks = dict(recorder.checks) if recorder is not None else {}
        checks[SCENARIO_ERROR_CHECK] = f"{type(error).__name__}: {error}"
        transcript = {"checks": checks, "info": {}}
    transcript["info"]["seconds"] = round(time.perf_counter() - started, 3)
    return {"name": scenario.name, "title": scenario.title, **transcript}
