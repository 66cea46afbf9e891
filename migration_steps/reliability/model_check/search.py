"""Run the state machine under fixed settings and keep the shrunk failing sequence, if any.

The settings make a run repeatable and bounded: the same examples every time (`derandomize`),
no example database on disk, no deadline (a database call may be slow without being wrong),
and no phases beyond generating and shrinking.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.reporting import with_reporter
from hypothesis.stateful import run_state_machine_as_test

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
    with _scratch_hypothesis_home(), with_reporter(_silent):
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


@contextmanager
def _scratch_hypothesis_home() -> Iterator[None]:
    """Hypothesis caches things under `.hypothesis` in the working directory, which is the
    stage's own tree here; give it a directory that goes away with the run instead."""
    with tempfile.TemporaryDirectory(prefix="playbook-hypothesis-") as directory:
        set_hypothesis_home_dir(directory)
        try:
            yield
        finally:
            set_hypothesis_home_dir(None)
