"""Errors the learner's code raised where legacy raised none: the first thing to fix.

An API call that fails records `{"error": type, "message": ...}`; a scenario that fails outright
records its error with the tree's line (from the traceback its process printed). Both are
grouped by error text, so one broken line shows once however many calls it broke.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from migration_steps.workshop.decide import Difference
from migration_steps.workshop.suite import SourceProblem


@dataclass(frozen=True)
class Crash:
    error: str
    places: tuple[str, ...]  # "scenario · check" or "scenario" where it showed
    problem: SourceProblem | None  # the tree's line, when a traceback named it

    @property
    def where(self) -> str | None:
        if self.problem is None or self.problem.path is None:
            return None
        return f"{self.problem.path}, line {self.problem.line}"


def _raised(difference: Difference) -> str | None:
    observed, expected = difference.check.observed, difference.check.expected
    if not isinstance(observed, dict) or set(observed) != {"error", "message"}:
        return None
    if isinstance(expected, dict) and expected.get("error") == observed["error"]:
        return None
    return f"{observed['error']}: {observed['message']}"


def find_crashes(
    unexplained: Sequence[Difference], scenario_problems: Mapping[str, SourceProblem]
) -> list[Crash]:
    places: dict[str, list[str]] = {}
    located: dict[str, SourceProblem] = {}
    for difference in unexplained:
        error = _raised(difference)
        if error is not None:
            places.setdefault(error, []).append(f"{difference.scenario} · {difference.check.name}")
    for name, problem in scenario_problems.items():
        places.setdefault(problem.error, []).append(f"scenario {name}")
        if problem.path is not None:
            located.setdefault(problem.error, problem)
    return [Crash(error, tuple(where), located.get(error)) for error, where in places.items()]


def beyond_crashes(
    unexplained: Sequence[Difference], scenario_problems: Mapping[str, SourceProblem]
) -> list[Difference]:
    """The differences a crash does not account for (not in a failed scenario, not an error)."""
    return [d for d in unexplained if d.scenario not in scenario_problems and _raised(d) is None]
