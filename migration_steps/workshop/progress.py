"""`playbook workshop report`: a room's progress, one row per learner, from what checks stored.

Nothing is run: each row is read from the learner's `.git/`, so the report is instant however
many learners there are, and says when each was last checked.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from migration_steps.workshop import state
from migration_steps.workshop.hints import hints_used


@dataclass(frozen=True)
class LearnerRow:
    directory: str
    name: str
    step_reached: int | None
    failing: int | None
    hints_used: int
    last_check: str | None
    status: str  # "ok", "does not import", "did not finish", "never checked", "not a workspace"

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _status(last: dict[str, Any] | None) -> str:
    if last is None:
        return "never checked"
    return {"import": "does not import", "unfinished": "did not finish"}.get(
        last.get("not_run") or "", "ok"
    )


def learner_row(directory: Path | str) -> LearnerRow:
    path = Path(directory).expanduser()
    root = path.resolve()
    recorded = state.load_workshop(root) if path.is_dir() else {}
    if not recorded:
        return LearnerRow(str(directory), path.name, None, None, 0, None, "not a workspace")
    last = state.last_check(recorded)
    return LearnerRow(
        directory=str(directory),
        name=str(recorded.get("name") or path.name),
        step_reached=last.get("step_reached") if last else None,
        failing=last.get("failing") if last else None,
        hints_used=hints_used(root),
        last_check=last.get("time") if last else None,
        status=_status(last),
    )


def room_progress(directories: list[Path | str]) -> list[LearnerRow]:
    """One row per directory, furthest learners first, then by name."""
    rows = [learner_row(directory) for directory in directories]
    return sorted(
        rows,
        key=lambda row: (-(row.step_reached if row.step_reached is not None else -1), row.name),
    )
