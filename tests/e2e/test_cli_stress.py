"""`playbook stress` end to end through click: the figures, the verdict, the exit code."""

import json

from click.testing import CliRunner

from migration_steps.cli import playbook


def test_target_holds_under_the_short_stress_and_exits_0() -> None:
    result = CliRunner().invoke(playbook, ["stress", "target", "--quick"])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("stress: target on sqlite — holds: 0 lost, 0 duplicated")
    assert "load       1 process(es) × 2 instance(s) × 5 writers × 5 messages" in result.stdout
    assert "latency p50 " in result.stdout
    assert "refused-statement" in result.stdout and "serves after: yes" in result.stdout
    assert "faults: refused statements" in result.stderr  # progress goes to stderr


def test_legacy_breaks_the_promise_with_one_line_and_exit_1() -> None:
    result = CliRunner().invoke(playbook, ["stress", "legacy", "--quick", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["schema"] == "playbook-stress/1"
    summary = report["summary"]
    assert not summary["holds"] and summary["lost_under_load"] > 0
    assert summary["unclear_errors"] > 0
    assert result.stderr.count("\n") == 1  # --json: no progress, only the verdict
    assert result.stderr.startswith("Error: stage legacy broke under stress: ")
    assert "Traceback" not in result.output


def test_an_unknown_stage_is_a_usage_error() -> None:
    result = CliRunner().invoke(playbook, ["stress", "nonsense"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no such stage 'nonsense'")
