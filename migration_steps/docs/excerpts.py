"""Real code from the legacy tree, quoted on the problem page with Material code annotations."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

SUBSCRIBER = Path("app/events/subscribers/persistence_subscriber.py")
FLUSH_FUNCTION = "_persist_sessions"
FLUSH_NOTES = (
    (
        "_session_manager.get(",
        "Reads the session from `AsyncSessionManager` memory. Memory never saw what was written "
        "through the services alone: an operator's reply, a hand-off note, another instance.",
    ),
    (
        "save_session(",
        "The manager's private `_db_service` deletes every message of the session and inserts "
        "memory's copy: whatever the database gained meanwhile is gone.",
    ),
)


@dataclass(frozen=True)
class Excerpt:
    path: str
    code: str
    notes: tuple[str, ...]


def flush_excerpt(legacy_root: Path) -> Excerpt | None:
    """`PersistenceSubscriber._persist_sessions` with a numbered note on its two key lines."""
    source_path = legacy_root / SUBSCRIBER
    if not source_path.is_file():
        return None
    source = source_path.read_text(encoding="utf-8")
    function = next(
        (
            node
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.AsyncFunctionDef | ast.FunctionDef)
            and node.name == FLUSH_FUNCTION
        ),
        None,
    )
    if function is None or function.end_lineno is None:
        return None
    lines = source.splitlines()[function.lineno - 1 : function.end_lineno]
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    lines = [line[indent:] for line in lines]
    notes: list[str] = []
    for marker, note in FLUSH_NOTES:
        index = next((i for i, line in enumerate(lines) if marker in line), None)
        if index is not None:
            notes.append(note)
            lines[index] += f"  # ({len(notes)})!"
    return Excerpt(path=f"{SUBSCRIBER}", code="\n".join(lines), notes=tuple(notes))
