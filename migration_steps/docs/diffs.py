"""A step's unified diff, split per file for the step pages."""

from __future__ import annotations

from dataclasses import dataclass

_HEADER = "diff --git "


@dataclass(frozen=True)
class FileDiff:
    path: str
    kind: str  # "created", "deleted", "modified", "empty"
    added: int
    removed: int
    text: str


def split_diff(diff: str) -> list[FileDiff]:
    """One FileDiff per `diff --git` section, in the order of the diff."""
    sections: list[list[str]] = []
    for line in diff.splitlines():
        if line.startswith(_HEADER) or not sections:
            sections.append([])
        sections[-1].append(line)
    return [_file_diff(lines) for lines in sections if lines and lines[0].startswith(_HEADER)]


def _file_diff(lines: list[str]) -> FileDiff:
    path = lines[0].removeprefix(_HEADER).split(" b/", 1)[0].removeprefix("a/")
    body = lines[1:]
    hunks = [line for line in body if not line.startswith(("--- ", "+++ "))]
    added = sum(1 for line in hunks if line.startswith("+"))
    removed = sum(1 for line in hunks if line.startswith("-"))
    if "--- /dev/null" in body:
        kind = "created"
    elif "+++ /dev/null" in body:
        kind = "deleted"
    elif not body:
        kind = "empty"
    else:
        kind = "modified"
    return FileDiff(path, kind, added, removed, "\n".join(lines))
