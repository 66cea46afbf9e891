"""The stages that steps make (DESIGN §4), built from legacy in a workspace: init, then apply.

Each step of the main route makes `step-<id>`; the alternative route's head makes `alt-verify`
(an earlier step of another route makes `<route>-<id>`). Adding a step module adds its stage.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from migration_steps.paths import stage_roots
from migration_steps.stages.loader import StageRef
from migration_steps.steps.catalogue import MAIN_ROUTE, Catalogue
from migration_steps.steps.model import Step
from migration_steps.workspace.init import init_workspace
from migration_steps.workspace.operations import apply_steps
from migration_steps.workspace.workspace import open_workspace

ALT_ROUTE = "alt"
ALT_STAGE = "alt-verify"


@dataclass(frozen=True)
class StepStage:
    """A stage made by applying, to legacy, every step up to `step_id` (its lineage)."""

    name: str
    step_id: str
    route: str


def stage_name(step: Step, head_of_route: bool) -> str:
    if step.route == MAIN_ROUTE:
        return f"step-{step.step_id}"
    if step.route == ALT_ROUTE and head_of_route:
        return ALT_STAGE
    return f"{step.route}-{step.step_id}"


def step_stages(steps: Catalogue) -> list[StepStage]:
    """The main route's stages in order, then those of the other routes."""
    stages = []
    for route in steps.route_names():
        chain = steps.route(route)
        stages += [
            StepStage(stage_name(step, step is chain[-1]), step.step_id, route) for step in chain
        ]
    return stages


def build_step_stage(stage: StepStage, steps: Catalogue, directory: Path) -> StageRef:
    """Make `directory` a workspace of legacy with the stage's steps applied (one commit each)."""
    root = init_workspace(directory, stage_roots()["legacy"])
    apply_steps(open_workspace(root), steps, to=stage.step_id)
    return StageRef(stage.name, root)


@contextmanager
def temporary_step_stage(
    stage: StepStage, steps: Catalogue, *, progress: bool = False
) -> Iterator[StageRef]:
    """The stage built in a temporary workspace, removed afterwards."""
    if progress:
        print(f"  building {stage.name}: legacy + step(s) up to {stage.step_id}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix=f"playbook-{stage.name}-") as scratch:
        yield build_step_stage(stage, steps, Path(scratch) / stage.name)
