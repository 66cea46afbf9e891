"""Counts statements by verb (the scenarios' StatementCounter) and the rows each write touched."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from migration_steps.scenarios.sql_counter import WRITE_VERBS, StatementCounter, statement_verb

_WRITE_TABLE = re.compile(r'^\s*(?:INSERT\s+INTO|DELETE\s+FROM|UPDATE)\s+"?(\w+)"?', re.I)


class WriteCounter(StatementCounter):
    """Adds `rows_by_verb`: rows inserted, updated or deleted, from the cursor's row count.

    The row count is the database's own (a DELETE of the whole conversation counts every row);
    where a driver does not report it for an executemany (asyncpg), the parameter sets are.
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows_by_verb: Counter[str] = Counter()
        self.rows_by_table: Counter[str] = Counter()

    def __enter__(self) -> WriteCounter:
        super().__enter__()
        event.listen(Engine, "after_cursor_execute", self._after_execute)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(Engine, "after_cursor_execute", self._after_execute)
        super().__exit__()

    def reset(self) -> None:
        super().reset()
        self.rows_by_verb.clear()
        self.rows_by_table.clear()

    def _after_execute(
        self,
        _conn: Any,
        cursor: Any,
        statement: str,
        parameters: Any,
        _context: Any,
        executemany: bool,
    ) -> None:
        if not self._active:
            return
        verb = statement_verb(statement)
        if verb not in WRITE_VERBS:
            return
        rowcount = getattr(cursor, "rowcount", -1)
        if rowcount is None or rowcount < 0:
            rowcount = len(parameters) if executemany else 1
        self.rows_by_verb[verb] += rowcount
        match = _WRITE_TABLE.match(statement)
        if match:
            self.rows_by_table[f"{verb} {match.group(1).lower()}"] += rowcount

    def totals(self) -> dict[str, Any]:
        """Statements by verb (reads included) and rows written by verb, as plain dicts."""
        return {
            "statements": dict(sorted(self.by_verb.items())),
            "rows": dict(sorted(self.rows_by_verb.items())),
            "statements_by_table": dict(sorted(self.by_table.items())),
            "rows_by_table": dict(sorted(self.rows_by_table.items())),
        }


def per_unit(totals: dict[str, Any], units: int) -> dict[str, Any]:
    """Totals divided by the number of calls (or messages) that caused them."""
    statements = _divided(totals["statements"], units)
    rows = _divided(totals["rows"], units)
    writes = sum(n for verb, n in totals["statements"].items() if verb in WRITE_VERBS)
    return {
        "statements": statements,
        "rows_written": rows,
        "statements_by_table": _divided(totals["statements_by_table"], units),
        "rows_written_by_table": _divided(totals["rows_by_table"], units),
        "statements_total": round(sum(totals["statements"].values()) / units, 3),
        "write_statements": round(writes / units, 3),
        "rows_written_total": round(sum(totals["rows"].values()) / units, 3),
    }


def _divided(counts: dict[str, int], units: int) -> dict[str, float]:
    return {key: round(n / units, 3) for key, n in counts.items()}
