"""Runs inside the target stage: recognise the database, snapshot it, upgrade it in one
transaction, snapshot it again, compare.

The payload: `db` (an async URL); for tests, `fail_after_statements` (raise after that many
statements of the upgrade, to prove a failed run changes nothing) and `exact` (also return the
exact state before and after: schema and a digest of every row).
"""

from __future__ import annotations

import time
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError
from sqlalchemy.ext.asyncio import create_async_engine

from migration_steps.database_migration.recognise import NotAChatDatabase, recognise
from migration_steps.database_migration.snapshot import (
    Snapshot,
    exact_state,
    state_digest,
    take_snapshot,
)
from migration_steps.stages.context import StageContext


class InjectedFailure(RuntimeError):
    """Raised on purpose in the middle of an upgrade, to prove a failed run changes nothing."""


async def run(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    from app.db.engine import create_database_engine  # the stage's own modules
    from app.db.schema import alembic_config, current_revision, upgrade_to_head

    known = {
        script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    }
    # Recognising and snapshotting read through a plain engine, which never writes (the app's
    # own engine switches SQLite to WAL on connect): a refused database is left untouched.
    reader = create_async_engine(payload["db"])
    engine = create_database_engine(payload["db"])
    fail_after = payload.get("fail_after_statements")
    exact = bool(payload.get("exact"))
    upgrade = _Upgrade(upgrade_to_head, fail_after)
    try:
        try:
            async with reader.connect() as connection:
                revision_before = await connection.run_sync(current_revision)
                origin = await connection.run_sync(recognise, revision_before, known)
                before = await connection.run_sync(take_snapshot)
                state_before = await connection.run_sync(exact_state) if exact else None
        except NotAChatDatabase as refusal:
            return {"refused": str(refusal)}
        except DatabaseError as error:
            return {"refused": f"it cannot be read: {' '.join(str(error.orig).split())}"}
        started = time.perf_counter()
        try:
            async with engine.begin() as connection:
                await connection.run_sync(upgrade)
        except InjectedFailure as failure:
            upgrade.error = str(failure)
        elapsed = time.perf_counter() - started
        async with reader.connect() as connection:
            after = await connection.run_sync(take_snapshot)
            revision_after = await connection.run_sync(current_revision)
            state_after = await connection.run_sync(exact_state) if exact else None
    finally:
        await engine.dispose()
        await reader.dispose()
    report = {
        "origin": origin,
        "revision_before": revision_before,
        "revision_after": revision_after,
        "before": _as_dict(before),
        "after": _as_dict(after),
        "seconds": round(elapsed, 3),
        "statements": upgrade.executed,
        "injected_failure": upgrade.error,
        "verified": before.row_counts == after.row_counts and before.checksum == after.checksum,
    }
    if exact:
        report["state_before"] = state_before
        report["state_after"] = state_after
        report["unchanged"] = state_digest(state_before) == state_digest(state_after)  # type: ignore[arg-type]
    return report


class _Upgrade:
    """Runs the upgrade on one connection, counting its statements; raises InjectedFailure
    right after statement number `fail_after` has run."""

    def __init__(self, upgrade_to_head: Any, fail_after: int | None) -> None:
        self.upgrade_to_head = upgrade_to_head
        self.fail_after = fail_after
        self.executed = 0
        self.error: str | None = None

    def __call__(self, connection: Connection) -> None:
        event.listen(connection, "after_cursor_execute", self._count)
        try:
            self.upgrade_to_head(connection)
        finally:
            event.remove(connection, "after_cursor_execute", self._count)

    def _count(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        self.executed += 1
        if self.executed == self.fail_after:
            first_line = " ".join(statement.split())[:80]
            raise InjectedFailure(
                f"injected failure after statement {self.executed} of the upgrade: {first_line}"
            )


def _as_dict(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "row_counts": snapshot.row_counts,
        "checksum": snapshot.checksum,
        "columns": snapshot.columns,
    }
