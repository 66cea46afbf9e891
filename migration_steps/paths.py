"""Where the project and its stages live on disk."""

import os
from pathlib import Path


def project_root() -> Path:
    """The repository root (holds `legacy/`); `PLAYBOOK_HOME` overrides it."""
    override = os.environ.get("PLAYBOOK_HOME")
    if override:
        return Path(override).resolve()
    return Path(__file__).resolve().parent.parent


def stage_roots() -> dict[str, Path]:
    """Known stage names mapped to the directory holding their `app/` (may not exist yet)."""
    root = project_root()
    return {
        "legacy": root / "legacy",
        "target": root / "target",
    }
