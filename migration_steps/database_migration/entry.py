"""Runs inside the target stage: snapshot, upgrade in one transaction, snapshot, compare."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection

from migration_steps.database_migration.snapshot import Snapshot, take_snapshot
from migration_steps.stages.context import StageContext


class InjectedFailure(RuntimeError):
    """Raised on purpose in the middle of an upgrade, to prove a failed run changes nothing."""


async def run(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    from app.db.engine import create_database_engine  # the stage's own modules
    from app.db.schema import current_revision, upgrade_to_head

    engine = create_database_engine(payload["db"])
    fail_after = payload.get("fail_after_statements")
    try:
        async with engine.connect() as connection:
            before = await connection.run_sync(take_snapshot)
            revision_before = await connection.run_sync(current_revision)
        started = time.perf_counter()
        error = None
        try:
            async with engine.begin() as connection:
                await connection.run_sync(_upgrade, upgrade_to_head, fail_after)
        except InjectedFailure as failure:
            error = str(failure)
        elapsed = time.perf_counter() - started
        async with engine.connect() as connection:
            after = await connection.run_sync(take_snapshot)
            revision_after = await connection.run_sync(current_revision)
    finally:
        await engine.dispose()
    return {
        "revision_before": revision_before,
        "revision_after": revision_after,
        "before": _as_dict(before),
        "after": _as_dict(after),
        "seconds": round(elapsed, 3),
        "injected_failure": error,
        "verified": before.checksum == after.checksum
        and before.row_counts["messages"] == after.row_counts["messages"]
        and before.row_counts["sessions"] == after.row_counts["sessions"],
    }


def _upgrade(connection: Connection, upgrade_to_head: Any, fail_after: int | None) -> None:
    if fail_after is None:
        upgrade_to_head(connection)
        return
    executed = 0

    def count(*_args: Any) -> None:
        nonlocal executed
        executed += 1
        if executed == fail_after:
            raise InjectedFailure(f"injected failure at statement {executed} of the upgrade")

    event.listen(connection, "before_cursor_execute", count)
    try:
        upgrade_to_head(connection)
    finally:
        event.remove(connection, "before_cursor_execute", count)


def _as_dict(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "row_counts": snapshot.row_counts,
        "checksum": snapshot.checksum,
        "columns": snapshot.columns,
    }
