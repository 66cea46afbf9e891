"""A check's outcome in plain words: the step reached, what still fails and why, what next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from migration_steps.characterization.render import only_in, shown
from migration_steps.workshop.advice import next_advice
from migration_steps.workshop.check import CheckOutcome
from migration_steps.workshop.crashes import beyond_crashes, find_crashes
from migration_steps.workshop.decide import LAST_STEP, Decision, Difference, StepResult
from migration_steps.workshop.evidence import Finding
from migration_steps.workshop.suite import SourceProblem

SHOWN_FINDINGS = 3
SHOWN_DIFFERENCES = 5
MET, FAILING, LATER = "✓", "✗", "·"
DATABASE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def render_check(outcome: CheckOutcome) -> str:
    db = DATABASE_NAMES.get(outcome.db, outcome.db)
    lines = [
        f"workshop check — {outcome.learner} ({outcome.root}), {db}, {outcome.seconds:g} s",
        "",
    ]
    if outcome.not_run is not None:
        lines += _not_run(outcome)
    else:
        assert outcome.decision is not None
        lines += _decision(outcome, outcome.decision)
    lines += ["", f"Next: {next_advice(outcome)}"]
    return "\n".join(lines)


def _not_run(outcome: CheckOutcome) -> list[str]:
    not_run = outcome.not_run
    assert not_run is not None
    if not_run.kind == "import" and not_run.problem is not None:
        return ["Your app does not import, so no scenario could run.", *_problem(not_run.problem)]
    where = f" (it was running {not_run.last_scenario})" if not_run.last_scenario else ""
    return [f"The scenarios did not finish{where}: {not_run.reason}"]


def _problem(problem: SourceProblem, indent: str = "  ") -> list[str]:
    lines = []
    if problem.path:
        lines.append(f"{indent}file:  {problem.path}, line {problem.line}")
    if problem.source:
        lines.append(f"{indent}code:  {problem.source}")
    lines.append(f"{indent}error: {problem.error}")
    return lines


def _headline(decision: Decision) -> str:
    if decision.reached == decision.goals_met:
        if decision.reached == 0:
            later = [r.step.step_id for r in decision.steps[1:] if r.met]
            if later:
                return (
                    f"Step reached: 0 of {LAST_STEP} (the goals of step(s) {', '.join(later)} "
                    "hold, but step 1's do not: see below)"
                )
            return f"Step reached: 0 of {LAST_STEP} (step 1 is next)"
        title = decision.steps[decision.reached - 1].step.title
        return f"Step reached: {decision.reached} of {LAST_STEP} ({title})"
    return (
        f"Step reached: 0 of {LAST_STEP}: the goals up to step {decision.goals_met} hold, but "
        f"{len(decision.unexplained)} unexplained difference(s) from legacy hold it back"
    )


def _decision(outcome: CheckOutcome, decision: Decision) -> list[str]:
    lines = [_headline(decision), ""]
    working_on = decision.working_on
    for result in decision.steps:
        current = working_on is not None and result.step.step_id == working_on.step_id
        lines += _step(result, detailed=current, later=_is_later(result, decision))
    lines += ["", *_unexplained(outcome, decision), *_costs(decision)]
    if decision.notes:
        lines += ["", "Notes:", *(f"  - {note}" for note in decision.notes)]
    return lines


def _is_later(result: StepResult, decision: Decision) -> bool:
    return int(result.step.step_id) > decision.goals_met + 1


def _step(result: StepResult, *, detailed: bool, later: bool) -> list[str]:
    mark = MET if result.met else (LATER if later else FAILING)
    suffix = "   ← you are here" if detailed else ("   (later)" if later and not result.met else "")
    lines = [f"  {mark} step {result.step.step_id} · {result.step.goal}{suffix}"]
    for criterion in result.criteria:
        mark = MET if criterion.met else (LATER if later else FAILING)
        lines.append(f"      {mark} {criterion.criterion.title}")
        if detailed and not criterion.met:
            lines += _findings(criterion.findings)
    return lines


def _findings(findings: Sequence[Finding]) -> list[str]:
    lines = []
    for finding in findings[:SHOWN_FINDINGS]:
        if finding.scenario is None:
            lines.append(f"          {finding.where}  {finding.observed}")
        else:
            lines += _compared(finding.where, finding.why, finding.expected, finding.observed)
    if len(findings) > SHOWN_FINDINGS:
        lines.append(f"          … and {len(findings) - SHOWN_FINDINGS} more (--json lists all)")
    return lines


def _compared(where: str, why: str | None, expected: Any, observed: Any) -> list[str]:
    lines = [f"          {where}"]
    if why:
        lines.append(f"            why:      {why}")
    lines.append(f"            expected: {_value(expected)}")
    lines.append(f"            observed: {_value(observed)}")
    if isinstance(expected, list) and isinstance(observed, list) and expected and observed:
        lines += [
            f"              missing:    {shown(item)}" for item in only_in(expected, observed)
        ]
        lines += [
            f"              unexpected: {shown(item)}" for item in only_in(observed, expected)
        ]
    return lines


def _value(value: Any) -> str:
    return value if isinstance(value, str) else shown(value)


def _unexplained(outcome: CheckOutcome, decision: Decision) -> list[str]:
    if not decision.unexplained:
        return ["Unexplained differences from legacy: none."]
    lines = [
        f"Unexplained differences from legacy: {len(decision.unexplained)} (behaviour no step "
        "declares; they hold every step back)"
    ]
    crashes = find_crashes(decision.unexplained, outcome.scenario_problems)
    for crash in crashes:
        lines += [f"  your code raised {crash.error}"]
        if crash.problem is not None and crash.problem.path is not None:
            lines += _problem(crash.problem, "    ")[:2]
        count = len(crash.places)
        lines.append(f"    in {count} place(s), first: {crash.places[0]}")
    others = beyond_crashes(decision.unexplained, outcome.scenario_problems)
    if crashes and others:
        return [
            *lines,
            f"  and {len(others)} other difference(s), most of them what the error(s) above "
            "left undone (--json lists all)",
        ]
    for difference in others[:SHOWN_DIFFERENCES]:
        lines += _difference(difference)
    if len(others) > SHOWN_DIFFERENCES:
        lines.append(f"  … and {len(others) - SHOWN_DIFFERENCES} more (--json lists all)")
    return lines


def _difference(difference: Difference) -> list[str]:
    check = difference.check
    return [
        line[6:]
        for line in _compared(
            f"{difference.scenario} · {check.name}", None, check.expected, check.observed
        )
    ]


def _costs(decision: Decision) -> list[str]:
    if not decision.costs:
        return []
    first = decision.costs[0]
    return [
        f"Cost differences (shown, not counted): {len(decision.costs)} statement count(s) "
        f"differ from legacy's, e.g. {first.scenario} · {first.check.name}: legacy "
        f"{shown(first.check.expected)}, yours {shown(first.check.observed)}."
    ]
