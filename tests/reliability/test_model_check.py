"""Model-based testing: Hypothesis finds legacy's loss by itself, and nothing in the target.

One search setting for every stage and database, so "target: nothing found" means the search
that catches legacy within a few examples ran its whole course against the target.
"""

import re

import pytest

from migration_steps.reliability.model_check import check_model
from migration_steps.stages.loader import resolve_stage

EXAMPLES = 30
STEPS = 20

# The shrunk sequence ends where a write was overwritten: by the debounced flush (time passes)
# or by the flush a clean shutdown runs (restart).
FLUSHES = ("advance(", "restart()")
LOSS = re.compile(
    r"^s\d+ lost acknowledged '.+'"
    r"|^s\d+'s stored agent is \w+, but the last acknowledged switch left it with \w+"
)


def assert_found_a_loss(result: dict, db: str) -> None:
    assert result["stage"] == "legacy"
    assert result["db"] == db
    assert (result["examples"], result["steps"]) == (EXAMPLES, STEPS)
    assert result["found"] is True
    sequence = result["sequence"]
    assert sequence[0] == "s1 = create_session()"
    assert 3 <= len(sequence) <= 6, sequence
    assert sequence[-1].startswith(FLUSHES), sequence
    assert LOSS.search(result["violation"]), result["violation"]
    assert "\n" not in result["violation"]


def assert_found_nothing(result: dict, db: str) -> None:
    assert result == {
        "stage": "target",
        "db": db,
        "examples": EXAMPLES,
        "steps": STEPS,
        "found": False,
        "sequence": [],
        "violation": "",
    }


def test_legacy_loses_acknowledged_data_on_sqlite() -> None:
    result = check_model(resolve_stage("legacy"), None, examples=EXAMPLES, steps=STEPS)
    assert_found_a_loss(result, "sqlite")


def test_target_keeps_everything_it_acknowledged_on_sqlite() -> None:
    result = check_model(resolve_stage("target"), None, examples=EXAMPLES, steps=STEPS)
    assert_found_nothing(result, "sqlite")


@pytest.mark.postgres
def test_legacy_loses_acknowledged_data_on_postgresql(pg_url: str) -> None:
    result = check_model(resolve_stage("legacy"), pg_url, examples=EXAMPLES, steps=STEPS)
    assert_found_a_loss(result, "postgresql")


@pytest.mark.postgres
def test_target_keeps_everything_it_acknowledged_on_postgresql(pg_url: str) -> None:
    result = check_model(resolve_stage("target"), pg_url, examples=EXAMPLES, steps=STEPS)
    assert_found_nothing(result, "postgresql")
