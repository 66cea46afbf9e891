"""`playbook run`, the main job, end to end through click."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from migration_steps.characterization.golden import GOLDEN_ENV, golden_path
from migration_steps.cli import playbook
from migration_steps.paths import stage_roots
from migration_steps.steps.catalogue import catalogue


def expected_stage_names() -> list[str]:
    names = ["legacy", *(f"step-{step.step_id}" for step in catalogue().route("main"))]
    if (stage_roots()["target"] / "app" / "main.py").is_file():
        names.append("target")
    return [*names, "alt-verify"]


def run(tmp_path: Path, *args: str) -> tuple[int, str, dict]:
    result = CliRunner().invoke(
        playbook, ["run", "--no-docs", "--out", str(tmp_path / "out"), *args]
    )
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    return result.exit_code, result.output, results


def check_route(results: dict, *, stressed: bool = True) -> None:
    """`stressed`: the short stress ran too (on PostgreSQL the reliability suite covers it)."""
    stages = {stage["name"]: stage for stage in results["stages"]}
    assert list(stages) == expected_stage_names()
    for name, stage in stages.items():
        assert "error" not in stage, (name, stage.get("error"))
        assert stage["verify"]["summary"]["regression"] == 0, name
    summary = results["summary"]["stages"]
    assert summary["legacy"]["lost_messages"] > 0
    assert summary["legacy"]["message_writes_per_message"] == 4
    for name in expected_stage_names()[1:]:
        assert summary[name]["lost_messages"] == 0, name
        assert summary[name]["message_writes_per_message"] <= 2, name
    assert stages["legacy"]["step"] is None
    step_1 = stages["step-1"]
    assert step_1["step"]["title"] == "remove PersistenceSubscriber"
    assert "app/events/subscribers/persistence_subscriber.py" in step_1["diff"]
    assert step_1["step"]["intended_changes"]
    assert stages["alt-verify"]["step"]["route"] == "alt"
    assert results["summary"]["failed_stages"] == []
    if stressed:
        check_stress(results)


def check_stress(results: dict) -> None:
    """The short stress at every stage: legacy loses under load, step 3 on loses nothing."""
    summary = results["summary"]["stages"]
    assert summary["legacy"]["lost_under_load"] > 0
    assert summary["legacy"]["stress_holds"] is False
    for name in ("step-3", "target"):
        assert summary[name]["lost_under_load"] == 0, name
        assert summary[name]["stress_holds"] is True, name
        stress = next(s for s in results["stages"] if s["name"] == name)["stress"]["summary"]
        assert (stress["lost"], stress["duplicated"], stress["phantom"]) == (0, 0, 0), name
        assert stress["unclear_errors"] == 0 and stress["served_after_faults"], name


@pytest.mark.slow
def test_run_proves_every_stage_on_sqlite(sqlite_run: Any) -> None:
    exit_code, output = sqlite_run.exit_code, sqlite_run.output
    results = json.loads(sqlite_run.results_path.read_text())
    assert exit_code == 0, output
    assert results["db"] == "sqlite"
    check_route(results)
    assert "[1/" in output and "legacy: verifying against the golden master" in output
    assert "stage" in output and "regression" in output
    assert "short stress: concurrent writers and injected faults" in output
    assert "lost under load" in output


@pytest.mark.slow
@pytest.mark.postgres
def test_run_proves_every_stage_on_postgres(tmp_path: Path, pg_url: str) -> None:
    exit_code, output, results = run(tmp_path, "--db", pg_url, "--no-stress")
    assert exit_code == 0, output
    assert results["db"] == "postgresql"
    check_route(results, stressed=False)


@pytest.mark.slow
def test_a_regression_fails_the_run_and_keeps_every_stage_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    golden = json.loads(Path(golden_path()).read_text())
    golden["scenarios"]["conversation"]["api: post_user_turn(S1, 'Hello')"]["reply"] = "Howdy"
    altered = tmp_path / "golden.json"
    altered.write_text(json.dumps(golden))
    monkeypatch.setenv(GOLDEN_ENV, str(altered))

    exit_code, output, results = run(tmp_path, "--no-stress")

    assert exit_code == 1
    assert all(row["lost_under_load"] is None for row in results["summary"]["stages"].values())
    assert "legacy" in results["summary"]["failed_stages"]
    assert [stage["name"] for stage in results["stages"]] == expected_stage_names()
    assert "Error: stages with regressions or errors: legacy" in output


def test_run_rejects_an_unreachable_database_with_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        playbook,
        ["run", "--db", "postgresql://postgres@127.0.0.1:1/postgres", "--out", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert "cannot reach database" in result.stderr
    assert not (tmp_path / "results.json").exists()
