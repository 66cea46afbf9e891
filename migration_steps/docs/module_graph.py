"""The import graph of one stage's `app` package, read with `ast` (nothing is imported)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

PACKAGE = "app"


def import_graph(app_dir: Path) -> dict[str, Any]:
    """Every module of the package under `app_dir` and the `app` modules each one imports.

    Returns `{"modules": [...], "imports": [[importer, imported], ...]}`, sorted, with module
    names relative to the package ("events.bus"); imports of other packages are left out.
    """
    modules = {_module_name(path, app_dir): path for path in sorted(app_dir.rglob("*.py"))}
    edges: set[tuple[str, str]] = set()
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for imported in _imported(ast.parse(path.read_text(encoding="utf-8")), name, is_package):
            target = _closest_module(imported, modules)
            if target is not None and target != name:
                edges.add((name, target))
    return {"modules": sorted(modules), "imports": [list(edge) for edge in sorted(edges)]}


def _module_name(path: Path, app_dir: Path) -> str:
    parts = list(path.relative_to(app_dir).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) or "__init__"


def _imported(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Dotted names relative to the package, for `import app.x` and `from app.x import y`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(_relative(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute_base(node, module, is_package)
            if base is None:
                continue
            names.add(base)
            names.update(f"{base}.{alias.name}".strip(".") for alias in node.names)
    names.discard(None)  # type: ignore[arg-type]
    return {name for name in names if name is not None}


def _relative(dotted: str) -> str | None:
    if dotted == PACKAGE:
        return ""
    if dotted.startswith(PACKAGE + "."):
        return dotted[len(PACKAGE) + 1 :]
    return None


def _absolute_base(node: ast.ImportFrom, module: str, is_package: bool) -> str | None:
    if node.level == 0:
        return _relative(node.module or "")
    package = module.split(".") if module != "__init__" else []
    if not is_package:
        package = package[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, *([node.module] if node.module else [])])


def _closest_module(dotted: str, modules: dict[str, Path]) -> str | None:
    """`events.bus.EventBus` -> `events.bus`: the longest prefix that is a module."""
    parts = dotted.split(".") if dotted else []
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None
