"""LibCST codemods: one small transformer per change, each with a DESCRIPTION and a skip reason.

Run one with `codemod(Cls, **params).run(source)`: the outcome is `Changed(code)`,
`Skipped(reason)` (nothing to do: applying twice changes nothing) or `Failed(reason)` (the code
is not in a shape the codemod may touch).
"""

from migration_steps.codemods.base import (
    CannotTransform,
    Changed,
    CodemodOutcome,
    CodemodSpec,
    Failed,
    PlaybookCodemod,
    Skipped,
    codemod,
    run_codemod,
)

__all__ = [
    "CannotTransform",
    "Changed",
    "CodemodOutcome",
    "CodemodSpec",
    "Failed",
    "PlaybookCodemod",
    "Skipped",
    "codemod",
    "run_codemod",
]
