"""What a database holds, in forms that mean the same before and after the schema changes.

- Row counts per table, and a checksum of (session, position in the conversation, role, content)
  for every message. The position is the row's rank in its session's order (legacy `position`,
  target `seq`), so it does not depend on how a schema numbers messages.
- The exact state: every table's schema (columns, keys, indexes, constraints) and a digest of all
  its rows, to prove that a failed upgrade left the database as it was.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import MetaData, func, inspect, select
from sqlalchemy.engine import Connection

TABLES = ("sessions", "messages", "agent_contexts")
_ORDER_COLUMNS = ("seq", "position")
_BATCH = 5_000


@dataclass(frozen=True)
class Snapshot:
    row_counts: dict[str, int]
    checksum: str
    columns: dict[str, list[str]]


def take_snapshot(connection: Connection) -> Snapshot:
    metadata = MetaData()
    metadata.reflect(connection, only=list(TABLES))
    counts = {
        name: connection.execute(
            select(func.count()).select_from(metadata.tables[name])
        ).scalar_one()
        for name in TABLES
    }
    columns = {name: sorted(metadata.tables[name].c.keys()) for name in TABLES}
    return Snapshot(counts, _message_checksum(connection, metadata), columns)


def _message_checksum(connection: Connection, metadata: MetaData) -> str:
    table = metadata.tables["messages"]
    order = next(table.c[name] for name in _ORDER_COLUMNS if name in table.c)
    query = select(table.c.session_id, table.c.role, table.c.content).order_by(
        table.c.session_id, order, table.c.id
    )
    digest = hashlib.sha256()
    session, rank = None, 0
    for row in connection.execute(query).yield_per(_BATCH):
        rank = rank + 1 if row.session_id == session else 0
        session = row.session_id
        digest.update(f"{row.session_id}\x1f{rank}\x1f{row.role}\x1f{row.content}\x1e".encode())
    return digest.hexdigest()


def describe_schema(connection: Connection, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every table as reflection sees it: columns with type, nullability and default; primary
    key; foreign keys; indexes; unique constraints. JSON-ready, sorted."""
    inspector = inspect(connection)
    tables: dict[str, Any] = {}
    for name in sorted(inspector.get_table_names()):
        if name in skip:
            continue
        tables[name] = {
            "columns": [
                [
                    column["name"],
                    repr(column["type"]),
                    column["nullable"],
                    None if column.get("default") is None else str(column["default"]),
                ]
                for column in inspector.get_columns(name)
            ],
            "primary_key": inspector.get_pk_constraint(name)["constrained_columns"],
            "foreign_keys": sorted(
                [key["constrained_columns"], key["referred_table"], key["referred_columns"]]
                for key in inspector.get_foreign_keys(name)
            ),
            "indexes": sorted(
                [index["name"], index["column_names"], bool(index["unique"])]
                for index in inspector.get_indexes(name)
            ),
            "unique_constraints": sorted(
                [constraint["name"], constraint["column_names"]]
                for constraint in inspector.get_unique_constraints(name)
            ),
        }
    return tables


def exact_state(connection: Connection) -> dict[str, Any]:
    """The schema and a digest of every row of every table: equal only if nothing changed."""
    schema = describe_schema(connection)
    state: dict[str, Any] = {"schema": schema, "rows": {}}
    if connection.dialect.name == "sqlite":
        master = connection.exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        )
        state["sqlite_master"] = [list(row) for row in master]
    metadata = MetaData()
    metadata.reflect(connection)
    for name, table in sorted(metadata.tables.items()):
        digest = hashlib.sha256()
        order = table.primary_key.columns or table.columns
        rows = connection.execute(select(table).order_by(*order)).yield_per(_BATCH)
        for row in rows:
            digest.update(repr(tuple(row)).encode() + b"\x1e")
        state["rows"][name] = digest.hexdigest()
    return state


def state_digest(state: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()
