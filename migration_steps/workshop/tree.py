"""A learner's tree: where its `app/` is, and a fingerprint of its sources."""

from __future__ import annotations

import hashlib
from pathlib import Path

from migration_steps.errors import BadInputError

SOURCE_DIRECTORY = "app"


def learner_root(directory: Path | str) -> Path:
    """The directory holding the learner's `app/`; BadInputError with a one-line reason if none."""
    path = Path(directory).expanduser()
    if not path.exists():
        raise BadInputError(f"{directory} does not exist; make it with: playbook workshop start")
    if not path.is_dir():
        raise BadInputError(f"{directory} is not a directory")
    root = path.resolve()
    if not (root / SOURCE_DIRECTORY).is_dir():
        raise BadInputError(f"{directory} holds no app/ directory: not a learner's tree")
    return root


def source_files(root: Path) -> list[Path]:
    """Every Python file of the tree's `app/`, in a stable order (caches left out)."""
    return sorted(
        path
        for path in (root / SOURCE_DIRECTORY).rglob("*.py")
        if "__pycache__" not in path.parts and path.is_file()
    )


def fingerprint(root: Path) -> str:
    """A hash of every source file's path and bytes: equal fingerprints, same code."""
    digest = hashlib.sha256()
    for path in source_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
