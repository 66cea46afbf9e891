"""Classifies each check of a stage's transcripts against the golden ones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from migration_steps.characterization.changes import DeclaredChange, find_intended
from migration_steps.characterization.report import CheckResult, ScenarioReport, Status

ABSENT = "(absent)"
# A statement kind a stage never sends is simply not counted: absent means 0.
_COUNTED_PREFIX = "statements"


def absent_value(check: str) -> Any:
    return 0 if check.startswith(_COUNTED_PREFIX) else ABSENT


def classify_check(
    scenario: str,
    check: str,
    expected: Any,
    observed: Any,
    intended: Sequence[DeclaredChange],
    info: Mapping[str, Any] | None = None,
) -> CheckResult:
    """`info`: the scenario's information at this stage, for predicates such as `=acknowledged`."""
    if expected == observed:
        return CheckResult(check, "same", expected, observed)
    change = find_intended(intended, scenario, check, expected, observed, info)
    status: Status = "regression" if change is None else "intended"
    return CheckResult(check, status, expected, observed, None if change is None else change.why)


def classify_scenario(
    name: str,
    golden: dict[str, Any] | None,
    observed: dict[str, Any] | None,
    intended: Sequence[DeclaredChange],
    info: dict[str, Any] | None = None,
) -> ScenarioReport:
    """Checks in the golden's order, then those only the stage produced."""
    expected_checks = golden or {}
    observed_checks = observed or {}
    names = list(expected_checks) + [n for n in observed_checks if n not in expected_checks]
    checks = [
        classify_check(
            name,
            check,
            expected_checks.get(check, absent_value(check)),
            observed_checks.get(check, absent_value(check)),
            intended,
            info,
        )
        for check in names
    ]
    return ScenarioReport(name, checks, dict(info or {}))


def classify_run(
    golden: dict[str, Any], run: dict[str, Any], intended: Sequence[DeclaredChange]
) -> list[ScenarioReport]:
    """Every scenario of the golden (a missing one regresses check by check), then new ones."""
    observed = {scenario["name"]: scenario for scenario in run["scenarios"]}
    expected = golden["scenarios"]
    names = list(expected) + [name for name in observed if name not in expected]
    return [
        classify_scenario(
            name,
            expected.get(name),
            observed[name]["checks"] if name in observed else None,
            intended,
            observed[name].get("info") if name in observed else None,
        )
        for name in names
    ]
