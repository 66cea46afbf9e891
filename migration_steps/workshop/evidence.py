"""What a check of a learner's tree has to go on: the verify report and the static scan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from migration_steps.characterization.compare import ABSENT
from migration_steps.characterization.entry import SCENARIO_ERROR_CHECK
from migration_steps.characterization.report import CheckResult, ScenarioReport, VerifyReport
from migration_steps.workshop.scan import ScanResult

MISSING = object()


@dataclass(frozen=True)
class Finding:
    """One reason a goal is not met: where it shows, what was expected, what was observed."""

    where: str
    expected: Any
    observed: Any
    why: str
    scenario: str | None = None
    check: str | None = None
    advice: str | None = None  # what to try, when it differs from the criterion's advice

    def as_json(self) -> dict[str, Any]:
        result = {
            "where": self.where,
            "expected": self.expected,
            "observed": self.observed,
            "why": self.why,
        }
        if self.scenario is not None:
            result.update(scenario=self.scenario, check=self.check)
        return result


@dataclass(frozen=True)
class Evidence:
    report: VerifyReport
    scan: ScanResult

    def scenario(self, name: str) -> ScenarioReport | None:
        return next((s for s in self.report.scenarios if s.name == name), None)

    def check(self, scenario: str, name: str) -> CheckResult | None:
        found = self.scenario(scenario)
        return next((c for c in found.checks if c.name == name), None) if found else None

    def observed(self, scenario: str, name: str) -> Any:
        """The value the learner's tree produced for a check, or MISSING."""
        check = self.check(scenario, name)
        if check is None or check.observed == ABSENT:
            return MISSING
        return check.observed

    def info(self, scenario: str) -> dict[str, Any]:
        found = self.scenario(scenario)
        return dict(found.info) if found else {}

    def scenario_error(self, scenario: str) -> str | None:
        error = self.observed(scenario, SCENARIO_ERROR_CHECK)
        return None if error is MISSING else str(error)

    def not_observed(self, scenario: str, name: str, expected: Any) -> Finding:
        """A finding for a check the scenario never reached (it failed first)."""
        error = self.scenario_error(scenario)
        cause = f"the scenario failed first: {error}" if error else "the check was not recorded"
        return Finding(
            f"{scenario} · {name}",
            expected,
            "(not observed)",
            cause,
            scenario=scenario,
            check=name,
        )
