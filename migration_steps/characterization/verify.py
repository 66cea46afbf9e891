"""A verify from start to end: run the catalogue in the stage's process, approve or classify."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from migration_steps.characterization import golden
from migration_steps.characterization.changes import DeclaredChange
from migration_steps.characterization.compare import classify_run
from migration_steps.characterization.report import VerifyReport
from migration_steps.databases import database_kind
from migration_steps.errors import UsageError
from migration_steps.stages.loader import StageRef, run_in_stage

ENTRY = "migration_steps.characterization.entry:run"


def run_catalogue(
    stage: StageRef, url: str | None, *, writers: int, progress: bool
) -> dict[str, Any]:
    """The transcripts of every scenario, run inside `stage` on one fresh database."""
    payload = {"db": url, "writers": writers, "progress": progress}
    return run_in_stage(stage, ENTRY, payload)


def check_approvable(stage: StageRef, url: str | None) -> None:
    if stage.name != golden.GOLDEN_STAGE:
        raise UsageError(
            f"--approve records the golden transcripts from '{golden.GOLDEN_STAGE}' only, "
            f"not '{stage.name}'"
        )
    if url is not None and database_kind(url) != golden.GOLDEN_DB:
        raise UsageError(f"--approve records the golden transcripts on {golden.GOLDEN_DB} only")


def verify_stage(
    stage: StageRef,
    url: str | None,
    *,
    intended: Sequence[DeclaredChange],
    approve: bool,
    writers: int,
    progress: bool,
) -> VerifyReport:
    path = golden.golden_path()
    if approve:
        check_approvable(stage, url)
    else:
        golden.load(path)  # fail before the run when there is nothing to compare with
    run = run_catalogue(stage, url, writers=writers, progress=progress)
    diff = golden.approve(path, golden.golden_from_run(run)) if approve else None
    scenarios = classify_run(golden.load(path), run, intended)
    return VerifyReport(stage.name, run["db"], scenarios, str(path), diff)
