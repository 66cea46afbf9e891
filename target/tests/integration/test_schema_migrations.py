"""The schema comes from Alembic revisions: on a new database, one legacy made, or a current one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, column, insert, select, table
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db.engine import create_database_engine, create_schema
from app.db.schema import LEGACY_BASELINE, alembic_config, current_revision, head_revision
from app.db.tables import agent_contexts, messages, metadata, sessions
from tests.support.probe import DatabaseProbe

AT = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

# Rows as legacy stored them: positions from 0, and two rows at one position where two writers
# raced; s3 has no messages, s2 never switched agents.
LEGACY_SESSIONS = [("s1", "open"), ("s2", "closed"), ("s3", "open")]
LEGACY_MESSAGES = [
    ("s1", 0, "Hello"),
    ("s2", 0, "Other"),
    ("s1", 2, "How are you?"),
    ("s1", 1, "Hi"),
    ("s1", 2, "Good"),
]
LEGACY_CONTEXTS = [("s1", "billing"), ("s3", "tech")]


def differences_from_the_code(connection: Connection) -> list[Any]:
    return compare_metadata(MigrationContext.configure(connection), metadata)


def make_legacy_database(connection: Connection) -> None:
    """Legacy's tables (the baseline revision) holding legacy rows, with no Alembic history."""
    command.upgrade(alembic_config(connection), LEGACY_BASELINE)
    connection.exec_driver_sql("DROP TABLE alembic_version")
    legacy_sessions = table("sessions", column("id"), column("status"), column("created_at"))
    legacy_messages = table(
        "messages",
        *(column(name) for name in ("session_id", "position", "role", "content", "created_at")),
    )
    legacy_contexts = table(
        "agent_contexts", column("session_id"), column("current_agent"), column("switch_history")
    )
    connection.execute(
        insert(legacy_sessions),
        [{"id": sid, "status": status, "created_at": AT} for sid, status in LEGACY_SESSIONS],
    )
    for sid, position, content in LEGACY_MESSAGES:
        connection.execute(
            insert(legacy_messages).values(
                session_id=sid, position=position, role="user", content=content, created_at=AT
            )
        )
    connection.execute(
        insert(legacy_contexts),
        [
            {"session_id": sid, "current_agent": agent, "switch_history": "[]"}
            for sid, agent in LEGACY_CONTEXTS
        ],
    )


async def test_a_new_database_gets_the_schema_the_code_describes(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        assert await connection.run_sync(differences_from_the_code) == []
        assert await connection.run_sync(current_revision) == head_revision()


async def test_a_legacy_database_keeps_every_row_numbered_in_conversation_order(
    database_url: str, probe: DatabaseProbe
) -> None:
    engine = create_database_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(make_legacy_database)

    await create_schema(engine)

    async with engine.connect() as connection:
        assert await connection.run_sync(differences_from_the_code) == []
        numbered = await connection.execute(
            select(messages.c.session_id, messages.c.seq, messages.c.content).order_by(
                messages.c.session_id, messages.c.seq
            )
        )
        last = await connection.execute(select(sessions.c.id, sessions.c.last_seq))
        versions = await connection.execute(
            select(agent_contexts.c.session_id, agent_contexts.c.version)
        )
        assert [tuple(row) for row in numbered] == [
            ("s1", 1, "Hello"),
            ("s1", 2, "Hi"),
            ("s1", 3, "How are you?"),
            ("s1", 4, "Good"),
            ("s2", 1, "Other"),
        ]
        assert sorted(tuple(row) for row in last) == [("s1", 4), ("s2", 1), ("s3", 0)]
        assert sorted(tuple(row) for row in versions) == [("s1", 1), ("s3", 1)]
    upgraded = await probe.snapshot()

    await create_schema(engine)

    assert await probe.snapshot() == upgraded
    await engine.dispose()


async def test_the_upgrade_reverts_to_the_legacy_tables(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(
            lambda sync: command.downgrade(alembic_config(sync), LEGACY_BASELINE)
        )
        assert await connection.run_sync(current_revision) == LEGACY_BASELINE
        columns = await connection.run_sync(
            lambda sync: [c["name"] for c in sync.dialect.get_columns(sync, "messages")]
        )
    assert columns == ["id", "session_id", "role", "content", "created_at", "position"]
