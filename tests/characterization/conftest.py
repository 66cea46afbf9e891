"""Fixtures of the characterization suite: the databases it runs on, the step stages built once
per session, verify results shared within the run, and altered copies of legacy that the harness
must catch."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from migration_steps import commands
from migration_steps.characterization.report import VerifyReport
from migration_steps.characterization.stages import step_stage_named
from migration_steps.characterization.step_stages import build_step_stage
from migration_steps.paths import stage_roots
from migration_steps.steps.catalogue import catalogue

Verified = Callable[[str, str | None], VerifyReport]
StageTree = Callable[[str], str]
AlterLegacy = Callable[[str, str, str], Path]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest) -> str | None:
    """None for SQLite files, else the PostgreSQL server of PLAYBOOK_TEST_PG_URL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def stage_tree(tmp_path_factory: pytest.TempPathFactory) -> StageTree:
    """What `verify` takes for a stage: the name of a committed one (legacy, target), else the
    root of a workspace holding legacy + the stage's steps, built once per session."""
    built: dict[str, str] = {}

    def tree(stage: str) -> str:
        step_stage = step_stage_named(stage)
        if step_stage is None:
            return stage
        if stage not in built:
            directory = tmp_path_factory.mktemp(stage) / "workspace"
            built[stage] = str(build_step_stage(step_stage, catalogue(), directory).root)
        return built[stage]

    return tree


@pytest.fixture(scope="session")
def verified(stage_tree: StageTree) -> Verified:
    """verify(stage, db) with the changes the stage's steps declare (a workspace's applied steps),
    run once per (stage, db) per session, one after another."""
    reports: dict[tuple[str, str | None], VerifyReport] = {}

    def run(stage: str, db: str | None) -> VerifyReport:
        if (stage, db) not in reports:
            reports[stage, db] = commands.verify(stage_tree(stage), db)
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
