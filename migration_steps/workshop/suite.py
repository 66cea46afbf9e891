"""Runs the characterization catalogue on a learner's tree, in the tree's own process.

Every check is classified against legacy's golden transcripts with every behaviour change any
step declares: a difference some step explains is progress, one no step explains is a
regression. The stage process's stderr (progress lines, a failing scenario's traceback) is
captured, not shown: the check turns it into plain words.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from dataclasses import dataclass
from pathlib import Path

from migration_steps.characterization import golden
from migration_steps.characterization.changes import IntendedChange
from migration_steps.characterization.compare import classify_run
from migration_steps.characterization.entry import SCENARIO_ERROR_CHECK
from migration_steps.characterization.report import VerifyReport
from migration_steps.characterization.verify import ENTRY
from migration_steps.stages.loader import (
    StageImportError,
    StageRef,
    StageRunError,
    StageTimeoutError,
    run_in_stage,
)
from migration_steps.steps.catalogue import catalogue

DEFAULT_TIMEOUT_SECONDS = 120.0
TMPDIR = "TMPDIR"
_RUNNING = re.compile(r"^\s*running (\S+) \(\d+/\d+\)\s*$")
_IMPORT_REASON = re.compile(r"(?P<path>[^\s:]+\.py):(?P<line>\d+): (?P<error>.+)$")
_FRAME = re.compile(r'^\s*File "(?P<path>[^"]+)", line (?P<line>\d+)')


@dataclass(frozen=True)
class SourceProblem:
    """Where the learner's code failed: a file of the tree, a line, the error in one line."""

    path: str | None
    line: int | None
    error: str
    source: str | None = None

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "error": self.error, "source": self.source}


@dataclass(frozen=True)
class SuiteRun:
    report: VerifyReport
    scenario_problems: dict[str, SourceProblem]


class TreeDoesNotImport(Exception):
    def __init__(self, problem: SourceProblem) -> None:
        super().__init__(problem.error)
        self.problem = problem


class SuiteDidNotFinish(Exception):
    """The tree's process crashed or hung; `last_scenario` is the one it was running."""

    def __init__(self, reason: str, last_scenario: str | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.last_scenario = last_scenario


def declared_changes() -> tuple[IntendedChange, ...]:
    """Every behaviour change the steps of every route declare, in catalogue order."""
    steps = catalogue()
    return tuple(steps.intended_changes(step.step_id for step in steps.steps))


def source_line(root: Path, path: str | None, line: int | None) -> str | None:
    if path is None or not line:
        return None
    try:
        lines = (root / path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return lines[line - 1].strip() if 0 < line <= len(lines) else None


def import_problem(root: Path, reason: str) -> SourceProblem:
    """`app/main.py:14: ModuleNotFoundError: ...` (the worker's one line) as a SourceProblem."""
    match = _IMPORT_REASON.search(reason)
    if match is None:
        return SourceProblem(None, None, reason.split("': ", 1)[-1])
    path, line = match["path"], int(match["line"])
    return SourceProblem(path, line, match["error"], source_line(root, path, line))


def _relative(root: Path, filename: str) -> str | None:
    try:
        return Path(filename).resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return None


def _tracebacks(root: Path, stderr: str) -> list[SourceProblem]:
    """Each traceback the stage printed: its deepest frame inside the tree and its last line."""
    problems = []
    frame: tuple[str, int] | None = None
    inside = False
    for line in stderr.splitlines():
        if line.startswith("Traceback (most recent call last)"):
            inside, frame = True, None
            continue
        if not inside:
            continue
        match = _FRAME.match(line)
        if match:
            relative = _relative(root, match["path"])
            if relative is not None:
                frame = (relative, int(match["line"]))
        elif line and not line.startswith((" ", "\t")):
            if not line.startswith(("During handling", "The above exception")):
                path, number = frame if frame else (None, None)
                problems.append(
                    SourceProblem(path, number, line.strip(), source_line(root, path, number))
                )
            inside = line.startswith(("During handling", "The above exception"))
    return problems


def _scenario_problems(root: Path, report: VerifyReport, stderr: str) -> dict[str, SourceProblem]:
    """The error each failed scenario recorded, with the tree's line it came from."""
    printed = _tracebacks(root, stderr)
    problems: dict[str, SourceProblem] = {}
    for scenario in report.scenarios:
        error = next((c.observed for c in scenario.checks if c.name == SCENARIO_ERROR_CHECK), None)
        if not isinstance(error, str):
            continue
        message = error.split(": ", 1)[-1]
        match = next((p for p in printed if message and message in p.error), None)
        if match is not None:
            printed.remove(match)
            problems[scenario.name] = SourceProblem(match.path, match.line, error, match.source)
        else:
            problems[scenario.name] = SourceProblem(None, None, error)
    return problems


def _last_scenario(stderr: str) -> str | None:
    names = [m[1] for m in map(_RUNNING.match, stderr.splitlines()) if m]
    return names[-1] if names else None


@contextmanager
def _scratch_directory() -> Iterator[None]:
    """The stage process's temporary directory (its SQLite files), removed afterwards: a stage
    killed for taking too long cannot clean up after itself."""
    previous = os.environ.get(TMPDIR)
    with tempfile.TemporaryDirectory(prefix="playbook-workshop-") as scratch:
        os.environ[TMPDIR] = scratch
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop(TMPDIR, None)
            else:
                os.environ[TMPDIR] = previous


def run_suite(root: Path, url: str | None, *, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> SuiteRun:
    """The verify report of the tree at `root` on a fresh database on `url` (None: SQLite).

    Raises TreeDoesNotImport when its `app` cannot be imported, SuiteDidNotFinish when its
    process crashed or did not finish within `timeout` seconds.
    """
    path = golden.golden_path()
    expected = golden.load(path)
    stage = StageRef(str(root), root)
    captured = io.StringIO()
    payload = {"db": url, "progress": True}
    try:
        with redirect_stderr(captured), _scratch_directory():
            run = run_in_stage(stage, ENTRY, payload, timeout=timeout)
    except StageImportError as error:
        raise TreeDoesNotImport(import_problem(root, str(error))) from None
    except StageTimeoutError:
        last = _last_scenario(captured.getvalue())
        raise SuiteDidNotFinish(
            f"no result within {timeout:g} s (a deadlock, or a wait that never ends?)",
            last,
        ) from None
    except StageRunError as error:
        raise SuiteDidNotFinish(error.summary, _last_scenario(captured.getvalue())) from None
    scenarios = classify_run(expected, run, declared_changes())
    report = VerifyReport(str(root), run["db"], scenarios, str(path))
    return SuiteRun(report, _scenario_problems(root, report, captured.getvalue()))
