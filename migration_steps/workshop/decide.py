"""Which step a learner's tree has reached, decided from the evidence alone.

Step N is reached when the goals of steps 1..N all hold and the tree shows no unexplained
difference: every check is as legacy's, or changed the way some step declares. Differences in
statement counts are costs, not behaviour: a correct refactoring may read more or less than ours,
so they are shown but never hold a learner back (the goals already require what matters: one
save per message, constant cost at step 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from migration_steps.characterization.report import CheckResult
from migration_steps.workshop.criteria import WORKSHOP_STEPS, Criterion, WorkshopStep
from migration_steps.workshop.evidence import Evidence, Finding
from migration_steps.workshop.scan import SUBSCRIBER_FILE
from migration_steps.workshop.suite import SourceProblem

COST_KIND = "statements"
LAST_STEP = len(WORKSHOP_STEPS)


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    findings: tuple[Finding, ...]

    @property
    def met(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class StepResult:
    step: WorkshopStep
    criteria: tuple[CriterionResult, ...]

    @property
    def met(self) -> bool:
        return all(result.met for result in self.criteria)

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.criteria for finding in result.findings]


@dataclass(frozen=True)
class Difference:
    scenario: str
    check: CheckResult

    def as_json(self) -> dict[str, Any]:
        return {"scenario": self.scenario, **self.check.as_json()}


@dataclass(frozen=True)
class Decision:
    steps: tuple[StepResult, ...]
    goals_met: int
    unexplained: tuple[Difference, ...]
    costs: tuple[Difference, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def reached(self) -> int:
        return 0 if self.unexplained else self.goals_met

    @property
    def working_on(self) -> WorkshopStep | None:
        """The first step whose goals do not hold yet; None once every step holds."""
        return WORKSHOP_STEPS[self.goals_met] if self.goals_met < LAST_STEP else None

    @property
    def next_step_result(self) -> StepResult | None:
        return self.steps[self.goals_met] if self.goals_met < LAST_STEP else None

    @property
    def failing(self) -> int:
        """How many checks still fail: those of the step worked on, and the unexplained ones."""
        pending = self.next_step_result
        return len(self.unexplained) + (len(pending.findings) if pending else 0)


def evaluate_step(step: WorkshopStep, evidence: Evidence) -> StepResult:
    return StepResult(
        step,
        tuple(
            CriterionResult(criterion, tuple(criterion.findings(evidence)))
            for criterion in step.criteria
        ),
    )


def _notes(evidence: Evidence, goals_met: int) -> list[str]:
    notes = []
    scan = evidence.scan
    if goals_met >= 1 and scan.subscriber_file_present:
        notes.append(
            f"{SUBSCRIBER_FILE} is still there, though nothing runs it any more: delete it "
            "(and tests/integration/test_persistence_subscriber.py)."
        )
    if goals_met >= 1 and scan.test_uses:
        files = sorted({use.path for use in scan.test_uses})
        notes.append(
            "your tests still use the session manager ("
            + ", ".join(files[:3])
            + (f" and {len(files) - 3} more" if len(files) > 3 else "")
            + "): update them as you remove it, and run them: python -m pytest -q"
        )
    for use in scan.unreadable:
        notes.append(f"{use.path}:{use.line} {use.what}")
    if any(
        check.name.startswith("consistency:")
        for scenario in evidence.report.scenarios
        for check in scenario.checks
    ):
        notes.append(
            "your tree reports consistency checks: that is the alternative route (step 1b, "
            "DataConsistencySubscriber), which keeps the manager; the workshop follows the "
            "main route."
        )
    return notes


def decide(evidence: Evidence) -> Decision:
    steps = tuple(evaluate_step(step, evidence) for step in WORKSHOP_STEPS)
    goals_met = 0
    for result in steps:
        if not result.met:
            break
        goals_met += 1
    regressions = [
        Difference(scenario, check) for scenario, check in evidence.report.with_status("regression")
    ]
    return Decision(
        steps=steps,
        goals_met=goals_met,
        unexplained=tuple(d for d in regressions if d.check.kind != COST_KIND),
        costs=tuple(d for d in regressions if d.check.kind == COST_KIND),
        notes=tuple(_notes(evidence, goals_met)),
    )


@dataclass(frozen=True)
class NotRun:
    """Why the scenarios could not run on the tree: it does not import, or it never finished."""

    kind: str  # "import" or "unfinished"
    problem: SourceProblem | None = None
    reason: str | None = None
    last_scenario: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "problem": self.problem.as_json() if self.problem else None,
            "reason": self.reason,
            "last_scenario": self.last_scenario,
        }
