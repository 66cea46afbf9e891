"""Which stages the bench can measure, and their trees: committed ones, or step stages built
into temporary workspaces (through the characterization's builder, shared with `verify`)."""

from __future__ import annotations

from contextlib import ExitStack

from migration_steps.characterization.stages import (
    known_stage_names,
    stage_to_verify,
    stages_to_verify,
)
from migration_steps.errors import BadInputError
from migration_steps.stages.loader import StageRef
from migration_steps.steps.catalogue import MAIN_ROUTE, catalogue

LEGACY = "legacy"
TARGET = "target"
# The stages that append instead of rewriting, best first; else the last main-route stage.
APPEND_ONLY_PREFERENCE = ("target", "step-3")


def main_route_stages() -> list[str]:
    """legacy, step-1, step-2, ... in order, and target: the stages the bench compares."""
    steps = [f"step-{step.step_id}" for step in catalogue().route(MAIN_ROUTE)]
    return [LEGACY, *steps, TARGET]


def default_stages() -> list[str]:
    """Every main-route stage that exists now."""
    existing = set(stages_to_verify())
    return [name for name in main_route_stages() if name in existing]


def select_stages(requested: list[str] | None) -> list[str]:
    """The requested stage names, checked; None means every main-route stage that exists."""
    if not requested:
        return default_stages()
    known = known_stage_names()
    unknown = [name for name in requested if name not in known]
    if unknown:
        raise BadInputError(f"no such stage '{unknown[0]}' (known: {', '.join(known)})")
    existing = set(stages_to_verify())
    missing = [name for name in requested if name not in existing]
    if missing:
        raise BadInputError(f"stage '{missing[0]}' does not exist yet (no app/ in its tree)")
    return list(dict.fromkeys(requested))


def immediate_writer(stages: list[str]) -> tuple[str | None, str | None]:
    """The stage to set against legacy's debounced flush, and a note when it is a stand-in."""
    for name in APPEND_ONLY_PREFERENCE:
        if name in stages:
            return name, None
    later = [name for name in stages if name != LEGACY and name in main_route_stages()]
    if not later:
        return None, "no stage after legacy was measured: nothing to compare the flush with"
    stand_in = later[-1]
    return stand_in, (
        f"{' and '.join(APPEND_ONLY_PREFERENCE)} were not measured (not there yet, or not "
        f"asked for); {stand_in} stands in, and it still rewrites the conversation on every "
        "message: not an append"
    )


class StageTrees:
    """Each stage's tree, built on first use and kept until the bench ends."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack
        self._refs: dict[str, StageRef] = {}

    def ref(self, name: str) -> StageRef:
        if name not in self._refs:
            stage, _changes = self._stack.enter_context(stage_to_verify(name, progress=True))
            self._refs[name] = StageRef(name, stage.root)
        return self._refs[name]
