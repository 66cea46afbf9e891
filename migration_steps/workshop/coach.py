"""`playbook workshop hint`: the next hint for the step the learner is on.

The step is the first whose goals the learner's tree does not meet yet. It is taken from the
last check when the tree has not changed since (same fingerprint), else the tree is checked
again first; `step` overrides both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from migration_steps.errors import BadInputError
from migration_steps.workshop import state
from migration_steps.workshop.check import CheckOutcome, check_tree
from migration_steps.workshop.hints import HINTS, GivenHint, next_hint
from migration_steps.workshop.suite import DEFAULT_TIMEOUT_SECONDS
from migration_steps.workshop.tree import fingerprint, learner_root


@dataclass(frozen=True)
class HintOutcome:
    root: Path
    step_id: str | None  # None: every step's goals are met, or the tree does not run
    given: GivenHint | None
    checked: CheckOutcome | None  # the check run to find the step, if one was needed
    blocked: str | None = None  # why no step hint: the tree does not import, or did not finish


def _step_from_last_check(root: Path) -> tuple[bool, str | None]:
    last = state.last_check(state.load_workshop(root))
    if last is None or last.get("fingerprint") != fingerprint(root) or last.get("not_run"):
        return False, None
    return True, last.get("working_on")


def hint(
    directory: Path | str,
    url: str | None,
    *,
    step: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> HintOutcome:
    root = learner_root(directory)
    if step is not None and step not in HINTS:
        raise BadInputError(f"no hints for step '{step}' (steps: {', '.join(HINTS)})")
    if state.git_dir(root) is None:
        raise BadInputError(
            f"{directory} has no .git of its own to remember hints in; make a workspace with: "
            "playbook workshop start"
        )
    checked = None
    if step is None:
        known, step = _step_from_last_check(root)
        if not known:
            checked = check_tree(root, url, timeout=timeout)
            if checked.not_run is not None:
                reason = (
                    "your app does not import"
                    if checked.not_run.kind == "import"
                    else "the scenarios did not finish"
                )
                return HintOutcome(root, None, None, checked, blocked=reason)
            step = checked.working_on
    if step is None:
        return HintOutcome(root, None, None, checked)
    return HintOutcome(root, step, next_hint(root, step), checked)
