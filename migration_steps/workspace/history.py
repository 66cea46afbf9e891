"""Where a workspace stands, read from the trailers of its commits.

The baseline commit carries `Playbook-Baseline: legacy`, each step commit `Playbook-Step: <id>`
and `Playbook-Route: <route>`, each revert commit `Playbook-Revert: <id>`. Walking the first-parent
history oldest first, a step pushes and a revert pops: what is left is what is applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from migration_steps.errors import BadInputError
from migration_steps.workspace.git import Git

BASELINE_TRAILER = "Playbook-Baseline"
STEP_TRAILER = "Playbook-Step"
ROUTE_TRAILER = "Playbook-Route"
REVERT_TRAILER = "Playbook-Revert"

_FIELD = "\x1f"
_RECORD = "\x1e"  # str.strip() would eat these separators: strip only newlines


@dataclass(frozen=True)
class AppliedStep:
    step_id: str
    commit: str


@dataclass(frozen=True)
class History:
    baseline: str
    applied: tuple[AppliedStep, ...]
    other_commits: int
    """Commits since the baseline that the playbook did not make (hand edits)."""

    @property
    def applied_ids(self) -> list[str]:
        return [step.step_id for step in self.applied]


def _trailer(key: str) -> str:
    return f"%(trailers:key={key},valueonly,separator=%x2C)"


def read_history(git: Git) -> History:
    fields = ["%H", *(_trailer(key) for key in (BASELINE_TRAILER, STEP_TRAILER, REVERT_TRAILER))]
    log = git.output(
        "log", "--first-parent", "--reverse", f"--format={_FIELD.join(fields)}{_RECORD}"
    )
    baseline: str | None = None
    applied: list[AppliedStep] = []
    others = 0
    for record in filter(None, (part.strip("\n") for part in log.split(_RECORD))):
        commit, base, step, revert = (value.strip() for value in record.split(_FIELD))
        if base:
            baseline, applied, others = commit, [], 0
        elif baseline is None:
            continue
        elif step:
            applied.append(AppliedStep(step, commit))
        elif revert:
            if not applied or applied[-1].step_id != revert:
                raise BadInputError(
                    f"commit {commit[:12]} reverts step {revert}, which is not the last applied"
                )
            applied.pop()
        else:
            others += 1
    if baseline is None:
        raise BadInputError(
            f"{git.root} is a git repository but not a playbook workspace "
            f"(no commit has a {BASELINE_TRAILER} trailer; make one with `playbook init`)"
        )
    return History(baseline, tuple(applied), others)
