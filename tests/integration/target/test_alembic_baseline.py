"""Alembic revision 0001 of target is exactly the schema legacy's `create_all` makes: the same
tables, columns, types, nullability, defaults, keys and indexes, on SQLite and PostgreSQL. So a
database legacy made can be stamped 0001 and upgraded from there."""

import asyncio
from pathlib import Path
from typing import Any

import pytest

from migration_steps.databases import fresh_database
from migration_steps.stages.loader import resolve_stage, run_in_stage

FILL = "migration_steps.database_migration.legacy_fixture:fill"
UPGRADE_TO = "migration_steps.database_migration.schema_entry:upgrade_to"
DESCRIBE = "migration_steps.database_migration.schema_entry:describe"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest) -> str | None:
    return None if request.param == "sqlite" else request.getfixturevalue("pg_url")


async def schemas(server: str | None, workdir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    legacy, target = resolve_stage("legacy"), resolve_stage("target")
    async with (
        fresh_database(server, workdir) as made_by_legacy,
        fresh_database(server, workdir) as made_by_alembic,
    ):
        run_in_stage(legacy, FILL, {"db": made_by_legacy, "sessions": 0})
        run_in_stage(target, UPGRADE_TO, {"db": made_by_alembic, "revision": "0001"})
        return (
            run_in_stage(legacy, DESCRIBE, {"db": made_by_legacy}),
            run_in_stage(target, DESCRIBE, {"db": made_by_alembic}),
        )


def test_revision_0001_is_legacys_create_all(server: str | None, tmp_path: Path) -> None:
    by_legacy, by_alembic = asyncio.run(schemas(server, tmp_path))

    assert by_alembic == by_legacy
    assert sorted(by_legacy["schema"]) == ["agent_contexts", "messages", "sessions"]
    messages = by_legacy["schema"]["messages"]
    assert [column[0] for column in messages["columns"]] == [
        "id",
        "session_id",
        "position",
        "role",
        "content",
        "created_at",
    ]
    assert messages["indexes"] == [["ix_messages_session_id", ["session_id"], False]]
