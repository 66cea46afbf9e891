"""Golden transcripts: recorded from legacy on SQLite, stored as pretty JSON in the repository."""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

from migration_steps.characterization.normalise import canonical
from migration_steps.errors import BadInputError

GOLDEN_ENV = "PLAYBOOK_GOLDEN"
GOLDEN_STAGE = "legacy"
GOLDEN_DB = "sqlite"


def golden_path() -> Path:
    """`golden/legacy.json` next to this module; PLAYBOOK_GOLDEN names another file (tests)."""
    override = os.environ.get(GOLDEN_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent / "golden" / f"{GOLDEN_STAGE}.json"


def golden_from_run(run: dict[str, Any]) -> dict[str, Any]:
    """What is stored: the checks of every scenario, in catalogue order (information is not)."""
    return {
        "stage": run["stage"],
        "db": run["db"],
        "writers": run["writers"],
        "scenarios": {
            scenario["name"]: {name: canonical(value) for name, value in scenario["checks"].items()}
            for scenario in run["scenarios"]
        },
    }


def dump(golden: dict[str, Any]) -> str:
    return json.dumps(golden, indent=2, ensure_ascii=False) + "\n"


def load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise BadInputError(
            f"no golden transcripts at {path}; record them with: playbook verify legacy --approve"
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise BadInputError(f"golden transcripts at {path} are not JSON: {error}") from None


def approve(path: Path, golden: dict[str, Any]) -> str:
    """Store `golden` at `path`; return the unified diff against what was there ('' if nothing)."""
    before = path.read_text(encoding="utf-8") if path.is_file() else ""
    after = dump(golden)
    path.parent.mkdir(parents=True, exist_ok=True)
    if before != after:
        path.write_text(after, encoding="utf-8")
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"{path.name} (before)",
            tofile=f"{path.name} (approved)",
        )
    )
