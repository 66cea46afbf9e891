"""A small real measurement of legacy, shared by the bench's tests (SQLite; a few seconds)."""

import dataclasses

import pytest

from migration_steps.bench.plan import QUICK, BenchPlan
from migration_steps.stages.loader import resolve_stage, run_in_stage

TINY = dataclasses.replace(
    QUICK,
    repeats=2,
    sequential_calls=12,
    concurrent_calls_per_session=2,
    growth_calls=2,
    churn_messages=20,
    bound_batch_rows=100,
    debounce_max_arrivals=40,
    debounce_max_per_session=40,
)


def measure(stage: str, db: str | None, plan: BenchPlan = TINY) -> dict:
    return run_in_stage(
        resolve_stage(stage),
        "migration_steps.bench.entry:measure",
        {"plan": plan.as_payload(), "db": db, "stage": stage},
    )


@pytest.fixture(scope="session")
def tiny_plan() -> BenchPlan:
    return TINY


@pytest.fixture(scope="session")
def legacy_measured() -> dict:
    return measure("legacy", None)
