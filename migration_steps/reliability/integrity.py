"""Whether a database is structurally sound after load or a crash, read without any stage's code.

Counting messages says nothing lost; this says nothing half-written: a session's counter that
ran ahead of its rows, a gap or a repeat in its numbering, a message with no session, or (on
SQLite) a damaged file. Tables are reflected, so every stage's schema can be checked; checks
that need a column a stage lacks (legacy has no `last_seq`) are skipped and named as skipped.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, Table, distinct, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from migration_steps.databases import async_url, database_kind
from migration_steps.reliability.caller_errors import describe

MAX_LISTED_PROBLEMS = 50


async def check_integrity(url: str) -> dict[str, Any]:
    """Check the database at `url`; `ok` is true when no problem was found.

    Shape: {"ok", "sessions", "messages", "checks", "skipped", "problem_count", "problems"}
    (`problems` lists at most MAX_LISTED_PROBLEMS lines).
    """
    engine = create_async_engine(async_url(url))
    problems: list[str] = []
    checks: list[str] = []
    skipped: list[str] = []
    counts = {"sessions": 0, "messages": 0}
    try:
        async with engine.connect() as connection:
            try:
                tables = await _reflect(connection)
                sessions, messages = tables.get("sessions"), tables.get("messages")
                if sessions is None or messages is None:
                    problems.append("tables sessions and messages are not both there")
                else:
                    counts = await _counts(connection, sessions, messages)
                    checks.append("orphan_messages")
                    problems += await _orphans(connection, sessions, messages)
                    if "last_seq" in sessions.c and "seq" in messages.c:
                        checks.append("sequence")
                        problems += await _sequences(connection, sessions, messages)
                    else:
                        skipped.append("sequence")
            except DBAPIError as error:
                problems.append(f"cannot read the tables: {describe(error)}")
            if database_kind(url) == "sqlite":
                checks.append("sqlite_integrity_check")
                problems += await _sqlite_integrity(connection)
    finally:
        await engine.dispose()
    return {
        "ok": not problems,
        "sessions": counts["sessions"],
        "messages": counts["messages"],
        "checks": checks,
        "skipped": skipped,
        "problem_count": len(problems),
        "problems": problems[:MAX_LISTED_PROBLEMS],
    }


async def _reflect(connection: AsyncConnection) -> dict[str, Table]:
    metadata = MetaData()
    await connection.run_sync(
        metadata.reflect, only=lambda name, _: name in ("sessions", "messages")
    )
    return dict(metadata.tables)


async def _counts(connection: AsyncConnection, sessions: Table, messages: Table) -> dict[str, int]:
    return {
        "sessions": (await connection.scalar(select(func.count()).select_from(sessions))) or 0,
        "messages": (await connection.scalar(select(func.count()).select_from(messages))) or 0,
    }


async def _orphans(connection: AsyncConnection, sessions: Table, messages: Table) -> list[str]:
    query = (
        select(messages.c.session_id, func.count().label("n"))
        .where(~messages.c.session_id.in_(select(sessions.c.id)))
        .group_by(messages.c.session_id)
        .order_by(messages.c.session_id)
    )
    return [
        f"session {row.session_id}: {row.n} messages but no session row"
        for row in await connection.execute(query)
    ]


async def _sequences(connection: AsyncConnection, sessions: Table, messages: Table) -> list[str]:
    """Every session's last_seq equals its message count and its seqs are exactly 1..n."""
    query = (
        select(
            sessions.c.id,
            sessions.c.last_seq,
            func.count(messages.c.id).label("n"),
            func.count(distinct(messages.c.seq)).label("distinct_seqs"),
            func.min(messages.c.seq).label("low"),
            func.max(messages.c.seq).label("high"),
        )
        .select_from(sessions.outerjoin(messages, messages.c.session_id == sessions.c.id))
        .group_by(sessions.c.id, sessions.c.last_seq)
        .order_by(sessions.c.id)
    )
    problems = []
    for row in await connection.execute(query):
        where = f"session {row.id}"
        if row.last_seq != row.n:
            problems.append(f"{where}: last_seq {row.last_seq} but {row.n} messages")
        if row.n and (row.distinct_seqs != row.n or row.low != 1 or row.high != row.n):
            problems.append(
                f"{where}: seqs are not 1..{row.n} "
                f"({row.distinct_seqs} distinct, from {row.low} to {row.high})"
            )
    return problems


async def _sqlite_integrity(connection: AsyncConnection) -> list[str]:
    """SQLite's own check of the file; a file too damaged to check is a problem, not a crash."""
    try:
        rows = [row[0] for row in await connection.execute(text("PRAGMA integrity_check"))]
    except DBAPIError as error:
        return [f"sqlite integrity_check: {describe(error)}"]
    return [] if rows == ["ok"] else [f"sqlite integrity_check: {line}" for line in rows]
