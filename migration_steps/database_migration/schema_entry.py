"""Entries that make and describe schemas, to compare Alembic's revisions with legacy's tables."""

from __future__ import annotations

from typing import Any

from migration_steps.database_migration.recognise import ALEMBIC_TABLE
from migration_steps.database_migration.snapshot import describe_schema
from migration_steps.stages.context import StageContext


async def upgrade_to(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    """In a stage with Alembic: bring the empty database `db` to `revision`, nothing more."""
    from alembic import command

    from app.db.engine import create_database_engine  # the stage's own modules
    from app.db.schema import alembic_config

    engine = create_database_engine(payload["db"])
    try:
        async with engine.begin() as connection:
            await connection.run_sync(
                lambda sync: command.upgrade(alembic_config(sync), payload["revision"])
            )
    finally:
        await engine.dispose()
    return {"revision": payload["revision"]}


async def describe(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    """The schema of `db` as reflection sees it, without Alembic's own table."""
    from app.db.engine import create_database_engine

    engine = create_database_engine(payload["db"])
    try:
        async with engine.connect() as connection:
            schema = await connection.run_sync(describe_schema, skip=(ALEMBIC_TABLE,))
    finally:
        await engine.dispose()
    return {"dialect": engine.dialect.name, "schema": schema}
