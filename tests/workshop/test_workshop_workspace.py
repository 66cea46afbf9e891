"""A learner's workspace from start to report: the check reads the tree and never changes it;
what the workshop remembers (name, checks, hints) lives in .git/."""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
from pathlib import Path

import pytest

from migration_steps import commands
from migration_steps.errors import BadInputError
from migration_steps.workshop import coach
from migration_steps.workshop.check import CheckOutcome
from migration_steps.workshop.hints import HINTS


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("room") / "ada"
    commands.workshop_start(root, "Ada Lovelace")
    return root


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


def file_hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


@pytest.fixture(scope="module")
def first_check(started: Path) -> tuple[CheckOutcome, float, dict, dict, str, str]:
    hashes, status = file_hashes(started), git(started, "status", "--porcelain", "--ignored")
    began = time.perf_counter()
    outcome = commands.workshop_check(started)
    seconds = time.perf_counter() - began
    after = (file_hashes(started), git(started, "status", "--porcelain", "--ignored"))
    return outcome, seconds, hashes, after[0], status, after[1]


def test_start_makes_one_baseline_commit_with_the_exercises(started: Path) -> None:
    assert git(started, "log", "--format=%s").splitlines() == [
        "baseline: the legacy tree as copied"
    ]
    assert "WORKSHOP.md" in git(started, "show", "--name-only", "--format=", "HEAD").split()
    assert (started / "app" / "main.py").is_file() and (started / "tests").is_dir()
    exercises = (started / "WORKSHOP.md").read_text()
    assert "## Exercise 1" in exercises and "Done when" in exercises
    assert git(started, "status", "--porcelain") == ""


def test_the_learner_name_is_kept_outside_the_tree(started: Path) -> None:
    assert git(started, "config", "user.name").strip() == "Ada Lovelace"
    recorded = json.loads((started / ".git" / "playbook-workshop.json").read_text())
    assert recorded["name"] == "Ada Lovelace"
    assert recorded["baseline"] == git(started, "rev-parse", "HEAD").strip()


def test_start_refuses_a_directory_that_is_not_empty(started: Path) -> None:
    with pytest.raises(BadInputError, match="not empty"):
        commands.workshop_start(started)


def test_a_fresh_workspace_is_step_0_within_30_seconds(first_check: tuple) -> None:
    outcome, seconds, *_ = first_check
    assert outcome.reached == 0 and outcome.working_on == "1"
    assert outcome.decision is not None and outcome.decision.unexplained == ()
    assert seconds < 30
    assert outcome.learner == "Ada Lovelace"


def test_check_never_changes_the_learners_tree(first_check: tuple) -> None:
    _, _, hashes_before, hashes_after, status_before, status_after = first_check
    assert hashes_after == hashes_before
    assert status_after == status_before == ""


def test_check_remembers_its_result_in_git_dir(started: Path, first_check: tuple) -> None:
    recorded = json.loads((started / ".git" / "playbook-workshop.json").read_text())
    last = recorded["checks"][-1]
    assert last["step_reached"] == 0 and last["working_on"] == "1"
    assert last["failing"] == first_check[0].failing > 0


def test_hints_go_one_level_further_each_time_and_are_remembered(
    started: Path, first_check: tuple
) -> None:
    levels = []
    for _ in range(len(HINTS["1"]) + 1):
        outcome = commands.workshop_hint(started)
        assert outcome.checked is None  # the tree is unchanged since its check: no new run
        levels.append(None if outcome.given.hint is None else outcome.given.hint.level)
    assert levels == ["nudge", "where to look", "the change", None]
    stored = json.loads((started / ".git" / "playbook-hints.json").read_text())
    assert [entry["level"] for entry in stored["given"]] == levels[:3]
    assert git(started, "status", "--porcelain") == ""


def test_a_changed_tree_is_checked_again_before_a_hint(started: Path, first_check: tuple) -> None:
    assert coach._step_from_last_check(started) == (True, "1")
    handler = started / "app" / "handlers" / "chat_handler.py"
    original = handler.read_text()
    handler.write_text(original + "\n# thinking\n")
    try:
        assert coach._step_from_last_check(started) == (False, None)
    finally:
        handler.write_text(original)


def test_hints_for_a_named_step_need_no_check(started: Path) -> None:
    outcome = commands.workshop_hint(started, step="3")
    assert outcome.checked is None and outcome.given.hint.level == "nudge"
    with pytest.raises(BadInputError, match="no hints for step '4'"):
        commands.workshop_hint(started, step="4")


def test_the_report_has_one_row_per_learner(
    started: Path, first_check: tuple, tmp_path: Path
) -> None:
    commands.workshop_hint(started, step="2")
    commands.workshop_start(tmp_path / "bob")
    rows = commands.workshop_report([tmp_path / "bob", started, tmp_path])
    assert [(r.name, r.step_reached, r.status) for r in rows] == [
        ("Ada Lovelace", 0, "ok"),
        ("bob", None, "never checked"),
        (tmp_path.name, None, "not a workspace"),
    ]
    ada = rows[0]
    assert ada.failing is not None and ada.failing > 0
    assert ada.hints_used >= 1 and ada.last_check is not None
