"""Fixtures of the characterization suite: the databases it runs on, verify results shared
within the run, and altered copies of legacy that the harness must catch."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from migration_steps import commands
from migration_steps.characterization.report import VerifyReport
from migration_steps.characterization.stages import intended_changes_for
from migration_steps.paths import stage_roots

Verified = Callable[[str, str | None], VerifyReport]
AlterLegacy = Callable[[str, str, str], Path]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest) -> str | None:
    """None for SQLite files, else the PostgreSQL server of PLAYBOOK_TEST_PG_URL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def verified() -> Verified:
    """verify(stage, db) with the stage's declared changes, run once per (stage, db) per session."""
    reports: dict[tuple[str, str | None], VerifyReport] = {}

    def run(stage: str, db: str | None) -> VerifyReport:
        if (stage, db) not in reports:
            reports[stage, db] = commands.verify(stage, db, intended=intended_changes_for(stage))
        return reports[stage, db]

    return run


@pytest.fixture
def alter_legacy(tmp_path: Path) -> AlterLegacy:
    """A copy of legacy's app/ in tmp_path with `old` replaced by `new` in one file; its root."""
    root = tmp_path / "altered"

    def alter(relative: str, old: str, new: str) -> Path:
        if not root.exists():
            shutil.copytree(
                stage_roots()["legacy"] / "app",
                root / "app",
                ignore=shutil.ignore_patterns("__pycache__"),
            )
        path = root / "app" / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"app/{relative} no longer holds {old!r}: update this alteration"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return root

    return alter
