"""Which stages the characterization suite runs against, and what each one changes on purpose.

The changes a stage is verified with are those its steps declare (`StepMetadata.intended_changes`):
none for legacy and for a plain tree, the applied steps' for a workspace, the lineage's for a step
stage (`step-2`: steps 1 and 2), the whole main route's for target.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from migration_steps.characterization.changes import IntendedChange
from migration_steps.characterization.step_stages import (
    StepStage,
    step_stages,
    temporary_step_stage,
)
from migration_steps.errors import BadInputError
from migration_steps.paths import stage_roots
from migration_steps.stages.loader import StageRef, resolve_stage
from migration_steps.steps.catalogue import MAIN_ROUTE, catalogue
from migration_steps.workspace.operations import workspace_status
from migration_steps.workspace.workspace import open_workspace

LEGACY = "legacy"
TARGET = "target"


def _committed_tree_exists(name: str) -> bool:
    return (stage_roots()[name] / "app" / "main.py").is_file()


def known_stage_names() -> list[str]:
    """Every stage name `verify` accepts, in route order (target even before its tree exists)."""
    stages = step_stages(catalogue())
    main = [stage.name for stage in stages if stage.route == MAIN_ROUTE]
    others = [stage.name for stage in stages if stage.route != MAIN_ROUTE]
    return [LEGACY, *main, TARGET, *others]


def stages_to_verify() -> list[str]:
    """Every stage that exists: committed trees that are there, and every step stage."""
    return [
        name
        for name in known_stage_names()
        if name not in (LEGACY, TARGET) or _committed_tree_exists(name)
    ]


def step_stage_named(name: str) -> StepStage | None:
    return next((stage for stage in step_stages(catalogue()) if stage.name == name), None)


def intended_changes_for(stage: str) -> tuple[IntendedChange, ...]:
    """The behaviour changes declared by the steps that make `stage`; legacy declares none."""
    steps = catalogue()
    if stage == TARGET:
        return tuple(steps.intended_changes(step.step_id for step in steps.route(MAIN_ROUTE)))
    step_stage = step_stage_named(stage)
    if step_stage is None:
        return ()
    lineage = steps.lineage(step_stage.step_id)
    return tuple(steps.intended_changes(step.step_id for step in lineage))


def applied_changes(root: Path | str) -> tuple[IntendedChange, ...]:
    """The changes declared by the steps a workspace at `root` has applied; none for a tree that
    is not a workspace (no git repository of its own, or no step history)."""
    try:
        status = workspace_status(open_workspace(Path(root)), catalogue())
    except BadInputError:
        return ()
    return tuple(catalogue().intended_changes(status.applied))


@contextmanager
def stage_to_verify(
    target: str, *, progress: bool = False
) -> Iterator[tuple[StageRef, tuple[IntendedChange, ...]]]:
    """The stage `target` names, with the changes it is verified with.

    A step stage (`step-1`, `alt-verify`, ...) is built in a temporary workspace for as long as
    the context lasts. Raises BadInputError for an unknown name (listing the known ones), a
    committed stage without its tree yet, or a path that holds no app/.
    """
    step_stage = step_stage_named(target)
    if step_stage is not None:
        with temporary_step_stage(step_stage, catalogue(), progress=progress) as stage:
            yield stage, intended_changes_for(target)
        return
    if target in (LEGACY, TARGET):
        yield resolve_stage(target), intended_changes_for(target)
        return
    if not _names_a_path(target):
        known = ", ".join(known_stage_names())
        raise BadInputError(f"no such stage '{target}' (known: {known}; or a tree's path)")
    stage = resolve_stage(target)
    yield stage, applied_changes(stage.root)


def _names_a_path(text: str) -> bool:
    if os.sep in text or "/" in text or text.startswith((".", "~")):
        return True
    return Path(text).expanduser().exists()
