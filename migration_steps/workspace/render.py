"""Text for the workspace verbs: the step history like `alembic history`, status, apply, revert."""

from __future__ import annotations

import textwrap

from migration_steps.steps.catalogue import Catalogue
from migration_steps.steps.model import BASE, Step
from migration_steps.workspace.operations import ApplyReport, RevertReport, WorkspaceStatus


def _step_name(step_id: str) -> str:
    return "<base>" if step_id == BASE else step_id


def history_lines(catalogue: Catalogue, *, verbose: bool = False) -> list[str]:
    """Each route newest first, `previous -> step (route) (head), title`, as Alembic prints."""
    lines: list[str] = []
    for route in catalogue.route_names():
        steps = catalogue.route(route)
        for step in reversed(steps):
            head = " (head)" if step is steps[-1] else ""
            lines.append(
                f"{_step_name(step.previous_step)} -> {step.step_id} ({route}){head}, {step.title}"
            )
            if verbose:
                lines.extend(_details(step))
    return lines


def _details(step: Step) -> list[str]:
    meta = step.metadata
    wrap = textwrap.TextWrapper(width=96, initial_indent="    ", subsequent_indent="    ")
    lines = [
        *wrap.wrap(f"Rationale: {meta.rationale}"),
        *wrap.wrap(f"Risk: {meta.risk}"),
        f"    Time: {meta.time_estimate}",
        "    Intended changes:",
    ]
    for change in meta.intended_changes:
        before, after = _short(change.before), _short(change.after)
        lines.append(f"      {change.scenario} / {change.check}: {before} -> {after}")
    lines.append("")
    return lines


def status_lines(status: WorkspaceStatus) -> list[str]:
    head = status.head
    current = (
        "<base> (the legacy tree as copied)"
        if head is None
        else f"{head.step_id} ({head.route}), {head.title}"
    )
    pending = ", ".join(status.pending) or f"none (route {status.route} is complete)"
    lines = [
        f"workspace: {status.root}",
        f"current: {current}",
        f"route: {status.route}",
        f"pending: {pending}",
        f"uncommitted edits: {'yes' if status.dirty else 'no'}",
    ]
    if status.other_commits:
        lines.append(f"commits not made by the playbook: {status.other_commits}")
    return lines


def apply_lines(report: ApplyReport) -> list[str]:
    if report.already_applied:
        return [
            f"step {report.target} is already applied (the workspace is at "
            f"{_step_name(report.was_at)}); nothing to do"
        ]
    verb = "would apply" if report.dry_run else "applied"
    lines = []
    for entry in report.steps:
        commit = f" (commit {entry.commit[:12]})" if entry.commit else ""
        lines.append(f"{verb} step {entry.step.step_id}: {entry.step.title}{commit}")
        lines.extend(f"  note: {note}" for note in entry.plan.notes)
    if report.dry_run:
        lines.append("dry run: nothing was changed")
    return lines


def revert_lines(report: RevertReport) -> list[str]:
    if not report.reverted:
        return [f"nothing to revert: the workspace is at {_step_name(report.target)}"]
    lines = [
        f"reverted step {entry.step.step_id}: {entry.step.title} (commit {entry.commit[:12]})"  # type: ignore[index]
        for entry in report.reverted
    ]
    lines.append(f"the workspace is at {_step_name(report.target)}")
    return lines


def _short(value: object, width: int = 40) -> str:
    """An expected value as one short line; exact lists of messages can run to kilobytes."""
    return textwrap.shorten(str(value), width=width, placeholder=" …")
