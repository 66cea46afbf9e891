"""The pytest front: every stage (legacy, each step's stage, target once it exists, the alternative
route) behaves as legacy's golden transcripts, except for the changes its steps declare, on SQLite
and (when PLAYBOOK_TEST_PG_URL is set) PostgreSQL."""

from collections.abc import Callable

import pytest

from migration_steps.characterization.render import render_verify
from migration_steps.characterization.report import VerifyReport
from migration_steps.characterization.stages import (
    applied_changes,
    intended_changes_for,
    stages_to_verify,
)
from migration_steps.steps.catalogue import catalogue

Verified = Callable[[str, str | None], VerifyReport]
StageTree = Callable[[str], str]


@pytest.mark.parametrize("stage", stages_to_verify())
def test_stage_shows_no_regression(stage: str, database: str | None, verified: Verified) -> None:
    report = verified(stage, database)
    assert not report.failed, render_verify(report)


def test_legacy_is_the_same_as_its_golden_in_every_check(
    database: str | None, verified: Verified
) -> None:
    report = verified("legacy", database)
    assert report.summary["same"] == sum(report.summary.values()) > 200
    assert len(report.scenarios) == 10


def test_the_suite_covers_legacy_and_every_step_of_every_route() -> None:
    stages = stages_to_verify()
    main = [step.step_id for step in catalogue().route("main")]
    assert stages[: len(main) + 1] == ["legacy", *(f"step-{step_id}" for step_id in main)]
    assert {"step-1", "step-2", "alt-verify"} <= set(stages)


@pytest.mark.parametrize("stage", [s for s in stages_to_verify() if s not in ("legacy", "target")])
def test_a_step_stage_is_verified_with_what_its_workspace_applied(
    stage: str, stage_tree: StageTree
) -> None:
    """The suite verifies the built workspace, which must carry exactly the stage's changes."""
    declared = intended_changes_for(stage)
    assert declared
    assert applied_changes(stage_tree(stage)) == declared
