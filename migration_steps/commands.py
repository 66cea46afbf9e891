"""The playbook's verbs as plain functions: tests call them directly, the CLI only wraps them."""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from migration_steps.characterization.catalogue import DEFAULT_WRITERS
from migration_steps.characterization.changes import IntendedChange
from migration_steps.characterization.report import VerifyReport
from migration_steps.characterization.verify import verify_stage
from migration_steps.databases import (
    async_url,
    check_reachable,
    database_kind,
    default_url_from_env,
    redact,
)
from migration_steps.errors import BadInputError, ChecksFailed
from migration_steps.paths import stage_roots
from migration_steps.stages.loader import resolve_stage, run_in_stage
from migration_steps.steps.catalogue import Catalogue, catalogue
from migration_steps.workspace import operations as workspace_operations
from migration_steps.workspace.init import init_workspace as create_workspace
from migration_steps.workspace.operations import ApplyReport, RevertReport, WorkspaceStatus
from migration_steps.workspace.workspace import open_workspace


@dataclass(frozen=True)
class StageListing:
    name: str
    root: Path
    present: bool


def list_stages() -> list[StageListing]:
    """Every known stage, its root, and whether that root holds `app/main.py` yet."""
    return [
        StageListing(name=name, root=root, present=(root / "app" / "main.py").is_file())
        for name, root in stage_roots().items()
    ]


def resolve_database(db: str | None) -> str | None:
    """The database to run against: `db`, else PLAYBOOK_DATABASE_URL, else None (SQLite files).

    Raises BadInputError with a one-line reason when it cannot be reached.
    """
    url = db or default_url_from_env()
    if url is None:
        return None
    url = async_url(url)
    asyncio.run(check_reachable(url))
    return url


def race(stage: str, db: str | None = None) -> dict[str, Any]:
    """Run the three lost-update scenarios of `stage`, each against a fresh database.

    Returns the JSON-ready result: stage, db, scenarios (expected / stored / lost and a timeline
    each) and the SQL statements per message of a plain conversation.
    """
    stage_ref = resolve_stage(stage)
    url = resolve_database(db)
    return run_in_stage(
        stage_ref, "migration_steps.race.entry:run", {"db": url, "stage": stage_ref.name}
    )


def database_url_from_argument(db: str) -> str:
    """A database URL, or the path of an existing SQLite file."""
    if "://" not in db:
        path = Path(db).expanduser()
        if not path.is_file():
            raise BadInputError(f"'{db}' is neither a database URL nor an existing SQLite file")
        return f"sqlite+aiosqlite:///{path.resolve()}"
    return db


def migrate_db(db: str, stage: str = "target") -> dict[str, Any]:
    """Upgrade the database at `db` in place to `stage`'s schema (Alembic), in one transaction.

    A legacy database (tables, no Alembic history) is stamped with the legacy baseline and
    upgraded; a current one is left alone. Returns row counts per table and a checksum of
    (session, position, role, content) before and after; raises ChecksFailed if they differ.
    """
    url = resolve_database(database_url_from_argument(db))
    assert url is not None
    stage_ref = resolve_stage(stage)
    if not (stage_ref.root / "app" / "db" / "schema.py").is_file():
        raise BadInputError(
            f"stage '{stage_ref.name}' has no Alembic migrations (app/db/schema.py)"
        )
    if database_kind(url) == "sqlite" and not Path(make_url(url).database or "").is_file():
        raise BadInputError(f"no SQLite database at {redact(url)}")
    report = run_in_stage(stage_ref, "migration_steps.database_migration.entry:run", {"db": url})
    report["database"] = redact(url)
    if not report["verified"]:
        raise ChecksFailed(f"the upgrade of {redact(url)} changed stored messages; see the report")
    return report


def verify(
    target: str,
    db: str | None = None,
    *,
    intended: Sequence[IntendedChange] = (),
    approve: bool = False,
    writers: int = DEFAULT_WRITERS,
    progress: bool = False,
) -> VerifyReport:
    """Run the characterization catalogue against `target` and classify every check.

    `target` is a stage name (`legacy`, `target`) or a tree holding `app/`; it runs in its own
    process on one fresh database (`db`: a PostgreSQL server, else SQLite). Each check is `same`
    as the golden transcript, `intended` (explained by one of `intended`, the changes declared
    by the steps applied) or a `regression`. `approve` re-records the golden transcripts from
    legacy on SQLite first; the report then carries the diff. `progress` names each scenario
    on stderr as it runs. Raises BadInputError for a missing stage, a tree without `app/` or an
    unreachable database; the caller decides what a regression means (`report.failed`).
    """
    stage_ref = resolve_stage(target)
    url = resolve_database(db)
    return verify_stage(
        stage_ref,
        url,
        intended=intended,
        approve=approve,
        writers=writers,
        progress=progress,
    )


def list_steps() -> Catalogue:
    """Every step, by route (`.route_names()`, `.route(name)`), as the step modules declare them."""
    return catalogue()


def init_workspace(directory: Path) -> WorkspaceStatus:
    """Copy the legacy tree (app/, tests/, pytest config) into a new git repository at `directory`.

    Raises BadInputError when `directory` exists and is not empty.
    """
    root = create_workspace(Path(directory), stage_roots()["legacy"])
    return workspace_status(root)


def workspace_status(directory: Path) -> WorkspaceStatus:
    """Which step the workspace is at, its route, the steps still pending, uncommitted edits."""
    return workspace_operations.workspace_status(open_workspace(Path(directory)), catalogue())


def require_route_complete(status: WorkspaceStatus) -> None:
    """`status --check`: ChecksFailed (exit 1) while steps of the workspace's route are pending."""
    if status.pending:
        raise ChecksFailed(
            f"{len(status.pending)} step(s) of route {status.route} pending: "
            f"{', '.join(status.pending)}"
        )


def apply_steps(
    directory: Path, *, to: str | None = None, route: str | None = None, dry_run: bool = False
) -> ApplyReport:
    """Apply the steps up to `to` (or the head of `route`, or of the current route), one commit
    each; `dry_run` plans them and returns the diff without changing anything.

    Refuses (BadInputError) a workspace with uncommitted edits, a step on another route than the
    applied ones, and a step that finds the tree not as it expects; nothing is written then.
    """
    return workspace_operations.apply_steps(
        open_workspace(Path(directory)), catalogue(), to=to, route=route, dry_run=dry_run
    )


def revert_steps(directory: Path, *, to: str | None = None) -> RevertReport:
    """Undo applied steps down to `to` ("0"/"base": all; None: the last one), one revert commit
    per step, so history keeps both. Refuses a workspace with uncommitted edits."""
    return workspace_operations.revert_steps(open_workspace(Path(directory)), catalogue(), to=to)
