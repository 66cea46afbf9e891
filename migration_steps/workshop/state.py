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
# The types of what a check records (CheckOutcome.record): a record of other types was edited
# or corrupted by hand, and is dropped as an unreadable file is.
_CHECK_FIELDS: dict[str, type] = {
    "time": str,
    "fingerprint": str,
    "step_reached": int,
    "working_on": str,
    "failing": int,
    "not_run": str,
}


def git_dir(root: Path) -> Path | None:
    """The tree's own `.git` directory, or None for a tree that is not a repository root."""
    candidate = root / ".git"
    return candidate if candidate.is_dir() else None


def read_json(path: Path) -> dict[str, Any]:
    """The JSON object stored at `path`; {} when there is none or it cannot be read."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
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
    """The learner's name and checks, keeping only the checks that have the shape one writes."""
    directory = git_dir(root)
    recorded = read_json(directory / WORKSHOP_FILE) if directory else {}
    if not isinstance(recorded.get("name", ""), str):
        del recorded["name"]
    if "checks" in recorded:
        checks = recorded["checks"] if isinstance(recorded["checks"], list) else []
        recorded["checks"] = [check for check in checks if _is_check(check)]
    return recorded


def _is_check(record: Any) -> bool:
    return isinstance(record, dict) and all(
        record.get(field) is None
        or (isinstance(record[field], kind) and not isinstance(record[field], bool))
        for field, kind in _CHECK_FIELDS.items()
    )


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
    """The hints given, keeping only the entries that have the shape `next_hint` writes."""
    directory = git_dir(root)
    hints = read_json(directory / HINTS_FILE) if directory else {}
    if "given" in hints:
        given = hints["given"] if isinstance(hints["given"], list) else []
        hints["given"] = [entry for entry in given if isinstance(entry, dict)]
    return hints


def save_hints(root: Path, hints: dict[str, Any]) -> bool:
    directory = git_dir(root)
    if directory is None:
        return False
    write_json(directory / HINTS_FILE, hints)
    return True
