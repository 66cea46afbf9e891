"""What the workshop remembers of one learner, kept in `.git/` so the checked tree never changes.

`.git/playbook-workshop.json`: the learner's name, when they started, and their recent checks.
`.git/playbook-hints.json`: which hints they were given.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

WORKSHOP_FILE = "playbook-workshop.json"
HINTS_FILE = "playbook-hints.json"
KEPT_CHECKS = 20


def git_dir(root: Path) -> Path | None:
    """The tree's own `.git` directory, or None for a tree that is not a repository root."""
    candidate = root / ".git"
    return candidate if candidate.is_dir() else None


def read_json(path: Path) -> dict[str, Any]:
    """The JSON object stored at `path`; {} when there is none or it cannot be read."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


def write_json(path: Path, value: dict[str, Any]) -> None:
    """Replace `path` atomically, so a report read meanwhile sees the old or the new state."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(value, file, indent=2, ensure_ascii=False)
            file.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_workshop(root: Path) -> dict[str, Any]:
    directory = git_dir(root)
    return read_json(directory / WORKSHOP_FILE) if directory else {}


def save_workshop(root: Path, state: dict[str, Any]) -> bool:
    """Store the learner's state; False (nothing stored) for a tree without its own `.git`."""
    directory = git_dir(root)
    if directory is None:
        return False
    write_json(directory / WORKSHOP_FILE, state)
    return True


def record_check(root: Path, record: dict[str, Any]) -> bool:
    """Append one check's summary to the learner's state, keeping the last KEPT_CHECKS."""
    state = load_workshop(root)
    state["checks"] = [*state.get("checks", []), record][-KEPT_CHECKS:]
    return save_workshop(root, state)


def last_check(state: dict[str, Any]) -> dict[str, Any] | None:
    checks = state.get("checks") or []
    return checks[-1] if checks else None


def load_hints(root: Path) -> dict[str, Any]:
    directory = git_dir(root)
    return read_json(directory / HINTS_FILE) if directory else {}


def save_hints(root: Path, hints: dict[str, Any]) -> bool:
    directory = git_dir(root)
    if directory is None:
        return False
    write_json(directory / HINTS_FILE, hints)
    return True
