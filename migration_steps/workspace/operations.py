"""Status, apply and revert on a workspace: the logic behind `playbook status|apply|revert`."""

from __future__ import annotations

from dataclasses import dataclass

from migration_steps.errors import BadInputError, PlaybookError, UsageError
from migration_steps.steps.apply import plan_step, write_plan
from migration_steps.steps.catalogue import MAIN_ROUTE, Catalogue
from migration_steps.steps.diff import unified_diff
from migration_steps.steps.model import BASE, Step, StepPlan, StepRefused
from migration_steps.steps.tree import OverlayTree, SourceTree
from migration_steps.workspace.workspace import (
    Workspace,
    revert_message,
    step_message,
)


@dataclass(frozen=True)
class WorkspaceStatus:
    root: str
    head: Step | None
    route: str
    applied: tuple[str, ...]
    pending: tuple[str, ...]
    dirty: bool
    other_commits: int


@dataclass(frozen=True)
class AppliedStepReport:
    step: Step
    commit: str | None
    plan: StepPlan


@dataclass(frozen=True)
class ApplyReport:
    target: str
    was_at: str
    steps: tuple[AppliedStepReport, ...]
    dry_run: bool
    already_applied: bool
    diff: str


@dataclass(frozen=True)
class RevertReport:
    target: str
    reverted: tuple[AppliedStepReport, ...]


def workspace_status(workspace: Workspace, catalogue: Catalogue) -> WorkspaceStatus:
    history = workspace.history()
    applied = history.applied_ids
    head = catalogue.get(applied[-1]) if applied else None
    route = head.route if head is not None else MAIN_ROUTE
    lineage = [step.step_id for step in catalogue.lineage(catalogue.route(route)[-1].step_id)]
    pending = lineage[len(applied) :] if lineage[: len(applied)] == applied else []
    return WorkspaceStatus(
        root=str(workspace.root),
        head=head,
        route=route,
        applied=tuple(applied),
        pending=tuple(pending),
        dirty=workspace.is_dirty(),
        other_commits=history.other_commits,
    )


def choose_target(
    catalogue: Catalogue, applied: list[str], to: str | None, route: str | None
) -> str:
    """The step to apply up to: `to`, the head of `route`, or the head of the current route."""
    if to is not None and route is not None:
        raise UsageError("give --to or --route, not both")
    if to is not None:
        if catalogue.get(to) is None:
            known = ", ".join(step.step_id for step in catalogue.steps)
            raise BadInputError(f"no step {to!r} (known: {known})")
        return to
    if route is None:
        head = catalogue.get(applied[-1]) if applied else None
        route = head.route if head is not None else MAIN_ROUTE
    if route not in catalogue.route_names():
        raise BadInputError(f"no route {route!r} (known: {', '.join(catalogue.route_names())})")
    return catalogue.route(route)[-1].step_id


def apply_steps(
    workspace: Workspace,
    catalogue: Catalogue,
    *,
    to: str | None = None,
    route: str | None = None,
    dry_run: bool = False,
) -> ApplyReport:
    workspace.require_clean("applying steps")
    applied = workspace.history().applied_ids
    target = choose_target(catalogue, applied, to, route)
    was_at = applied[-1] if applied else BASE
    if target in applied:
        return ApplyReport(target, was_at, (), dry_run, already_applied=True, diff="")
    lineage = catalogue.lineage(target)
    if [step.step_id for step in lineage[: len(applied)]] != applied:
        at = applied[-1]
        raise BadInputError(
            f"step {target} does not follow step {at} (route {catalogue.get(at).route}); "  # type: ignore[union-attr]
            f"revert to {_before(lineage)} first"
        )
    plans = _plan_all(lineage[len(applied) :], workspace.tree())
    reports = []
    for step, plan in plans:
        commit = None
        if not dry_run:
            write_plan(workspace.root, plan)
            commit = workspace.git.commit(step_message(step))
        reports.append(AppliedStepReport(step, commit, plan))
    diff = "".join(unified_diff(plan.edits) for _, plan in plans)
    return ApplyReport(target, was_at, tuple(reports), dry_run, already_applied=False, diff=diff)


def _before(lineage: list[Step]) -> str:
    shared = lineage[0].previous_step
    return "base" if shared == BASE else f"step {shared}"


def _plan_all(steps: list[Step], tree: SourceTree) -> list[tuple[Step, StepPlan]]:
    """Plan each step on the tree the previous plans leave; refuse them all if one refuses."""
    plans = []
    for step in steps:
        outcome = plan_step(step.step_id, step.planner, tree)
        if isinstance(outcome, StepRefused):
            raise BadInputError(f"step {step.step_id} refused: {outcome.reason}")
        plans.append((step, outcome))
        tree = OverlayTree(tree, {edit.path: edit.after for edit in outcome.edits})
    return plans


def revert_steps(
    workspace: Workspace, catalogue: Catalogue, *, to: str | None = None
) -> RevertReport:
    """Undo applied steps with one revert commit each, newest first, down to `to` (default: one)."""
    workspace.require_clean("reverting steps")
    applied = list(workspace.history().applied)
    keep = _kept_count([step.step_id for step in applied], to)
    start = workspace.git.head()
    reports = []
    for entry in applied[keep:][::-1]:
        step = catalogue.get(entry.step_id)
        if step is None:
            raise BadInputError(f"step {entry.step_id} is not in this playbook's catalogue")
        try:
            workspace.git.run("revert", "--no-commit", entry.commit)
            commit = workspace.git.commit(revert_message(step, entry.commit))
        except PlaybookError as error:
            workspace.git.run("revert", "--abort", check=False)
            workspace.git.run("reset", "--hard", "--quiet", start)
            raise BadInputError(
                f"could not revert step {entry.step_id} (later commits changed the same lines?); "
                f"nothing was reverted: {error.summary}"
            ) from error
        reports.append(AppliedStepReport(step, commit, StepPlan(step.step_id, ())))
    target = applied[keep - 1].step_id if keep else BASE
    return RevertReport(target, tuple(reports))


def _kept_count(applied: list[str], to: str | None) -> int:
    """How many of the applied steps stay after reverting down to `to` (None: undo one)."""
    if to is None:
        return max(len(applied) - 1, 0)
    if to in (BASE, "base"):
        return 0
    if to not in applied:
        listed = ", ".join(applied) or "none"
        raise BadInputError(f"step {to} is not applied here (applied: {listed})")
    return applied.index(to) + 1
