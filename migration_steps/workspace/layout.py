"""What a workspace holds of a stage tree: its `app/`, its `tests/` and its pytest config."""

from __future__ import annotations

import shutil
from pathlib import Path

COPIED_DIRECTORIES = ("app", "tests")
PYTEST_CONFIG_FILES = ("pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini", "conftest.py")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "*.sqlite3*")

# Written to .git/info/exclude, not committed: running the tree's app or tests leaves these.
LOCAL_EXCLUDES = (
    "__pycache__/",
    "*.pyc",
    ".pytest_cache/",
    ".ruff_cache/",
    ".hypothesis/",
    "*.sqlite3",
    "*.sqlite3-*",
)


def copied_paths(source: Path) -> list[Path]:
    """The entries of `source` a workspace copies, in a stable order."""
    directories = [source / name for name in COPIED_DIRECTORIES if (source / name).is_dir()]
    files = [source / name for name in PYTEST_CONFIG_FILES if (source / name).is_file()]
    return directories + files


def copy_tree(source: Path, destination: Path) -> None:
    for entry in copied_paths(source):
        target = destination / entry.name
        if entry.is_dir():
            shutil.copytree(entry, target, ignore=IGNORED)
        else:
            shutil.copy2(entry, target)
