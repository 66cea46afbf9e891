"""Writing result files so that a crash never leaves half a file behind, into directories
checked before any work."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from migration_steps.errors import BadInputError


def write_json_atomically(path: Path, data: Any) -> Path:
    """Write `data` as pretty JSON to `path` through a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    os.replace(handle.name, path)
    return path


def require_creatable_directory(path: Path) -> Path:
    """`path`, when it is a directory or can be made one: its nearest existing ancestor is a
    directory this process may write to. BadInputError otherwise, so that a command refuses an
    output path before its work instead of failing to write the result at the end."""
    existing = Path(path).absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise BadInputError(f"cannot create directory {path}: {existing} is not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise BadInputError(f"cannot create directory {path}: {existing} is not writable")
    return path


def make_directory(path: Path) -> Path:
    """mkdir -p `path`; BadInputError in one line when it cannot be made."""
    require_creatable_directory(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BadInputError(f"cannot create directory {path}: {error.strerror or error}") from None
    return path
