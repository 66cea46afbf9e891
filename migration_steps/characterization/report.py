"""The outcome of a verify: every check of every scenario with its status."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["same", "intended", "regression"]
STATUSES: tuple[Status, ...] = ("same", "intended", "regression")


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    expected: Any
    observed: Any
    why: str | None = None

    @property
    def kind(self) -> str:
        """The check's kind: the first word of its name (api, rows, events, statements, loss)."""
        return self.name.split(":", 1)[0].split()[0]

    def as_json(self) -> dict[str, Any]:
        result = {
            "name": self.name,
            "status": self.status,
            "expected": self.expected,
            "observed": self.observed,
        }
        if self.why is not None:
            result["why"] = self.why
        return result


@dataclass(frozen=True)
class ScenarioReport:
    name: str
    checks: list[CheckResult]
    info: dict[str, Any] = field(default_factory=dict)

    def count(self, status: Status) -> int:
        return sum(1 for check in self.checks if check.status == status)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "checks": [check.as_json() for check in self.checks],
            "info": self.info,
        }


@dataclass(frozen=True)
class VerifyReport:
    stage: str
    db: str
    scenarios: list[ScenarioReport]
    golden: str
    approved_diff: str | None = None

    @property
    def summary(self) -> dict[str, int]:
        return {
            status: sum(scenario.count(status) for scenario in self.scenarios)
            for status in STATUSES
        }

    @property
    def failed(self) -> bool:
        return self.summary["regression"] > 0

    def with_status(self, status: Status) -> list[tuple[str, CheckResult]]:
        """(scenario, check) pairs with this status, in catalogue order."""
        return [
            (scenario.name, check)
            for scenario in self.scenarios
            for check in scenario.checks
            if check.status == status
        ]

    def as_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "stage": self.stage,
            "db": self.db,
            "scenarios": [scenario.as_json() for scenario in self.scenarios],
            "summary": self.summary,
        }
        if self.approved_diff is not None:
            result["approved"] = {"golden": self.golden, "diff": self.approved_diff}
        return result
