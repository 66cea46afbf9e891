"""Which stages a run goes through: legacy, the main-route steps, target, the alt route."""

from __future__ import annotations

from dataclasses import dataclass

from migration_steps.paths import stage_roots
from migration_steps.steps.catalogue import Catalogue
from migration_steps.steps.model import Step

ALT_ROUTE_STAGE = "alt-verify"


@dataclass(frozen=True)
class PlannedStage:
    name: str
    route: str
    step: Step | None = None
    committed_tree: str | None = None  # a stage shipped as a tree in the repository


def planned_stages(catalogue: Catalogue) -> list[PlannedStage]:
    stages = [PlannedStage("legacy", "main", committed_tree="legacy")]
    stages += [
        PlannedStage(f"step-{step.step_id}", "main", step) for step in catalogue.route("main")
    ]
    if (stage_roots()["target"] / "app" / "main.py").is_file():
        stages.append(PlannedStage("target", "main", committed_tree="target"))
    for route in catalogue.route_names():
        if route != "main":
            stages += [
                PlannedStage(
                    ALT_ROUTE_STAGE if route == "alt" else f"{route}-{step.step_id}", route, step
                )
                for step in catalogue.route(route)
            ]
    return stages
