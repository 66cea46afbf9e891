"""`playbook workshop start`: a learner's workspace with the exercises and the learner's name.

The workspace is a playbook workspace (a git repository holding a copy of legacy, one baseline
commit) whose baseline also holds WORKSHOP.md. The learner's name is their git identity for the
commits they make, and is kept with the workshop's state in `.git/`, outside the checked tree.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from migration_steps.errors import BadInputError
from migration_steps.paths import stage_roots
from migration_steps.workshop import state
from migration_steps.workspace.git import Git
from migration_steps.workspace.init import init_workspace

EXERCISES = "WORKSHOP.md"
_EMAIL_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def exercises_text() -> str:
    return resources.files(__package__).joinpath(EXERCISES).read_text(encoding="utf-8")


def _email(name: str) -> str:
    local = _EMAIL_UNSAFE.sub(".", name.lower()).strip(".") or "learner"
    return f"{local}@workshop.invalid"


def start_workshop(directory: Path | str, name: str | None = None) -> dict[str, str]:
    """Make `directory` a learner's workspace; return the state recorded for them.

    Refuses (BadInputError) a directory that exists and is not empty, and a blank name.
    """
    learner = (name if name is not None else Path(directory).name).strip()
    if not learner:
        raise BadInputError("the learner's name is empty; give one with --name")
    root = init_workspace(Path(directory).expanduser(), stage_roots()["legacy"])
    git = Git(root)
    (root / EXERCISES).write_text(exercises_text(), encoding="utf-8")
    git.run("add", EXERCISES)
    git.run("commit", "--quiet", "--no-verify", "--amend", "--no-edit")
    git.run("config", "--local", "user.name", learner)
    git.run("config", "--local", "user.email", _email(learner))
    recorded = {
        "name": learner,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "baseline": git.head(),
    }
    state.save_workshop(root, recorded)
    return {"root": str(root), **recorded}
