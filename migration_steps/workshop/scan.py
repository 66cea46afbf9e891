"""A small static scan of a learner's tree: who imports or uses the session manager.

Behaviour cannot show that a module is gone, only that it no longer matters; step 2 asks for
both, so this reads the source. Each use is reported with its file and line.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

MANAGER_PACKAGE = "app/session_manager"
SUBSCRIBER_FILE = "app/events/subscribers/persistence_subscriber.py"
MANAGER_NAMES = frozenset({"AsyncSessionManager", "SessionDbService"})
MANAGER_ATTRIBUTES = frozenset({"session_manager", "_session_manager"})


@dataclass(frozen=True)
class SourceUse:
    path: str  # relative to the tree's root
    line: int
    what: str


@dataclass(frozen=True)
class ScanResult:
    app_uses: tuple[SourceUse, ...]
    test_uses: tuple[SourceUse, ...]
    unreadable: tuple[SourceUse, ...]
    manager_package_present: bool
    subscriber_file_present: bool


def _mentions_manager(dotted: str) -> bool:
    lowered = dotted.lower()
    return "session_manager" in lowered or "sessionmanager" in lowered


def _uses_in(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, f"imports {alias.name}")
                for alias in node.names
                if _mentions_manager(alias.name)
            ]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            for alias in node.names:
                if _mentions_manager(module) or alias.name in MANAGER_NAMES:
                    found.append((node.lineno, f"imports {alias.name} from {module}"))
        elif isinstance(node, ast.Name) and node.id in MANAGER_NAMES | MANAGER_ATTRIBUTES:
            found.append((node.lineno, f"uses {node.id}"))
        elif isinstance(node, ast.Attribute) and node.attr in MANAGER_ATTRIBUTES:
            found.append((node.lineno, f"uses .{node.attr}"))
    return sorted(set(found))


def _scan_files(
    root: Path, directory: str, skip: str | None = None
) -> tuple[list[SourceUse], list[SourceUse]]:
    uses: list[SourceUse] = []
    unreadable: list[SourceUse] = []
    base = root / directory
    if not base.is_dir():
        return uses, unreadable
    for path in sorted(base.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "__pycache__" in path.parts or (skip and relative.startswith(f"{skip}/")):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), relative)
        except (SyntaxError, UnicodeDecodeError, ValueError) as error:
            line = getattr(error, "lineno", None) or 0
            unreadable.append(SourceUse(relative, line, f"cannot be parsed: {error}"))
            continue
        uses += [SourceUse(relative, line, what) for line, what in _uses_in(tree)]
    return uses, unreadable


def scan_tree(root: Path) -> ScanResult:
    """Uses of the session manager in app/ (outside its own package) and in tests/."""
    app_uses, app_unreadable = _scan_files(root, "app", skip=MANAGER_PACKAGE)
    test_uses, test_unreadable = _scan_files(root, "tests")
    return ScanResult(
        app_uses=tuple(app_uses),
        test_uses=tuple(test_uses),
        unreadable=tuple(app_unreadable + test_unreadable),
        manager_package_present=(root / MANAGER_PACKAGE).exists(),
        subscriber_file_present=(root / SUBSCRIBER_FILE).exists(),
    )
