"""Counts the SQL statements an application sends, by verb and table, via SQLAlchemy events."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

WRITE_VERBS = ("INSERT", "UPDATE", "DELETE")
_TABLE_PATTERN = re.compile(r'^\s*(?:INSERT\s+INTO|DELETE\s+FROM|UPDATE)\s+"?(\w+)"?', re.I)
_IGNORED_VERBS = {"PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def statement_verb(statement: str) -> str:
    """The SQL verb a statement starts with (SELECT, INSERT, …), upper-case; "" for none."""
    words = statement.split(None, 1)
    return words[0].upper() if words else ""


def written_table(statement: str) -> str | None:
    """'INSERT messages', 'UPDATE sessions', … for a write statement; None for anything else."""
    match = _TABLE_PATTERN.match(statement)
    return f"{statement_verb(statement)} {match.group(1).lower()}" if match else None


class StatementCounter:
    """Listens on every Engine of the process while active; `paused()` hides our own reads."""

    def __init__(self, writer: Callable[[], str] = lambda: "") -> None:
        self.by_verb: Counter[str] = Counter()
        self.by_table: Counter[str] = Counter()
        self.rows_written: Counter[str] = Counter()
        self.writes_by_writer: Counter[str] = Counter()
        self._writer = writer
        self._active = False

    def __enter__(self) -> StatementCounter:
        event.listen(Engine, "before_cursor_execute", self._on_execute)
        self._active = True
        return self

    def __exit__(self, *_exc: object) -> None:
        self._active = False
        event.remove(Engine, "before_cursor_execute", self._on_execute)

    @contextmanager
    def paused(self) -> Iterator[None]:
        was_active, self._active = self._active, False
        try:
            yield
        finally:
            self._active = was_active

    def reset(self) -> None:
        self.by_verb.clear()
        self.by_table.clear()
        self.rows_written.clear()
        self.writes_by_writer.clear()

    def _on_execute(
        self,
        _conn: Any,
        _cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        executemany: bool,
    ) -> None:
        if not self._active:
            return
        verb = statement_verb(statement)
        if not verb or verb in _IGNORED_VERBS:
            return
        self.by_verb[verb] += 1
        key = written_table(statement)
        if key:
            self.by_table[key] += 1
            self.rows_written[key] += len(parameters) if executemany else 1
            self.writes_by_writer[self._writer()] += 1

    def snapshot(self) -> dict[str, dict[str, int]]:
        return {
            "by_verb": dict(sorted(self.by_verb.items())),
            "by_table": dict(sorted(self.by_table.items())),
            "rows_written": dict(sorted(self.rows_written.items())),
        }
