"""The values steps deal in: metadata, intended changes, file edits, and results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from migration_steps.steps.tree import SourceTree

BASE = "0"
"""The `previous_step` of a route's first step: the legacy tree as copied."""


@dataclass(frozen=True)
class IntendedChange:
    """A difference from legacy that a step means to make, for the characterization harness.

    `scenario` and `check` name what the harness compares ("seed-timeline", "db.messages");
    "*" means every scenario.
    """

    scenario: str
    check: str
    before: str
    after: str
    why: str


@dataclass(frozen=True)
class StepMetadata:
    title: str
    rationale: str
    risk: str
    time_estimate: str
    intended_changes: tuple[IntendedChange, ...] = ()


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
