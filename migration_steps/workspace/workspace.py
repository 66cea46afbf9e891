"""A playbook workspace: a git repository whose history says which steps are applied."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from migration_steps.errors import BadInputError
from migration_steps.steps.model import Step
from migration_steps.steps.tree import DiskTree
from migration_steps.workspace.git import Git, require_git
from migration_steps.workspace.history import (
    REVERT_TRAILER,
    ROUTE_TRAILER,
    STEP_TRAILER,
    History,
    read_history,
)


@dataclass(frozen=True)
class Workspace:
    root: Path
    git: Git

    def history(self) -> History:
        return read_history(self.git)

    def is_dirty(self) -> bool:
        return self.git.is_dirty()

    def tree(self) -> DiskTree:
        return DiskTree(self.root)

    def require_clean(self, action: str) -> None:
        if self.is_dirty():
            raise BadInputError(
                f"{self.root} has uncommitted edits; commit or discard them before {action}"
            )


def open_workspace(directory: Path) -> Workspace:
    """The workspace at `directory`; BadInputError with a one-line reason when it is not one."""
    require_git()
    if not directory.exists():
        raise BadInputError(f"{directory} does not exist")
    if not directory.is_dir():
        raise BadInputError(f"{directory} is not a directory")
    root = directory.resolve()
    git = Git(root)
    top = git.run("rev-parse", "--show-toplevel", check=False)
    if top.returncode != 0:
        raise BadInputError(f"{directory} is not a git repository; make a workspace with init")
    if Path(top.stdout.strip()).resolve() != root:
        raise BadInputError(
            f"{directory} is inside the git repository {top.stdout.strip()}, not a workspace root"
        )
    if git.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
        raise BadInputError(f"{directory} is a git repository without commits, not a workspace")
    workspace = Workspace(root, git)
    workspace.history()
    return workspace


def step_message(step: Step) -> str:
    body = textwrap.fill(step.metadata.rationale, width=72)
    return (
        f"step {step.step_id}: {step.title}\n\n{body}\n\n"
        f"{STEP_TRAILER}: {step.step_id}\n{ROUTE_TRAILER}: {step.route}\n"
    )


def revert_message(step: Step, commit: str) -> str:
    return (
        f"revert step {step.step_id}: {step.title}\n\n"
        f"This reverts commit {commit}.\n\n"
        f"{REVERT_TRAILER}: {step.step_id}\n"
    )
