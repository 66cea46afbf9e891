"""`playbook workshop start|check|hint|report` through click's runner: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from migration_steps.cli import playbook

SUBSCRIBER = "app/events/subscribers/persistence_subscriber.py"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(playbook, [str(arg) for arg in args])


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("room")


@pytest.fixture(scope="module")
def ada(room: Path) -> Path:
    result = run("workshop", "start", room / "ada", "--name", "Ada")
    assert result.exit_code == 0, result.output
    return room / "ada"


@pytest.fixture(scope="module")
def checked_json(ada: Path) -> dict:
    result = run("workshop", "check", ada, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def assert_one_line_error(result: Result, code: int, text: str) -> None:
    assert result.exit_code == code, result.output
    last = result.output.splitlines()[-1]
    assert last.startswith("Error: ") and text in last
    assert "Traceback" not in result.output


def test_start_says_where_the_exercises_are(room: Path, ada: Path) -> None:
    result = run("workshop", "start", room / "bob")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"workspace for bob: {(room / 'bob').resolve()}",
        f"exercises: {(room / 'bob').resolve() / 'WORKSHOP.md'}",
        f"check your progress with: playbook workshop check {room / 'bob'}",
    ]


def test_start_refuses_a_directory_that_is_not_empty(ada: Path) -> None:
    assert_one_line_error(run("workshop", "start", ada), 2, "exists and is not empty")


def test_check_json_says_step_0_and_what_fails(checked_json: dict) -> None:
    assert checked_json["learner"] == "Ada"
    assert checked_json["step_reached"] == 0 and checked_json["working_on"] == "1"
    first = checked_json["steps"][0]
    assert first["met"] is False
    lost = next(c for c in first["criteria"] if c["key"] == "nothing-lost")
    finding = next(f for f in lost["findings"] if f["scenario"] == "seed-timeline")
    assert finding == {
        "where": "seed-timeline · loss: messages lost",
        "expected": [],
        "observed": ["S1 assistant: Good"],
        "why": finding["why"],
        "scenario": "seed-timeline",
        "check": "loss: messages lost",
    }
    assert checked_json["unexplained"] == [] and checked_json["next"].startswith("Step 1:")


def test_check_text_and_expect(ada: Path, checked_json: dict) -> None:
    result = run("workshop", "check", ada, "--expect", "1")
    assert result.output.startswith("workshop check — Ada (")
    assert "Step reached: 0 of 3" in result.output
    assert "seed-timeline · loss: messages lost" in result.output
    assert "Next: Step 1:" in result.output
    assert_one_line_error(result, 1, "step 0 reached, step 1 expected")


def test_hint_then_report(room: Path, ada: Path, checked_json: dict) -> None:
    first = run("workshop", "hint", ada)
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[:2] == [
        "Step 1 (no session is rewritten from memory)",
        "Hint 1 of 3 — nudge:",
    ]
    second = run("workshop", "hint", ada)
    assert "Hint 2 of 3 — where to look:" in second.output
    assert "persistence_subscriber.py" in second.output
    report = run("workshop", "report", room / "ada", room / "bob", "--json")
    assert report.exit_code == 0, report.output
    rows = {row["name"]: row for row in json.loads(report.output)}
    assert (rows["Ada"]["step_reached"], rows["Ada"]["hints_used"]) == (0, 2)
    assert rows["bob"]["status"] == "never checked"
    table = run("workshop", "report", room / "ada", room / "bob")
    assert table.output.splitlines()[0].split()[:4] == ["learner", "step", "failing", "hints"]
    assert table.output.splitlines()[1].split()[:2] == ["Ada", "0/3"]


def test_a_tree_that_does_not_import_gets_file_line_and_error(room: Path) -> None:
    root = room / "carol"
    assert run("workshop", "start", root).exit_code == 0
    (root / SUBSCRIBER).unlink()
    result = run("workshop", "check", root)
    assert "Your app does not import, so no scenario could run." in result.output
    assert "file:  app/main.py, line 14" in result.output
    assert "error: ModuleNotFoundError: No module named" in result.output
    assert_one_line_error(result, 1, "app/main.py:14: ModuleNotFoundError")
    hint = run("workshop", "hint", root)
    assert hint.exit_code == 0
    assert hint.output.startswith("No step hint yet: your app does not import.")


def test_report_needs_a_directory() -> None:
    result = run("workshop", "report")
    assert result.exit_code == 2
