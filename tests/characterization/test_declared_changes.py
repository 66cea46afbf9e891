"""The changes each step declares are the ones its stage shows: every declaration explains at least
one check at the stage the step makes (none is stale or invented), and what a later step undoes
is `same` again there, not hidden by the earlier declaration."""

from collections.abc import Callable

import pytest

from migration_steps.characterization.changes import DeclaredChange, change_applies
from migration_steps.characterization.report import VerifyReport
from migration_steps.characterization.stages import intended_changes_for, step_stages
from migration_steps.steps.catalogue import catalogue

Verified = Callable[[str, str | None], VerifyReport]

STAGES = {stage.name: stage.step_id for stage in step_stages(catalogue())}


def explaining(report: VerifyReport, changes: tuple[DeclaredChange, ...]) -> set[int]:
    """Indexes of the declared changes that match some check `report` classifies as intended
    (any that matches, not only the first, so overlapping declarations all count)."""
    used = set()
    for scenario in report.scenarios:
        for check in scenario.checks:
            if check.status != "intended":
                continue
            matching = {
                index
                for index, change in enumerate(changes)
                if change_applies(
                    change, scenario.name, check.name, check.expected, check.observed, scenario.info
                )
            }
            assert matching, (scenario.name, check.name)
            used |= matching
    return used


@pytest.mark.parametrize("stage", list(STAGES))
def test_every_change_a_step_declares_happens_at_its_stage(
    stage: str, database: str | None, verified: Verified
) -> None:
    own = catalogue().get(STAGES[stage]).metadata.intended_changes
    changes = intended_changes_for(stage)
    used = explaining(verified(stage, database), changes)
    unused = [
        (change.scenario, change.check)
        for index, change in enumerate(changes)
        if change in own and index not in used
    ]
    assert unused == []


def test_a_change_step_2_undoes_is_same_again_at_step_2(
    database: str | None, verified: Verified
) -> None:
    """Step 1 declares the restart's stale read; at step 2 it no longer happens, so the check is
    `same` (were it still false, step 1's declaration would hide it: the must-hold tests pin it)."""
    restart = next(s for s in verified("step-2", database).scenarios if s.name == "restart")
    check = next(c for c in restart.checks if c.name == "api: history same after restart")
    assert (check.status, check.observed) == ("same", True)
