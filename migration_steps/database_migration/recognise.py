"""Which database `migrate-db` was given: one legacy made, one Alembic already manages, or neither.

Anything else is refused before a single statement writes: an empty database, one missing the chat
tables, tables with other columns than legacy's, an Alembic revision this stage does not know.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import inspect
from sqlalchemy.engine import Connection

DatabaseOrigin = Literal["legacy", "alembic"]

ALEMBIC_TABLE = "alembic_version"
LEGACY_COLUMNS = {
    "sessions": {"id", "status", "created_at"},
    "messages": {"id", "session_id", "position", "role", "content", "created_at"},
    "agent_contexts": {"session_id", "current_agent", "switch_history"},
}


class NotAChatDatabase(Exception):
    """The database is not one the chat backend made; the message says why, on one line."""


def recognise(
    connection: Connection, revision: str | None, known_revisions: set[str]
) -> DatabaseOrigin:
    """`revision` is the database's Alembic revision (None without one)."""
    inspector = inspect(connection)
    tables = set(inspector.get_table_names())
    if ALEMBIC_TABLE in tables:
        if revision is None:
            raise NotAChatDatabase("its alembic_version table names no revision")
        if revision not in known_revisions:
            known = ", ".join(sorted(known_revisions))
            raise NotAChatDatabase(f"it is at Alembic revision {revision}, not one of {known}")
        return "alembic"
    if not tables:
        raise NotAChatDatabase("it holds no tables (neither legacy's nor the target's)")
    missing = [name for name in LEGACY_COLUMNS if name not in tables]
    if missing:
        raise NotAChatDatabase(
            f"it lacks the table(s) {', '.join(missing)}: not a database of the legacy chat backend"
        )
    for name, expected in LEGACY_COLUMNS.items():
        columns = {column["name"] for column in inspector.get_columns(name)}
        if columns != expected:
            raise NotAChatDatabase(
                f"its {name} table has columns {', '.join(sorted(columns))}, "
                f"not legacy's {', '.join(sorted(expected))}"
            )
    return "legacy"
