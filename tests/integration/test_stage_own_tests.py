"""Each stage's own test suite passes inside its tree, run the way its README tells a user to."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from migration_steps.paths import stage_roots

SUITE_TIMEOUT_SECONDS = 300
OUTPUT_TAIL_CHARS = 6000


@pytest.mark.parametrize(
    "stage", [name for name, root in sorted(stage_roots().items()) if root.is_dir()]
)
def test_stage_own_tests_pass(stage: str, tmp_path: Path) -> None:
    root = stage_roots()[stage]
    if not (root / "tests").is_dir():
        pytest.skip(f"stage {stage} has no tests/ directory")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # PLAYBOOK_TEST_PG_URL passes through

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--basetemp={tmp_path / 'basetemp'}",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=SUITE_TIMEOUT_SECONDS,
    )

    output = (result.stdout + result.stderr)[-OUTPUT_TAIL_CHARS:]
    exit_code = result.returncode
    assert exit_code == 0, f"{stage}'s own tests failed:\n{output}"
    assert " passed" in result.stdout.splitlines()[-1], output
