"""Which arrival-rate cells are simulated in full, sampled, or skipped, and why."""

import dataclasses

from migration_steps.bench.debounce import cell_plan
from migration_steps.bench.plan import FULL


def test_a_small_cell_runs_every_session() -> None:
    shape = cell_plan(10, 100, 4.0, FULL)
    assert shape == {"arrivals": 40, "sampled_sessions": 100, "skipped": None}


def test_a_large_cell_samples_whole_sessions_within_the_cap() -> None:
    shape = cell_plan(5000, 100, 4.0, FULL)
    per_session = 20000 / 100
    assert shape["skipped"] is None
    assert shape["sampled_sessions"] == FULL.debounce_max_arrivals // per_session
    assert shape["sampled_sessions"] * per_session <= FULL.debounce_max_arrivals


def test_a_cell_where_one_session_exceeds_the_cap_is_skipped_with_its_reason() -> None:
    shape = cell_plan(1000, 1, 4.0, FULL)
    assert shape["sampled_sessions"] == 0
    assert "4000 messages" in shape["skipped"]


def test_the_caps_decide_alone() -> None:
    roomy = dataclasses.replace(FULL, debounce_max_arrivals=10**6, debounce_max_per_session=10**6)
    assert cell_plan(5000, 1, 4.0, roomy)["sampled_sessions"] == 1
