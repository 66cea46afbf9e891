"""Run the state machine under fixed settings and keep the shrunk failing sequence, if any.

The settings make a run repeatable and bounded: the same examples every time (`derandomize`),
no example database on disk, no deadline (a database call may be slow without being wrong),
and no phases beyond generating and shrinking.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis.reporting import with_reporter
from hypothesis.stateful import run_state_machine_as_test

from migration_steps.reliability.hypothesis_home import hypothesis_home_outside_the_stage
from migration_steps.reliability.model_check.machine import AcknowledgedStateMachine
from migration_steps.reliability.model_check.model import InvariantViolation
from migration_steps.reliability.model_check.runtime import Runtime


@dataclass(frozen=True)
class Finding:
    found: bool
    sequence: list[str] = field(default_factory=list)
    violation: str = ""


def search_settings(examples: int, steps: int) -> settings:
    return settings(
        max_examples=examples,
        stateful_step_count=steps,
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        report_multiple_bugs=False,
        phases=(Phase.generate, Phase.shrink),
        verbosity=Verbosity.normal,
        suppress_health_check=(
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ),
    )


def search(runtime: Runtime, *, examples: int, steps: int) -> Finding:
    """Look for a sequence of calls after which the database breaks the model's promise.

    Hypothesis reports the steps of the shrunk example only while replaying it for the last
    time; the machine keeps its own readable lines of that replay, so Hypothesis's report
    (`state.add_message(name=sessions_0, ...)`) is silenced rather than parsed.
    """
    with hypothesis_home_outside_the_stage(), with_reporter(_silent):
        try:
            run_state_machine_as_test(
                lambda: AcknowledgedStateMachine(runtime),
                settings=search_settings(examples, steps),
            )
        except InvariantViolation as violation:
            if runtime.final_sequence is None:
                raise RuntimeError("Hypothesis reported a failure it did not replay") from None
            return Finding(True, runtime.final_sequence, str(violation))
    return Finding(False)


def _silent(_text: str) -> None:
    """The worker's output is for its result; the sequence travels in the result instead."""
