"""Read-only views of a source tree: the files on disk, or those with planned edits laid over."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

SKIPPED_DIRECTORIES = frozenset({".git", "__pycache__", ".pytest_cache", ".ruff_cache"})


class SourceTree(Protocol):
    def read(self, path: str) -> str | None:
        """The text of `path` (posix, relative to the root), or None when there is none."""
        ...

    def files(self) -> list[str]:
        """Every file of the tree, sorted, outside caches and `.git`."""
        ...


def exists(tree: SourceTree, path: str) -> bool:
    return tree.read(path) is not None


class DiskTree:
    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, path: str) -> str | None:
        file = self.root / path
        if not file.is_file():
            return None
        # Bytes in, bytes out: no newline translation, so a round trip is exact.
        return file.read_bytes().decode("utf-8")

    def files(self) -> list[str]:
        return sorted(_walk(self.root, self.root))


def _walk(directory: Path, root: Path) -> Iterable[str]:
    for entry in directory.iterdir():
        if entry.is_dir():
            if entry.name not in SKIPPED_DIRECTORIES:
                yield from _walk(entry, root)
        elif entry.is_file() and entry.suffix != ".pyc":
            yield entry.relative_to(root).as_posix()


class OverlayTree:
    """`base` with `changes` laid over it: a path mapped to None is deleted."""

    def __init__(self, base: SourceTree, changes: Mapping[str, str | None]) -> None:
        self.base = base
        self.changes = dict(changes)

    def read(self, path: str) -> str | None:
        if path in self.changes:
            return self.changes[path]
        return self.base.read(path)

    def files(self) -> list[str]:
        present = set(self.base.files())
        for path, text in self.changes.items():
            if text is None:
                present.discard(path)
            else:
                present.add(path)
        return sorted(present)
