"""The values steps deal in: metadata (with their intended changes), file edits, and results."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from migration_steps.characterization.changes import IntendedChange

if TYPE_CHECKING:
    from migration_steps.steps.tree import SourceTree

BASE = "0"
"""The `previous_step` of a route's first step: the legacy tree as copied."""


@dataclass(frozen=True)
class StepMetadata:
    """What a step is, and the behaviour changes it means to make.

    `intended_changes` are the characterization harness's own `IntendedChange`s (see
    `migration_steps.characterization.changes` for how they match a difference from legacy).
    """

    title: str
    rationale: str
    risk: str
    time_estimate: str
    intended_changes: tuple[IntendedChange, ...] = ()


def per_scenario(
    check: str, values: Mapping[str, tuple[Any, Any]], why: str
) -> tuple[IntendedChange, ...]:
    """One exact change of `check` per scenario, from {scenario: (legacy's value, the new one)}."""
    return tuple(
        IntendedChange(scenario, check, before, after, why)
        for scenario, (before, after) in values.items()
    )


EditKind = Literal["create", "modify", "delete"]


@dataclass(frozen=True)
class FileEdit:
    """One file's change, computed in memory: `before` None creates it, `after` None deletes it."""

    path: str
    before: str | None
    after: str | None
    how: tuple[str, ...] = ()

    @property
    def kind(self) -> EditKind:
        if self.before is None:
            return "create"
        return "delete" if self.after is None else "modify"


@dataclass(frozen=True)
class StepPlan:
    """What a step would do to a tree: every edit, none written yet."""

    step_id: str
    edits: tuple[FileEdit, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepApplied:
    step_id: str
    edits: tuple[FileEdit, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepSkipped:
    step_id: str
    reason: str


@dataclass(frozen=True)
class StepRefused:
    step_id: str
    reason: str


StepResult = StepApplied | StepSkipped | StepRefused


class Refusal(Exception):
    """Raised while planning: the tree is not in the state the step expects."""


Planner = Callable[["SourceTree"], StepPlan]


@dataclass(frozen=True)
class Step:
    """A step module, as the catalogue holds it."""

    step_id: str
    previous_step: str
    route: str
    metadata: StepMetadata
    module: str
    planner: Planner = field(compare=False, repr=False)

    @property
    def title(self) -> str:
        return self.metadata.title
