"""`playbook race` end to end through click, on a real SQLite file and PostgreSQL."""

import json

import pytest
from click.testing import CliRunner

from migration_steps.cli import playbook


def run_race(*args: str) -> dict:
    result = CliRunner().invoke(playbook, ["race", "--stage", "legacy", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_legacy_losses(result: dict) -> None:
    scenarios = result["scenarios"]
    assert set(scenarios) == {"seed-timeline", "agent-revert", "two-instances"}
    seed = scenarios["seed-timeline"]
    assert seed["expected"] == [
        "user: Hello",
        "assistant: Hi",
        "user: How are you?",
        "assistant: Good",
    ]
    assert seed["lost"] == ["assistant: Good"]
    assert seed["stored"] == ["user: Hello", "assistant: Hi", "user: How are you?"]
    revert = scenarios["agent-revert"]
    assert revert["lost"] == ["billing → tech"]
    assert (revert["expected_agent"], revert["stored_agent"]) == ("tech", "billing")
    assert scenarios["two-instances"]["lost"] == ["user: Hello from my phone", "assistant: Hi"]
    statements = result["statements_per_message"]
    assert statements["by_table"]["DELETE messages"] == 2
    assert statements["by_table"]["INSERT messages"] == 2


def test_race_on_sqlite_reports_every_loss_as_json() -> None:
    result = run_race()
    assert (result["stage"], result["db"]) == ("legacy", "sqlite")
    assert_legacy_losses(result)


@pytest.mark.postgres
def test_race_on_postgres_reports_every_loss_as_json(pg_url: str) -> None:
    result = run_race("--db", pg_url)
    assert result["db"] == "postgresql"
    assert_legacy_losses(result)


def test_race_text_shows_who_wrote_what_and_the_loss() -> None:
    result = CliRunner().invoke(playbook, ["race"])
    assert result.exit_code == 0, result.output
    assert "A · operator" in result.output
    assert "A · background  debounced flush from memory" in result.output
    assert "- assistant: Good" in result.output
    assert "LOST     (1): assistant: Good" in result.output


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--stage", "nowhere"], "no such stage 'nowhere'"),
        (["--db", "mysql://root@localhost/x"], "unsupported database 'mysql'"),
        (["--db", "postgresql://postgres@127.0.0.1:1/postgres"], "cannot reach database"),
    ],
)
def test_race_rejects_bad_input_with_one_line_and_exit_2(args: list[str], reason: str) -> None:
    result = CliRunner().invoke(playbook, ["race", *args])
    assert result.exit_code == 2
    assert reason in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
