"""Plan a step on a tree, and write a plan to disk only once it is complete."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from migration_steps.steps.model import (
    Planner,
    Refusal,
    StepApplied,
    StepPlan,
    StepRefused,
    StepResult,
)
from migration_steps.steps.tree import DiskTree, SourceTree


def plan_step(step_id: str, planner: Planner, tree: SourceTree) -> StepPlan | StepRefused:
    try:
        return planner(tree)
    except Refusal as refusal:
        return StepRefused(step_id, " ".join(str(refusal).split()))


def apply_step(step_id: str, planner: Planner, workspace: Path) -> StepResult:
    """Plan on the files of `workspace`; write every edit only when the whole plan succeeded."""
    outcome = plan_step(step_id, planner, DiskTree(workspace))
    if isinstance(outcome, StepRefused):
        return outcome
    write_plan(workspace, outcome)
    return StepApplied(outcome.step_id, outcome.edits, outcome.notes)


def write_plan(root: Path, plan: StepPlan) -> None:
    for edit in plan.edits:
        target = root / edit.path
        if edit.after is None:
            target.unlink()
            _remove_emptied_directories(target.parent, root)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(f".{target.name}.playbook-tmp")
        staging.write_bytes(edit.after.encode("utf-8"))
        os.replace(staging, target)


def _remove_emptied_directories(directory: Path, root: Path) -> None:
    """Remove directories left holding nothing but bytecode caches, up to `root`."""
    while directory != root and directory.is_dir():
        entries = list(directory.iterdir())
        if any(entry.name != "__pycache__" for entry in entries):
            return
        for cache in entries:
            shutil.rmtree(cache)
        directory.rmdir()
        directory = directory.parent
