"""`target/` is ruff clean with the project's settings, as legacy/ is.

That it is what steps 1–3 make of legacy, byte for byte, is tested with step 3
(tests/unit/steps/test_step_3.py), on the tree that test builds anyway.
"""

import subprocess
import sys

import pytest

from migration_steps.paths import project_root, stage_roots


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_target_is_ruff_clean(command: list[str]) -> None:
    config = str(project_root() / "pyproject.toml")
    completed = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "--no-cache", "--config", config, "app", "tests"],
        cwd=stage_roots()["target"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_target_has_no_second_writer_and_no_rewrite() -> None:
    sources = "\n".join(
        path.read_text() for path in sorted((stage_roots()["target"] / "app").rglob("*.py"))
    )
    for gone in ("persistence_subscriber", "session_manager", "delete(", "metadata.create_all"):
        assert gone not in sources
