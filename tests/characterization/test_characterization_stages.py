"""The pytest front: every stage that exists behaves as legacy's golden transcripts, except for the
changes its steps declare, on SQLite and (when PLAYBOOK_TEST_PG_URL is set) PostgreSQL."""

from collections.abc import Callable

import pytest

from migration_steps.characterization.render import render_verify
from migration_steps.characterization.report import VerifyReport
from migration_steps.characterization.stages import stages_to_verify

Verified = Callable[[str, str | None], VerifyReport]


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


def test_the_suite_covers_legacy() -> None:
    assert "legacy" in stages_to_verify()
