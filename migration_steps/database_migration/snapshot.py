"""Row counts and a content checksum that mean the same before and after the schema changes.

The checksum covers (session, position in the conversation, role, content) for every message;
the position is the row's rank in its session's order (legacy `position`, target `seq`), so it
does not depend on how a schema numbers messages.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import MetaData, func, select
from sqlalchemy.engine import Connection

TABLES = ("sessions", "messages", "agent_contexts")
_ORDER_COLUMNS = ("seq", "position")


@dataclass(frozen=True)
class Snapshot:
    row_counts: dict[str, int]
    checksum: str
    columns: dict[str, list[str]]


def take_snapshot(connection: Connection) -> Snapshot:
    metadata = MetaData()
    metadata.reflect(connection, only=[name for name in TABLES])
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
    for row in connection.execute(query).yield_per(5_000):
        rank = rank + 1 if row.session_id == session else 0
        session = row.session_id
        digest.update(f"{row.session_id}\x1f{rank}\x1f{row.role}\x1f{row.content}\x1e".encode())
    return digest.hexdigest()
