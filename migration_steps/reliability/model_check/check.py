"""The parent's side: run one model-checking search inside a stage's own process."""

from __future__ import annotations

from typing import Any

from migration_steps.stages.loader import StageRef, run_in_stage

ENTRY = "migration_steps.reliability.model_check.entry:run"
TIMEOUT_SECONDS = 600.0


def check_model(
    stage: StageRef,
    database_url: str | None,
    *,
    examples: int,
    steps: int,
    timeout: float = TIMEOUT_SECONDS,
) -> dict[str, Any]:
    """Drive `stage` with `examples` random call sequences of up to `steps` steps each.

    Returns {"stage", "db", "examples", "steps", "found", "sequence", "violation"}: `found`
    says whether some sequence left the database holding other than what was acknowledged,
    `sequence` is that sequence shrunk to readable calls, `violation` the broken promise.
    """
    payload = {"db": database_url, "examples": examples, "steps": steps}
    return run_in_stage(stage, ENTRY, payload, timeout=timeout)
