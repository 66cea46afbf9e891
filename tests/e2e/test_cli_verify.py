"""`playbook verify` end to end through click."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from migration_steps.characterization import golden
from migration_steps.cli import playbook
from migration_steps.paths import stage_roots


def invoke(*args: str) -> Result:
    return CliRunner().invoke(playbook, ["verify", *args])


def test_verify_legacy_prints_the_matrix_and_exits_0() -> None:
    result = invoke("legacy")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "playbook verify — stage legacy on sqlite"
    assert lines[2].split() == ["scenario", "api", "rows", "events", "statements", "loss"]
    assert lines[3].split() == ["conversation", "same", "same", "same", "same", "same"]
    assert lines[-1].endswith("same, 0 intended, 0 regression")
    assert "running concurrent-writers (10/10)" in result.stderr


def test_verify_json_is_one_object_and_shows_no_progress() -> None:
    result = invoke("legacy", "--json", "--writers", "20")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert list(report) == ["stage", "db", "scenarios", "summary"]
    assert (report["stage"], report["db"]) == ("legacy", "sqlite")
    assert report["summary"]["regression"] == report["summary"]["intended"] == 0
    scenario = report["scenarios"][0]
    assert list(scenario) == ["name", "checks", "info"]
    assert list(scenario["checks"][0]) == ["name", "status", "expected", "observed"]
    concurrent = report["scenarios"][-1]
    assert concurrent["name"] == "concurrent-writers"
    assert concurrent["info"]["writers"] == 20
    assert "running" not in result.stderr


def altered_copy(tmp_path: Path) -> Path:
    shutil.copytree(
        stage_roots()["legacy"] / "app",
        tmp_path / "app",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    errors = tmp_path / "app" / "domain" / "errors.py"
    errors.write_text(errors.read_text().replace("is closed", "was closed"))
    return tmp_path


def test_a_regression_is_listed_with_both_values_and_exits_1(tmp_path: Path) -> None:
    result = invoke(str(altered_copy(tmp_path)))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[3].split()[:2] == ["close-session", "REGRESSION×2"]
    first = lines.index(
        "REGRESSION  close-session · api: add_message(S1, 'user', 'Are you still there?')"
    )
    assert (
        lines[first + 1]
        == '  expected: {"error": "SessionClosedError", "message": "session \'S1\' is closed"}'
    )
    assert (
        lines[first + 2]
        == '  observed: {"error": "SessionClosedError", "message": "session \'S1\' was closed"}'
    )
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: 4 regression(s) in stage "
        f"{tmp_path}, first: close-session · api: add_message(S1, 'user', 'Are you still there?')"
    )


def test_approve_re_records_the_golden_and_shows_the_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = golden.golden_path()
    copy = tmp_path / "legacy.json"
    copy.write_text(real.read_text().replace('"reply": "Hi"', '"reply": "Hello"', 1))
    monkeypatch.setenv(golden.GOLDEN_ENV, str(copy))
    result = invoke("legacy", "--approve")
    assert result.exit_code == 0, result.output
    assert f"golden transcripts re-recorded: {copy}" in result.stdout
    assert '-        "reply": "Hello",\n+        "reply": "Hi",' in result.stdout
    assert copy.read_text() == real.read_text()
    again = invoke("legacy", "--approve", "--json")
    assert json.loads(again.stdout)["approved"] == {"golden": str(copy), "diff": ""}


LEGACY = str(stage_roots()["legacy"])
EMPTY = str(Path(__file__).parent)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["nowhere"], "no such stage 'nowhere'"),
        ([EMPTY], "holds no app/main.py"),
        (["legacy", "--db", "postgresql://postgres@127.0.0.1:1/postgres"], "cannot reach database"),
        (["legacy", "--db", "mysql://root@localhost/x"], "unsupported database 'mysql'"),
        ([LEGACY, "--approve"], "--approve records the golden transcripts from 'legacy' only"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], reason: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert reason in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_missing_golden_is_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(golden.GOLDEN_ENV, str(tmp_path / "none.json"))
    result = invoke("legacy")
    assert result.exit_code == 2
    assert "playbook verify legacy --approve" in result.stderr
