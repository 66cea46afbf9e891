"""The facilitator's table of a room's progress."""

from __future__ import annotations

from datetime import datetime

from migration_steps.workshop.criteria import WORKSHOP_STEPS
from migration_steps.workshop.progress import LearnerRow

HEADERS = ("learner", "step", "failing", "hints", "last check", "status", "directory")


def _when(iso: str | None) -> str:
    if iso is None:
        return "—"
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def _cells(row: LearnerRow) -> list[str]:
    step = "—" if row.step_reached is None else f"{row.step_reached}/{len(WORKSHOP_STEPS)}"
    failing = "—" if row.failing is None else str(row.failing)
    return [
        row.name,
        step,
        failing,
        str(row.hints_used),
        _when(row.last_check),
        row.status,
        row.directory,
    ]


def render_report(rows: list[LearnerRow]) -> str:
    table = [list(HEADERS), *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADERS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in table
    ]
    learners = [row for row in rows if row.status != "not a workspace"]
    reached = [row.step_reached for row in learners if row.step_reached is not None]
    summary = ", ".join(
        f"{sum(1 for r in reached if r >= step)} reached step {step}"
        for step in range(1, len(WORKSHOP_STEPS) + 1)
    )
    return "\n".join([*lines, "", f"{len(learners)} learner(s): {summary}"])
