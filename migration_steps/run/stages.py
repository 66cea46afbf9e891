"""Which stages a run goes through: legacy, the main-route steps, target, the other routes."""

from __future__ import annotations

from dataclasses import dataclass

from migration_steps.characterization.step_stages import step_stages
from migration_steps.paths import stage_roots
from migration_steps.steps.catalogue import MAIN_ROUTE, Catalogue
from migration_steps.steps.model import Step


@dataclass(frozen=True)
class PlannedStage:
    name: str
    route: str
    step: Step | None = None
    committed_tree: str | None = None  # a stage shipped as a tree in the repository


def planned_stages(steps: Catalogue) -> list[PlannedStage]:
    made_by_steps = [
        PlannedStage(stage.name, stage.route, steps.get(stage.step_id))
        for stage in step_stages(steps)
    ]
    stages = [PlannedStage("legacy", MAIN_ROUTE, committed_tree="legacy")]
    stages += [stage for stage in made_by_steps if stage.route == MAIN_ROUTE]
    if (stage_roots()["target"] / "app" / "main.py").is_file():
        stages.append(PlannedStage("target", MAIN_ROUTE, committed_tree="target"))
    stages += [stage for stage in made_by_steps if stage.route != MAIN_ROUTE]
    return stages
