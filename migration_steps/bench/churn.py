"""Table churn: grow one conversation through chat turns, count the rows it took to keep it.

Runs on a database of its own, so PostgreSQL's per-table statistics (dead tuples, size) are
this conversation's alone. The clock follows the wall clock, so a debounced stage flushes as
often as it would in production at the pace the machine manages.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from migration_steps.bench.bound import bench_engine
from migration_steps.bench.clocks import WallFollower
from migration_steps.bench.instance import SMALL_TALK, BenchInstance
from migration_steps.bench.sql import WriteCounter
from migration_steps.databases import database_kind
from migration_steps.stages.context import StageContext

Progress = Callable[[str], None]
STATS_WAIT_SECONDS = 5.0

_PG_TABLE_STATS = text(
    "SELECT n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup, "
    "pg_total_relation_size(relid) AS total_bytes, pg_relation_size(relid) AS heap_bytes "
    "FROM pg_stat_user_tables WHERE relname = 'messages'"
)


async def churn(
    ctx: StageContext, url: str, counter: WriteCounter, messages: int, progress: Progress
) -> dict[str, Any]:
    progress(f"table churn: one conversation grown to {messages} messages")
    counter.reset()
    with counter:
        async with BenchInstance(ctx, url) as instance:
            with counter.paused():
                session_id = await instance.app.create_session()
            follower = WallFollower(instance.clock)
            for _ in range(messages):
                await instance.app.post_user_turn(session_id, SMALL_TALK)
                await follower.catch_up()
            await instance.close_windows()
    # Shutdown writes (a final flush) are part of the cost, hence counted until here.
    rows = {key: n for key, n in counter.rows_by_table.items() if key.endswith(" messages")}
    inserted = rows.get("INSERT messages", 0)
    deleted = rows.get("DELETE messages", 0)
    stored = await _database_facts(url, session_id, inserted)
    result: dict[str, Any] = {
        "messages_sent": messages,
        "live_rows": stored["live_rows"],
        "rows_inserted": inserted,
        "rows_deleted": deleted,
        "rows_updated": rows.get("UPDATE messages", 0),
        "rows_written_per_live_row": round((inserted + deleted) / max(stored["live_rows"], 1), 2),
    }
    result.update({key: value for key, value in stored.items() if key != "live_rows"})
    return result


async def _database_facts(url: str, session_id: str, inserted: int) -> dict[str, Any]:
    engine = bench_engine(url)
    try:
        async with engine.connect() as connection:
            live = (
                await connection.execute(
                    text("SELECT count(*) FROM messages WHERE session_id = :sid"),
                    {"sid": session_id},
                )
            ).scalar_one()
            facts: dict[str, Any] = {"live_rows": live}
            if database_kind(url) == "postgresql":
                facts["postgresql"] = await _pg_stats(connection, inserted)
            else:
                pages = (await connection.execute(text("PRAGMA page_count"))).scalar_one()
                size = (await connection.execute(text("PRAGMA page_size"))).scalar_one()
                facts["sqlite"] = {"database_bytes": pages * size}
        return facts
    finally:
        await engine.dispose()


async def _pg_stats(connection: Any, inserted: int) -> dict[str, Any]:
    """The table's statistics once the app's backends have reported them (on exit, at the
    latest), i.e. once they show the inserts we counted; after a few seconds, as they are."""
    deadline = asyncio.get_running_loop().time() + STATS_WAIT_SECONDS
    while True:
        await connection.execute(text("SELECT pg_stat_clear_snapshot()"))
        row = (await connection.execute(_PG_TABLE_STATS)).mappings().first()
        done = row is not None and row["n_tup_ins"] >= inserted
        if done or asyncio.get_running_loop().time() > deadline:
            return dict(row) if row is not None else {}
        await asyncio.sleep(0.1)
