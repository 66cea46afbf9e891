"""Trees after each step: they import, `create_app` works, the code is ruff clean, and the
tree's own tests pass."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from migration_steps import commands
from migration_steps.paths import project_root
from migration_steps.stages.loader import StageRef, run_in_stage

STAGES = {"step-1": {"to": "1"}, "step-2": {"to": "2"}, "alt-verify": {"route": "alt"}}


@pytest.fixture(scope="module", params=sorted(STAGES))
def stepped(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp(request.param) / "ws"
    commands.init_workspace(root)
    commands.apply_steps(root, **STAGES[request.param])
    return root


def probe(root: Path, entry: str) -> dict:
    database = root.parent / f"{entry}.sqlite3"
    database.unlink(missing_ok=True)
    return run_in_stage(
        StageRef(root.parent.name, root),
        f"migration_steps.steps.probes:{entry}",
        {"database_url": f"sqlite+aiosqlite:///{database}"},
    )


def test_create_app_works_and_serves_every_verb(stepped: Path) -> None:
    result = probe(stepped, "smoke")
    assert result["turns"] == [
        ["triage", "Hi", None],
        ["billing", "I see the payment; let me check it.", "triage"],
    ]
    assert result["switch"] == ["tech", "billing"]
    assert result["history"][:2] == ["user: Hello", "assistant: Hi"]
    assert result["metrics"]["sessions_closed"] == 1


def test_the_stepped_code_is_ruff_clean(stepped: Path) -> None:
    """With the project's own ruff settings, as legacy/ and target/ are checked."""
    config = ["--no-cache", "--config", str(project_root() / "pyproject.toml"), "app"]
    for args in (["check", *config], ["format", "--check", *config]):
        completed = subprocess.run(
            [sys.executable, "-m", "ruff", *args],
            cwd=stepped,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr


def test_no_module_imports_what_the_steps_removed(stepped: Path) -> None:
    sources = "\n".join(path.read_text() for path in (stepped / "app").rglob("*.py"))
    assert "persistence_subscriber" not in sources
    if stepped.parent.name.startswith("step-2"):
        assert "session_manager" not in sources


@pytest.mark.slow
def test_the_trees_own_tests_pass(stepped: Path) -> None:
    """On SQLite only: the trees' PostgreSQL runs repeat what legacy's and target's own suites and
    the characterization on PostgreSQL already prove, at a third of the whole test budget."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTEST_ADDOPTS", "PLAYBOOK_TEST_PG_URL", "CI_REQUIRE_PG"}
    }
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=stepped,
        env={**environment, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
