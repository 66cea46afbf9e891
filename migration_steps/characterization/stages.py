"""Which stages the characterization suite runs against, and what each one changes on purpose."""

from __future__ import annotations

from migration_steps.characterization.changes import IntendedChange
from migration_steps.paths import stage_roots


def stages_to_verify() -> list[str]:
    """Every known stage whose tree exists; the pytest front runs the suite on each.

    A new kind of stage (the step stages of a workspace) is added here, in one line.
    """
    return [name for name, root in stage_roots().items() if (root / "app" / "main.py").is_file()]


def intended_changes_for(stage: str) -> tuple[IntendedChange, ...]:
    """The behaviour changes the steps that made `stage` declare; legacy declares none.

    Until the step modules exist, every stage is expected to behave exactly as legacy.
    """
    return ()
