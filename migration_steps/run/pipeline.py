"""Runs every stage: builds it (a workspace with the steps applied), verifies it, races it."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from migration_steps import commands
from migration_steps.characterization.catalogue import CONCURRENT_WRITERS
from migration_steps.characterization.recorder import RACY_LOSS_CHECK
from migration_steps.docs.module_graph import import_graph
from migration_steps.errors import PlaybookError
from migration_steps.files import write_json_atomically
from migration_steps.run.stages import PlannedStage, planned_stages
from migration_steps.stages.loader import resolve_stage
from migration_steps.steps.catalogue import Catalogue, catalogue
from migration_steps.steps.model import Step

RESULTS_SCHEMA = "playbook-run/1"
Progress = Callable[[str], None]


def run_playbook(
    db: str | None,
    out_dir: Path,
    *,
    writers: int = commands.DEFAULT_WRITERS,
    stress: bool = True,
    progress: Progress = print,
) -> dict[str, Any]:
    """Verify legacy, apply each step in a workspace and verify after it, then target and the
    alternative route (each raced and, unless `stress` is False, briefly stressed); write
    `out_dir/results.json` and return its content."""
    url = commands.resolve_database(db)
    steps = catalogue()
    stages = planned_stages(steps)
    results: list[dict[str, Any]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="playbook-run-") as scratch:
        workspaces: dict[str, Path] = {}
        for number, stage in enumerate(stages, start=1):

            def report(phase: str, number: int = number, stage: PlannedStage = stage) -> None:
                progress(f"[{number}/{len(stages)}] {stage.name}: {phase}")

            results.append(
                run_stage(stage, steps, url, Path(scratch), workspaces, writers, report, stress)
            )
            write_results(out_dir, compose(results, url, time.perf_counter() - started))
    return compose(results, url, time.perf_counter() - started)


def run_stage(
    stage: PlannedStage,
    steps: Catalogue,
    url: str | None,
    scratch: Path,
    workspaces: dict[str, Path],
    writers: int,
    report: Progress,
    stress: bool = True,
) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": stage.name, "route": stage.route, "step": None, "diff": ""}
    try:
        if stage.step is None:
            target, intended = stage.committed_tree or stage.name, _intended_for(stage, steps)
        else:
            entry["step"] = describe_step(stage.step)
            report(f"applying step {stage.step.step_id} ({stage.step.title})")
            workspace = workspaces.get(stage.route)
            if workspace is None:
                workspace = workspaces[stage.route] = scratch / stage.route
                commands.init_workspace(workspace)
            applied = commands.apply_steps(workspace, to=stage.step.step_id)
            entry["diff"] = applied.diff
            target = str(workspace)
            intended = steps.intended_changes(commands.workspace_status(workspace).applied)
        entry["modules"] = import_graph(resolve_stage(target).root / "app")
        report("verifying against the golden master")
        verified = commands.verify(target, url, intended=intended, writers=writers)
        entry["verify"] = verified.as_json()
        report("racing the lost-update scenarios")
        entry["race"] = commands.race(target, url)
        if stress:
            report("short stress: concurrent writers and injected faults")
            entry["stress"] = commands.stress(target, url, quick=True, progress=_quiet)
    except PlaybookError as error:
        entry["error"] = error.summary
        report(f"FAILED: {error.summary}")
    return entry


def _intended_for(stage: PlannedStage, steps: Catalogue) -> list[Any]:
    if stage.name == "target":
        return steps.intended_changes(step.step_id for step in steps.route("main"))
    return []


def describe_step(step: Step) -> dict[str, Any]:
    metadata = step.metadata
    return {
        "id": step.step_id,
        "previous": step.previous_step,
        "route": step.route,
        "title": metadata.title,
        "rationale": metadata.rationale,
        "risk": metadata.risk,
        "time_estimate": metadata.time_estimate,
        "intended_changes": [asdict(change) for change in metadata.intended_changes],
    }


def compose(stages: list[dict[str, Any]], url: str | None, seconds: float) -> dict[str, Any]:
    return {
        "schema": RESULTS_SCHEMA,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "db": "sqlite" if url is None else commands.database_kind(url),
        "seconds": round(seconds, 1),
        "stages": stages,
        "summary": summarise(stages),
    }


def summarise(stages: list[dict[str, Any]]) -> dict[str, Any]:
    rows = {}
    for stage in stages:
        verify = stage.get("verify", {}).get("summary", {})
        race = stage.get("race", {})
        rows[stage["name"]] = {
            **{status: verify.get(status) for status in ("same", "intended", "regression")},
            "lost_messages": sum(
                len(outcome.get("lost", [])) for outcome in race.get("scenarios", {}).values()
            )
            if race
            else None,
            "message_writes_per_message": race.get("statements_per_message", {}).get(
                "message_rewrites"
            ),
            **stress_figures(stage),
            "error": stage.get("error"),
        }
    failed = [
        name
        for name, row in rows.items()
        if row["error"] or row["regression"] or row["broken_promise"]
    ]
    return {"stages": rows, "failed_stages": failed}


def stress_figures(stage: dict[str, Any]) -> dict[str, Any]:
    """What the short stress counted, and whether the stage broke a promise it makes: a stage
    whose characterization shows no loss among concurrent writers must lose nothing under load
    and faults either."""
    stress = stage.get("stress")
    if stress is None:
        return {"lost_under_load": None, "stress_holds": None, "broken_promise": False}
    summary = stress["summary"]
    return {
        "lost_under_load": summary["lost_under_load"],
        "stress_holds": summary["holds"],
        "broken_promise": promises_no_loss(stage) and not summary["holds"],
    }


def promises_no_loss(stage: dict[str, Any]) -> bool:
    for scenario in stage.get("verify", {}).get("scenarios", []):
        if scenario["name"] == CONCURRENT_WRITERS:
            for check in scenario["checks"]:
                if check["name"] == RACY_LOSS_CHECK:
                    return check["observed"] is False
    return False


def _quiet(_line: str) -> None:
    """The short stress's own progress lines stay out of the run's display."""


def write_results(out_dir: Path, results: dict[str, Any]) -> Path:
    return write_json_atomically(out_dir / "results.json", results)
