"""`playbook verify` on the stages steps make: by name (built in a temporary workspace), on a
workspace (its applied steps' changes), on a plain tree (none), and refusing unknown names."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from migration_steps import commands
from migration_steps.cli import playbook


def invoke(*args: str) -> Result:
    return CliRunner().invoke(playbook, ["verify", *args])


@pytest.fixture(scope="module")
def step_1_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("verify-stages") / "ws"
    commands.init_workspace(root)
    commands.apply_steps(root, to="1")
    return root


def test_a_step_stage_by_name_is_built_and_verified_with_its_changes() -> None:
    result = invoke("step-1", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["stage"] == "step-1"
    assert report["summary"]["regression"] == 0
    assert report["summary"]["intended"] > 50
    seed = next(s for s in report["scenarios"] if s["name"] == "seed-timeline")
    lost = next(c for c in seed["checks"] if c["name"] == "loss: messages lost")
    assert (lost["status"], lost["expected"], lost["observed"]) == (
        "intended",
        ["S1 assistant: Good"],
        [],
    )


def test_an_unknown_stage_exits_2_naming_the_known_ones() -> None:
    result = invoke("step-9")
    assert result.exit_code == 2
    assert "no such stage 'step-9' (known: legacy, step-1, step-2" in result.stderr
    assert "alt-verify" in result.stderr


def test_a_workspace_is_verified_with_the_steps_it_applied(step_1_workspace: Path) -> None:
    result = invoke(str(step_1_workspace), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    assert summary["regression"] == 0 and summary["intended"] > 50


def test_a_plain_tree_gets_no_declared_changes(step_1_workspace: Path, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(step_1_workspace / "app", tree / "app")
    result = invoke(str(tree))
    assert result.exit_code == 1
    assert "0 intended" in result.stdout
    assert "regression(s) in stage" in result.stderr
