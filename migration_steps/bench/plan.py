"""How much each measurement does: the full plan and `--quick`, sent to every stage process."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

GROWTH_LENGTHS = (10, 100, 1000)
ARRIVAL_RATES = (10, 100, 1000, 5000)
SESSION_COUNTS = (1, 10, 100)
CONCURRENT_SESSIONS = 8


@dataclass(frozen=True)
class BenchPlan:
    quick: bool
    repeats: int
    sequential_calls: int
    concurrent_calls_per_session: int
    count_messages: int
    growth_calls: int
    churn_messages: int
    bound_batch_rows: int
    debounce_windows: int
    debounce_max_arrivals: int
    debounce_max_per_session: int
    concurrent_sessions: int = CONCURRENT_SESSIONS
    growth_lengths: tuple[int, ...] = GROWTH_LENGTHS
    arrival_rates: tuple[int, ...] = ARRIVAL_RATES
    session_counts: tuple[int, ...] = SESSION_COUNTS

    def as_payload(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> BenchPlan:
        values = dict(payload)
        for name in ("growth_lengths", "arrival_rates", "session_counts"):
            values[name] = tuple(values[name])
        return cls(**values)


FULL = BenchPlan(
    quick=False,
    repeats=5,
    sequential_calls=300,
    concurrent_calls_per_session=40,
    count_messages=10,
    growth_calls=30,
    churn_messages=1000,
    bound_batch_rows=5000,
    debounce_windows=2,
    debounce_max_arrivals=2000,
    debounce_max_per_session=1000,
)

QUICK = BenchPlan(
    quick=True,
    repeats=3,
    sequential_calls=40,
    concurrent_calls_per_session=6,
    count_messages=10,
    growth_calls=5,
    churn_messages=100,
    bound_batch_rows=1000,
    debounce_windows=1,
    debounce_max_arrivals=100,
    debounce_max_per_session=100,
)


def plan_for(quick: bool) -> BenchPlan:
    return QUICK if quick else FULL
