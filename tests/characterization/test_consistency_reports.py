"""The alternative route: step 1b's consistency check shows up in the alt-verify transcripts (a
check of that stage only), reports the divergence of the analysis's timelines, and overwrites
nothing: what alt-verify stores and writes is exactly what step 1 (no subscriber at all) does."""

from collections.abc import Callable
from typing import Any

import pytest

from migration_steps.characterization.catalogue import catalogue
from migration_steps.characterization.report import VerifyReport

Verified = Callable[[str, str | None], VerifyReport]

KEPT_AS_STEP_1 = (
    "rows:",
    "loss:",
    *(
        f"statements{per}: {verb}"
        for per in ("", " per write")
        for verb in ("DELETE", "INSERT", "UPDATE")
    ),
)


def observed(report: VerifyReport, scenario: str) -> dict[str, Any]:
    found = next(s for s in report.scenarios if s.name == scenario)
    return {check.name: check.observed for check in found.checks}


def reports_of(report: VerifyReport, scenario: str) -> list[dict[str, Any]]:
    return observed(report, scenario)["consistency: A reports"]


def test_seed_timeline_reports_the_operators_reply_missing_from_memory(
    database: str | None, verified: Verified
) -> None:
    assert reports_of(verified("alt-verify", database), "seed-timeline") == [
        {
            "session_id": "S1",
            "only_in_database": [["assistant", "Good"]],
            "only_in_memory": [],
            "memory_agent": "triage",
            "database_agent": "triage",
        }
    ]


def test_agent_revert_reports_the_supervisors_switch_missing_from_memory(
    database: str | None, verified: Verified
) -> None:
    reports = reports_of(verified("alt-verify", database), "agent-revert")
    assert [(r["memory_agent"], r["database_agent"]) for r in reports] == [
        ("billing", "billing"),
        ("billing", "tech"),
    ]
    note = ["system", "billing agent took over from triage: user mentioned 'charged'"]
    assert all(r["only_in_database"] == [note] and r["only_in_memory"] == [] for r in reports)


@pytest.mark.parametrize("scenario", [scenario.name for scenario in catalogue()])
def test_nothing_is_overwritten_by_the_check(
    scenario: str, database: str | None, verified: Verified
) -> None:
    """Every stored row, every loss and every write statement equal step 1's (which has no
    subscriber at all); the check only adds reads."""
    alt = observed(verified("alt-verify", database), scenario)
    step_1 = observed(verified("step-1", database), scenario)
    kept = [name for name in step_1 if name.startswith(KEPT_AS_STEP_1)]
    assert len(kept) >= 7
    assert {name: alt[name] for name in kept} == {name: step_1[name] for name in kept}
    if scenario in ("seed-timeline", "agent-revert", "two-instances"):
        assert alt["loss: messages lost"] == alt["loss: switches lost"] == []
        assert alt["statements: SELECT"] > step_1["statements: SELECT"]


def test_the_reports_are_a_check_of_the_alt_stage_only(
    database: str | None, verified: Verified
) -> None:
    for stage in ("legacy", "step-1", "step-2"):
        names = {c.name for s in verified(stage, database).scenarios for c in s.checks}
        assert not any(name.startswith("consistency:") for name in names), stage
    alt = verified("alt-verify", database)
    consistency = [
        (scenario.name, check)
        for scenario in alt.scenarios
        for check in scenario.checks
        if check.kind == "consistency"
    ]
    assert len(consistency) == len(alt.scenarios) + 2  # restart and two-instances have B too
    assert {check.status for _, check in consistency} == {"intended"}
    assert all(check.expected == "(absent)" for _, check in consistency)
