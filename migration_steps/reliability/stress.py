"""`playbook stress`: one stage under load, a SIGKILL, injected faults and random use, with figures.

Each part runs on a fresh database of its own, the stage's code in processes of its own. The
summary adds up what every part counted: acknowledged writes lost or duplicated, writes stored
although their caller was told they failed, errors a caller could not act on, and whether the
application served again after each fault.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from migration_steps.databases import database_kind, fresh_database
from migration_steps.reliability.crash import run_crash
from migration_steps.reliability.integrity import check_integrity
from migration_steps.reliability.load_run import run_load
from migration_steps.reliability.model_check import check_model
from migration_steps.stages.loader import StageRef, run_in_stage

STRESS_SCHEMA = "playbook-stress/1"
FAULTS_ENTRY = "migration_steps.reliability.faults:run"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class StressPlan:
    """How hard each part pushes. `crash_writers` 0 skips the SIGKILL run, `model_examples` 0
    the model check."""

    processes: int
    instances: int
    writers: int
    messages: int
    sessions: int
    crash_writers: int
    crash_messages: int
    kill_after: int
    positions: int
    model_examples: int
    model_steps: int


def stress_plan(base_url: str | None, *, quick: bool) -> StressPlan:
    """The issue's load (2 processes on PostgreSQL, 2 instances in one process on SQLite, each
    50 writers × 20 messages) or, `quick`, a short one fit for every stage of `playbook run`."""
    postgres = base_url is not None and database_kind(base_url) == "postgresql"
    if quick:
        return StressPlan(
            processes=2 if postgres else 1,
            instances=1 if postgres else 2,
            writers=5,
            messages=5,
            sessions=5,
            crash_writers=0,
            crash_messages=0,
            kill_after=0,
            positions=6,
            model_examples=0,
            model_steps=0,
        )
    return StressPlan(
        processes=2 if postgres else 1,
        instances=1 if postgres else 2,
        writers=50,
        messages=20,
        sessions=10,
        crash_writers=20,
        crash_messages=50,
        kill_after=200,
        positions=12,
        model_examples=30,
        model_steps=20,
    )


def run_stress(
    stage: StageRef, base_url: str | None, plan: StressPlan, *, progress: Progress
) -> dict[str, Any]:
    """Every part of `plan` against `stage`; a JSON-ready report with a summary."""
    db = "sqlite" if base_url is None else database_kind(base_url)
    progress(
        f"load: {plan.processes} process(es) × {plan.instances} instance(s) × {plan.writers} "
        f"writers × {plan.messages} messages"
    )
    load = run_load(
        stage,
        base_url,
        processes=plan.processes,
        instances=plan.instances,
        writers=plan.writers,
        messages=plan.messages,
        sessions=plan.sessions,
    )
    crash = None
    if plan.crash_writers:
        progress(f"SIGKILL during {plan.crash_writers} writers, after {plan.kill_after} writes")
        crash = run_crash(
            stage,
            base_url,
            writers=plan.crash_writers,
            messages=plan.crash_messages,
            kill_after=plan.kill_after,
        )
    progress("faults: refused statements, killed backends, failing subscribers")
    faults = run_faults(stage, base_url, positions=plan.positions)
    model = None
    if plan.model_examples:
        progress(f"model check: {plan.model_examples} random histories of {plan.model_steps} steps")
        model = check_model(stage, base_url, examples=plan.model_examples, steps=plan.model_steps)
    report = {
        "schema": STRESS_SCHEMA,
        "stage": stage.name,
        "db": db,
        "plan": asdict(plan),
        "load": load,
        "crash": crash,
        "faults": faults,
        "model": model,
    }
    report["summary"] = summarise(report)
    return report


def run_faults(stage: StageRef, base_url: str | None, *, positions: int) -> dict[str, Any]:
    """The fault entry on a fresh database, then the database's integrity."""

    async def go() -> dict[str, Any]:
        async with fresh_database(base_url) as url:
            result = await asyncio.to_thread(
                run_in_stage, stage, FAULTS_ENTRY, {"db": url, "positions": positions}
            )
            result["integrity"] = await check_integrity(url)
            return result

    return asyncio.run(go())


def fault_tallies(faults: dict[str, Any]) -> list[dict[str, Any]]:
    return [fault["tally"] for fault in faults["faults"].values() if fault.get("applies")]


def summarise(report: dict[str, Any]) -> dict[str, Any]:
    """The figures of every part added up; `holds` is the promise: nothing acknowledged lost."""
    load, crash, faults, model = (report[key] for key in ("load", "crash", "faults", "model"))
    tallies = [load["tally"], *fault_tallies(faults)]
    if crash is not None:
        tallies.append(crash["tally"])
    applied = [fault for fault in faults["faults"].values() if fault.get("applies")]
    integrity = [load["integrity"], faults["integrity"]]
    if crash is not None:
        integrity.append(crash["integrity"])
    served = all(fault["served_after"] for fault in applied) and (
        crash is None or crash["served_after"]
    )
    summary = {
        "acknowledged": sum(tally["acknowledged"] for tally in tallies),
        "lost": sum(tally["lost"] for tally in tallies),
        "duplicated": sum(tally["duplicated"] for tally in tallies),
        "phantom": sum(tally["phantom"] for tally in tallies),
        "lost_under_load": load["tally"]["lost"],
        "duplicated_under_load": load["tally"]["duplicated"],
        "caller_errors": sum(fault.get("caller_errors", 0) for fault in applied),
        "unclear_errors": load["errors"]["unclear"]
        + sum(fault.get("caller_errors", 0) - fault.get("clear_errors", 0) for fault in applied),
        "served_after_faults": served,
        "integrity_problems": sum(check["problem_count"] for check in integrity),
        "model_violation": bool(model and model["found"]),
    }
    summary["holds"] = not (
        summary["lost"]
        or summary["duplicated"]
        or summary["phantom"]
        or summary["unclear_errors"]
        or not served
        or summary["integrity_problems"]
        or summary["model_violation"]
    )
    return summary
