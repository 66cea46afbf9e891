"""A hint as text."""

from __future__ import annotations

from migration_steps.workshop.coach import HintOutcome
from migration_steps.workshop.criteria import workshop_step
from migration_steps.workshop.render import render_check


def render_hint(outcome: HintOutcome) -> str:
    if outcome.blocked is not None:
        assert outcome.checked is not None
        return "\n".join(
            [
                f"No step hint yet: {outcome.blocked}. What the check found:",
                "",
                render_check(outcome.checked),
            ]
        )
    if outcome.step_id is None or outcome.given is None:
        return (
            "Your tree meets the goals of every step: no more hints. Take the discussion "
            "questions of the exercises, or compare your route with the playbook's."
        )
    given = outcome.given
    step = workshop_step(given.step_id)
    goal = f" ({step.goal})" if step else ""
    lines = [f"Step {given.step_id}{goal}"]
    if given.hint is None:
        lines += [
            f"You have had all {given.of} hints for this step. Ask your facilitator, or read "
            "the playbook's own change: playbook init /tmp/ours && playbook apply /tmp/ours "
            f"--to {given.step_id}, then git -C /tmp/ours show.",
        ]
    else:
        lines += [
            f"Hint {given.number} of {given.of} — {given.hint.level}:",
            "",
            given.hint.text,
        ]
        if given.number < given.of:
            lines += ["", "Still stuck? Ask again for a more concrete hint."]
    return "\n".join(lines)
