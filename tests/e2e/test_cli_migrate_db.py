"""`playbook migrate-db` on a legacy database of 1,000 sessions × 50 messages, on SQLite and
PostgreSQL: every row kept, a second run changes nothing, a failure mid-way changes nothing,
and a database that is neither legacy's nor the target's is refused in one line (exit 2)."""

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.engine import make_url

from migration_steps.cli import playbook
from migration_steps.database_migration.render import render_migration
from migration_steps.databases import fresh_database
from migration_steps.stages.loader import resolve_stage, run_in_stage

SESSIONS, PER_SESSION = 1_000, 50
FILL = "migration_steps.database_migration.legacy_fixture:fill"
UPGRADE = "migration_steps.database_migration.entry:run"
# A statement of the upgrade after the backfill has rewritten rows, where the old column or
# table is already gone; the failure is injected right after it.
MID_UPGRADE = {
    "sqlite": (37, "DROP TABLE messages"),
    "postgresql": (14, "ALTER TABLE messages DROP COLUMN position"),
}


def run(*args: str) -> Result:
    return CliRunner().invoke(playbook, list(args))


def assert_one_line_error(result: Result, text: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1, result.output
    assert result.output.startswith("Error: ") and text in result.output


@dataclass(frozen=True)
class Migration:
    kind: str
    argument: str
    failed: dict[str, Any]
    upgraded: dict[str, Any]
    again: dict[str, Any]


async def migrate(kind: str, server: str | None, workdir: Path) -> Migration:
    """Fill a legacy database, fail an upgrade mid-way, upgrade it through the CLI, run again."""
    async with fresh_database(server, workdir) as url:
        filled = run_in_stage(
            resolve_stage("legacy"),
            FILL,
            {"db": url, "sessions": SESSIONS, "messages_per_session": PER_SESSION},
        )
        assert filled == {"sessions": SESSIONS, "messages": SESSIONS * PER_SESSION}
        target = resolve_stage("target")
        fail_after, _statement = MID_UPGRADE[kind]
        failed = run_in_stage(
            target, UPGRADE, {"db": url, "fail_after_statements": fail_after, "exact": True}
        )
        argument = str(make_url(url).database) if kind == "sqlite" else url
        # The CLI runs its own event loop: give it a thread of its own.
        result = await asyncio.to_thread(run, "migrate-db", "--db", argument, "--json")
        assert result.exit_code == 0, result.output
        again = run_in_stage(target, UPGRADE, {"db": url, "exact": True})
    return Migration(kind, argument, failed, json.loads(result.output), again)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def migration(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Migration:
    server = None if request.param == "sqlite" else request.getfixturevalue("pg_url")
    return asyncio.run(migrate(request.param, server, tmp_path_factory.mktemp("migrate-db")))


def test_every_row_is_kept(migration: Migration) -> None:
    report = migration.upgraded
    assert (report["origin"], report["revision_before"], report["revision_after"]) == (
        "legacy",
        None,
        "0002",
    )
    counts = {"sessions": SESSIONS, "messages": SESSIONS * PER_SESSION, "agent_contexts": 666}
    assert report["before"]["row_counts"] == report["after"]["row_counts"] == counts
    assert report["before"]["checksum"] == report["after"]["checksum"]
    assert report["verified"] is True
    assert "position" in report["before"]["columns"]["messages"]
    assert "seq" in report["after"]["columns"]["messages"]
    assert "version" in report["after"]["columns"]["agent_contexts"]


def test_a_second_run_is_a_no_op(migration: Migration) -> None:
    report = migration.again
    assert (report["origin"], report["revision_before"], report["revision_after"]) == (
        "alembic",
        "0002",
        "0002",
    )
    assert report["unchanged"] is True
    assert report["state_before"] == report["state_after"]
    assert "schema already at revision 0002: nothing to do" in render_migration(
        {**report, "database": migration.argument}
    )


def test_a_failure_mid_way_leaves_the_database_as_it_was(migration: Migration) -> None:
    report = migration.failed
    fail_after, statement = MID_UPGRADE[migration.kind]
    assert report["injected_failure"] == (
        f"injected failure after statement {fail_after} of the upgrade: {statement}"
    )
    assert report["unchanged"] is True
    assert report["state_before"] == report["state_after"]
    assert report["revision_after"] is None
    assert "alembic_version" not in report["state_after"]["schema"]
    assert report["state_after"]["schema"]["messages"]["columns"][2][0] == "position"


def test_the_upgrade_takes_seconds_not_minutes(migration: Migration) -> None:
    assert migration.upgraded["seconds"] < 30


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database\n")
    return {"empty": empty, "text": text, "missing": tmp_path / "missing.sqlite3"}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("missing", "is neither a database URL nor an existing SQLite file"),
        ("empty", "it holds no tables (neither legacy's nor the target's)"),
        ("text", "it cannot be read: file is not a database"),
    ],
)
def test_a_file_that_is_no_legacy_database_is_refused(
    files: dict[str, Path], name: str, text: str
) -> None:
    path = files[name]
    before = path.read_bytes() if path.exists() else None

    assert_one_line_error(run("migrate-db", "--db", str(path)), text)

    assert (path.read_bytes() if path.exists() else None) == before


def test_a_database_of_another_application_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "shop.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE sessions (id TEXT, cart TEXT)")
    before = path.read_bytes()

    assert_one_line_error(
        run("migrate-db", "--db", str(path)),
        "it lacks the table(s) messages, agent_contexts: not a database of the legacy chat backend",
    )
    assert path.read_bytes() == before


def test_an_unreachable_server_is_refused() -> None:
    assert_one_line_error(
        run("migrate-db", "--db", "postgresql://postgres@127.0.0.1:1/postgres"),
        "cannot reach database at postgresql+asyncpg://postgres@127.0.0.1:1/postgres",
    )


@pytest.mark.postgres
def test_an_empty_postgresql_database_is_refused(pg_url: str, tmp_path: Path) -> None:
    async def migrate_empty() -> Result:
        async with fresh_database(pg_url, tmp_path) as url:
            return await asyncio.to_thread(run, "migrate-db", "--db", url)

    assert_one_line_error(
        asyncio.run(migrate_empty()), "it holds no tables (neither legacy's nor the target's)"
    )
