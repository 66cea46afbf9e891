"""Counts the SQL statements every engine sends, by verb and table."""

from __future__ import annotations

import re
from collections import Counter
from types import TracebackType
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

_WRITE = re.compile(r"^\s*(INSERT\s+INTO|DELETE\s+FROM|UPDATE)\s+\"?(\w+)", re.IGNORECASE)


def classify(statement: str) -> tuple[str, str]:
    """("DELETE", "messages") for a write; ("SELECT", "") and the like for the rest."""
    match = _WRITE.match(statement)
    if match:
        return match.group(1).split()[0].upper(), match.group(2).lower()
    return statement.split(None, 1)[0].upper(), ""


class StatementCounter:
    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()

    def __enter__(self) -> StatementCounter:
        event.listen(Engine, "before_cursor_execute", self._on_execute)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        event.remove(Engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, _connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        self.counts[classify(statement)] += 1

    def on(self, table: str) -> dict[str, int]:
        """Statements that wrote `table`, by verb."""
        return {verb: n for (verb, name), n in sorted(self.counts.items()) if name == table}
