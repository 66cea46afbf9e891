"""Legacy loses the same data in every one of 100 runs: the losses are not timing luck."""

import pytest

from migration_steps.stages.loader import resolve_stage, run_in_stage

RUNS = 100
EXPECTED_LOSSES = {
    "seed-timeline": "assistant: Good",
    "agent-revert": "billing → tech",
    "two-instances": "user: Hello from my phone | assistant: Hi",
}


def repeat(db: str | None) -> dict:
    return run_in_stage(
        resolve_stage("legacy"), "migration_steps.race.entry:repeat", {"runs": RUNS, "db": db}
    )


@pytest.mark.slow
def test_legacy_loses_the_same_data_in_100_runs_on_sqlite() -> None:
    outcomes = repeat(None)["outcomes"]
    assert outcomes == {name: {lost: RUNS} for name, lost in EXPECTED_LOSSES.items()}


@pytest.mark.slow
@pytest.mark.postgres
def test_legacy_loses_the_same_data_in_100_runs_on_postgres(pg_url: str) -> None:
    outcomes = repeat(pg_url)["outcomes"]
    assert outcomes == {name: {lost: RUNS} for name, lost in EXPECTED_LOSSES.items()}
