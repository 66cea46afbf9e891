"""`playbook workshop check`: run the suite on a learner's tree and decide the step reached.

Reads the tree, never writes to it: the only thing stored is a summary of the check, in the
repository's `.git/` directory, for hints and the facilitator's report.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from migration_steps.characterization.report import VerifyReport
from migration_steps.databases import database_kind
from migration_steps.workshop import state
from migration_steps.workshop.advice import next_advice
from migration_steps.workshop.decide import Decision, NotRun, decide
from migration_steps.workshop.evidence import Evidence
from migration_steps.workshop.scan import scan_tree
from migration_steps.workshop.suite import (
    DEFAULT_TIMEOUT_SECONDS,
    SourceProblem,
    SuiteDidNotFinish,
    TreeDoesNotImport,
    run_suite,
)
from migration_steps.workshop.tree import fingerprint, learner_root


@dataclass(frozen=True)
class CheckOutcome:
    root: Path
    learner: str
    db: str
    seconds: float
    checked_at: str
    fingerprint: str
    decision: Decision | None
    not_run: NotRun | None
    report: VerifyReport | None
    scenario_problems: dict[str, SourceProblem]

    @property
    def reached(self) -> int | None:
        return self.decision.reached if self.decision else None

    @property
    def failing(self) -> int | None:
        return self.decision.failing if self.decision else None

    @property
    def working_on(self) -> str | None:
        """The step to work on next: the first whose goals fail (step 1 if nothing ran)."""
        if self.decision is None:
            return "1" if self.not_run is None else None
        step = self.decision.working_on
        return step.step_id if step else None

    def record(self) -> dict[str, Any]:
        """What the workshop remembers of this check (in `.git/`, for hints and the report)."""
        return {
            "time": self.checked_at,
            "db": self.db,
            "seconds": self.seconds,
            "fingerprint": self.fingerprint,
            "step_reached": self.reached,
            "goals_met": self.decision.goals_met if self.decision else None,
            "working_on": self.working_on,
            "failing": self.failing,
            "not_run": self.not_run.kind if self.not_run else None,
        }

    def as_json(self) -> dict[str, Any]:
        decision = self.decision
        return {
            "tree": str(self.root),
            "learner": self.learner,
            "db": self.db,
            "seconds": self.seconds,
            "checked_at": self.checked_at,
            "step_reached": self.reached,
            "goals_met": decision.goals_met if decision else None,
            "working_on": self.working_on,
            "failing": self.failing,
            "not_run": self.not_run.as_json() if self.not_run else None,
            "steps": [
                {
                    "step": result.step.step_id,
                    "title": result.step.title,
                    "goal": result.step.goal,
                    "met": result.met,
                    "criteria": [
                        {
                            "key": c.criterion.key,
                            "title": c.criterion.title,
                            "met": c.met,
                            "findings": [f.as_json() for f in c.findings],
                        }
                        for c in result.criteria
                    ],
                }
                for result in (decision.steps if decision else ())
            ],
            "unexplained": [d.as_json() for d in decision.unexplained] if decision else [],
            "cost_differences": [d.as_json() for d in decision.costs] if decision else [],
            "scenario_errors": {
                name: problem.as_json() for name, problem in self.scenario_problems.items()
            },
            "notes": list(decision.notes) if decision else [],
            "next": next_advice(self),
            "summary": self.report.summary if self.report else None,
        }


def learner_name(root: Path) -> str:
    return str(state.load_workshop(root).get("name") or root.name)


def check_tree(
    directory: Path | str,
    url: str | None,
    *,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    record: bool = True,
) -> CheckOutcome:
    """Check the learner's tree at `directory` on a fresh database on `url` (None: SQLite).

    `record` stores the check's summary in the repository's `.git/` (when the tree has one).
    """
    root = learner_root(directory)
    started = time.perf_counter()
    checked_at = datetime.now(UTC).isoformat(timespec="seconds")
    prints = fingerprint(root)
    decision, not_run, report, problems = None, None, None, {}
    db = "sqlite" if url is None else database_kind(url)
    try:
        suite = run_suite(root, url, timeout=timeout)
    except TreeDoesNotImport as error:
        not_run = NotRun("import", problem=error.problem)
    except SuiteDidNotFinish as error:
        not_run = NotRun("unfinished", reason=error.reason, last_scenario=error.last_scenario)
    else:
        decision = decide(Evidence(suite.report, scan_tree(root)))
        report, problems = suite.report, suite.scenario_problems
    outcome = CheckOutcome(
        root=root,
        learner=learner_name(root),
        db=db,
        seconds=round(time.perf_counter() - started, 1),
        checked_at=checked_at,
        fingerprint=prints,
        decision=decision,
        not_run=not_run,
        report=report,
        scenario_problems=problems,
    )
    if record:
        state.record_check(root, outcome.record())
    return outcome
