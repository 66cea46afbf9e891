"""The `git` command, run in one repository, with its failures as one-line playbook errors."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from migration_steps.errors import BadInputError, PlaybookError

# Variables a calling git (a hook, say) may have set, which would point us at its repository.
_INHERITED_GIT_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX")


class GitError(PlaybookError):
    """git itself failed; exit 2, like every other input the playbook cannot work with."""

    exit_code = 2


def _environment() -> dict[str, str]:
    environment = {
        key: value for key, value in os.environ.items() if key not in _INHERITED_GIT_VARIABLES
    }
    environment.update(LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_EDITOR="true")
    return environment


def require_git() -> None:
    if shutil.which("git") is None:
        raise BadInputError("git is not installed; workspaces are git repositories")


class Git:
    def __init__(self, root: Path) -> None:
        self.root = root

    def run(
        self, *args: str, check: bool = True, input_text: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        process = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env=_environment(),
            input=input_text,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and process.returncode != 0:
            reason = " ".join((process.stderr or process.stdout).split()) or "no output"
            raise GitError(f"git {args[0]} failed in {self.root}: {reason}")
        return process

    def output(self, *args: str) -> str:
        return self.run(*args).stdout

    def commit(self, message: str) -> str:
        self.run("add", "--all")
        self.run("commit", "--quiet", "--no-verify", "--file=-", input_text=message)
        return self.output("rev-parse", "HEAD").strip()

    def head(self) -> str:
        return self.output("rev-parse", "HEAD").strip()

    def is_dirty(self) -> bool:
        return bool(self.output("status", "--porcelain", "--untracked-files=all").strip())
