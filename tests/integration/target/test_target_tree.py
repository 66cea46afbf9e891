"""`target/` is what steps 1–3 make of legacy, byte for byte, and it is ruff clean.

When this fails after an edit of legacy or of a step, regenerate target/ from the steps:
    playbook init /tmp/t && playbook apply /tmp/t --to 3
then replace target/app, target/tests and target/pytest.ini by those of /tmp/t.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from migration_steps import commands
from migration_steps.paths import project_root, stage_roots
from migration_steps.workspace.layout import copied_paths

TARGET = stage_roots()["target"]
IGNORED_PARTS = {"__pycache__", ".pytest_cache", ".ruff_cache"}


def tree_files(root: Path) -> dict[str, bytes]:
    """The files a workspace holds of a tree (app/, tests/, pytest config), by relative path."""
    files = {}
    for entry in copied_paths(root):
        paths = sorted(entry.rglob("*")) if entry.is_dir() else [entry]
        for path in paths:
            if path.is_file() and not IGNORED_PARTS & set(path.parts) and path.suffix != ".pyc":
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def step_3_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("step-3") / "ws"
    commands.init_workspace(root)
    commands.apply_steps(root, to="3")
    return root


def test_target_is_the_output_of_steps_1_to_3_byte_for_byte(step_3_tree: Path) -> None:
    made, committed = tree_files(step_3_tree), tree_files(TARGET)
    assert sorted(made) == sorted(committed), "files differ; see this module's docstring"
    differing = [path for path in made if made[path] != committed[path]]
    assert differing == [], "contents differ; see this module's docstring"
    assert {path.split("/")[0] for path in made} == {"app", "tests", "pytest.ini"}


def test_target_is_the_head_of_the_main_route(step_3_tree: Path) -> None:
    status = commands.workspace_status(step_3_tree)
    assert status.pending == () and status.head is not None and status.head.step_id == "3"


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_target_is_ruff_clean(command: list[str]) -> None:
    config = str(project_root() / "pyproject.toml")
    completed = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "--no-cache", "--config", config, "app", "tests"],
        cwd=TARGET,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
