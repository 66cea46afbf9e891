"""What a learner should try next, in one paragraph, from the outcome of a check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from migration_steps.workshop.crashes import find_crashes

if TYPE_CHECKING:
    from migration_steps.workshop.check import CheckOutcome

HINT_COMMAND = "playbook workshop hint {root}"


def _import_advice(outcome: CheckOutcome) -> str:
    assert outcome.not_run is not None and outcome.not_run.problem is not None
    problem = outcome.not_run.problem
    where = f"{problem.path}, line {problem.line}" if problem.path else "the file named above"
    if "ModuleNotFoundError" in problem.error or "ImportError" in problem.error:
        return (
            f"Fix {where} first: it imports something that is not there any more. If you "
            "deleted that module on purpose, remove the import and every use of its names "
            "(search for them: git grep NAME)."
        )
    return f"Fix {where} first: Python cannot load your app until it does."


def next_advice(outcome: CheckOutcome) -> str:
    hint = HINT_COMMAND.format(root=outcome.root)
    if outcome.not_run is not None:
        if outcome.not_run.kind == "import":
            return _import_advice(outcome)
        scenario = outcome.not_run.last_scenario
        where = f" It was running scenario {scenario}." if scenario else ""
        return (
            f"Your app started but the scenarios never finished.{where} Look for a wait that "
            "never ends: a lock or transaction held while awaiting another, or a loop that "
            "retries for ever. Then check again."
        )
    decision = outcome.decision
    assert decision is not None
    crashes = find_crashes(decision.unexplained, outcome.scenario_problems)
    if crashes:
        crash = crashes[0]
        where = f" at {crash.where}" if crash.where else f" in {crash.places[0]}"
        return (
            f"Your code raises {crash.error}{where}. Fix that first: a half-finished edit "
            "usually leaves a name behind that no longer exists. Then check again."
        )
    pending = decision.next_step_result
    if decision.unexplained and (decision.goals_met > 0 or pending is None):
        first = decision.unexplained[0]
        return (
            f"Your tree behaves differently from legacy where no step says it should; start "
            f"with {first.scenario} · {first.check.name}. `git diff` shows what you changed; "
            f"undo what the step does not need, then check again."
        )
    if pending is None:
        return (
            "You reached the last step. Compare your route with the playbook's (playbook init "
            "/tmp/ours && playbook apply /tmp/ours, then git -C /tmp/ours log -p), and take the "
            "discussion questions of the exercise."
        )
    failing = next(result for result in pending.criteria if not result.met)
    specific = next((f.advice for f in failing.findings if f.advice), None)
    also = (
        " The unexplained differences above may well go with it; if they stay, undo what the "
        "step does not need (`git diff`)."
        if decision.unexplained
        else ""
    )
    return (
        f"Step {pending.step.step_id}: {specific or failing.criterion.advice}{also} "
        f"Stuck? {hint} gives a hint, one level more concrete each time."
    )
