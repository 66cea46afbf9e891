"""Unified diffs of planned edits, in the form `git diff` prints them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from migration_steps.steps.model import FileEdit

NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(edits: Iterable[FileEdit]) -> str:
    parts: list[str] = []
    for edit in edits:
        before = edit.before.splitlines(keepends=True) if edit.before is not None else []
        after = edit.after.splitlines(keepends=True) if edit.after is not None else []
        old = f"a/{edit.path}" if edit.before is not None else "/dev/null"
        new = f"b/{edit.path}" if edit.after is not None else "/dev/null"
        parts.append(f"diff --git a/{edit.path} b/{edit.path}\n")
        for line in difflib.unified_diff(before, after, old, new):
            parts.append(line if line.endswith("\n") else f"{line}\n{NO_NEWLINE}")
    return "".join(parts)
