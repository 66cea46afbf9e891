"""`playbook init`: a new git repository holding a copy of the legacy tree, committed once."""

from __future__ import annotations

import shutil
from pathlib import Path

from migration_steps.errors import BadInputError
from migration_steps.files import make_directory
from migration_steps.workspace.git import Git, require_git
from migration_steps.workspace.history import BASELINE_TRAILER
from migration_steps.workspace.layout import LOCAL_EXCLUDES, copied_paths, copy_tree

BASELINE_MESSAGE = (
    "baseline: the legacy tree as copied\n\n"
    "app/ and tests/ of the legacy stage, before any step.\n\n"
    f"{BASELINE_TRAILER}: legacy\n"
)
LOCAL_CONFIG = {
    "user.name": "playbook",
    "user.email": "playbook@localhost",
    "commit.gpgsign": "false",
    "core.autocrlf": "false",
}


def init_workspace(directory: Path, source: Path) -> Path:
    """Copy `source` into a new repository at `directory`; return the workspace root."""
    require_git()
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BadInputError(f"{directory} exists and is not empty")
    if not copied_paths(source) or not (source / "app").is_dir():
        raise BadInputError(f"{source} holds no app/ to copy")
    created = not directory.exists()
    make_directory(directory)
    try:
        _populate(directory.resolve(), source)
    except BaseException:
        if created:
            shutil.rmtree(directory, ignore_errors=True)
        else:
            for entry in directory.iterdir():
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        raise
    return directory.resolve()


def _populate(root: Path, source: Path) -> None:
    git = Git(root)
    git.run("init", "--quiet", "--initial-branch=main")
    for key, value in LOCAL_CONFIG.items():
        git.run("config", "--local", key, value)
    exclude = root / ".git" / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    with exclude.open("a", encoding="utf-8") as file:
        file.write("\n# left by running the tree's app or tests\n")
        file.write("".join(f"{pattern}\n" for pattern in LOCAL_EXCLUDES))
    copy_tree(source, root)
    git.commit(BASELINE_MESSAGE)
