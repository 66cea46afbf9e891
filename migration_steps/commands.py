"""The playbook's verbs as plain functions: tests call them directly, the CLI only wraps them."""

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migration_steps.databases import async_url, check_reachable, default_url_from_env
from migration_steps.paths import stage_roots
from migration_steps.stages.loader import resolve_stage, run_in_stage


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
