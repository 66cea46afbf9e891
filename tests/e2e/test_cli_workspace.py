"""`playbook steps|init|status|apply|revert` through click's runner: output and exit codes."""

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from migration_steps.cli import playbook


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(playbook, [str(arg) for arg in args])


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    result = run("init", root)
    assert result.exit_code == 0, result.output
    return root


def assert_one_line_error(result: Result, code: int, text: str) -> None:
    assert result.exit_code == code, result.output
    assert result.output.count("\n") == 1 or result.output.endswith(f"{text}\n")
    last = result.output.splitlines()[-1]
    assert last.startswith("Error: ") and text in last
    assert "Traceback" not in result.output


def test_steps_lists_routes_like_alembic_history() -> None:
    result = run("steps")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "2 -> 3 (main) (head), append-only messages, versioned agent contexts, Alembic",
        "1 -> 2 (main), remove AsyncSessionManager",
        "<base> -> 1 (main), remove PersistenceSubscriber",
        "<base> -> 1b (alt) (head), replace PersistenceSubscriber with DataConsistencySubscriber",
    ]


def test_steps_verbose_shows_the_metadata() -> None:
    result = run("steps", "--verbose")
    assert "Rationale: " in result.output and "Intended changes:" in result.output


def test_init_then_status(workspace: Path) -> None:
    result = run("status", workspace)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"workspace: {workspace.resolve()}",
        "current: <base> (the legacy tree as copied)",
        "route: main",
        "pending: 1, 2, 3",
        "uncommitted edits: no",
    ]


def test_status_check_exits_1_while_steps_are_pending(workspace: Path) -> None:
    result = run("status", workspace, "--check")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "Error: 3 step(s) of route main pending: 1, 2, 3"
    assert run("apply", workspace).exit_code == 0
    assert run("status", workspace, "--check").exit_code == 0


def test_apply_dry_run_prints_the_diff_and_changes_nothing(workspace: Path) -> None:
    result = run("apply", workspace, "--to", "1", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith("diff --git a/app/clock.py b/app/clock.py\n")
    assert "+++ /dev/null" in result.stdout
    assert "would apply step 1: remove PersistenceSubscriber" in result.stderr
    assert "pending: 1, 2, 3" in run("status", workspace).output


def test_apply_revert_round(workspace: Path) -> None:
    applied = run("apply", workspace, "--to", "1")
    assert applied.exit_code == 0
    assert applied.output.startswith("applied step 1: remove PersistenceSubscriber (commit ")
    again = run("apply", workspace, "--to", "1")
    assert again.exit_code == 0
    assert again.output == "step 1 is already applied (the workspace is at 1); nothing to do\n"
    reverted = run("revert", workspace)
    assert reverted.exit_code == 0
    assert reverted.output.splitlines()[-1] == "the workspace is at <base>"
    assert run("revert", workspace).output == "nothing to revert: the workspace is at <base>\n"


def test_apply_the_alternative_route(workspace: Path) -> None:
    result = run("apply", workspace, "--route", "alt")
    assert result.exit_code == 0
    assert "current: 1b (alt)" in run("status", workspace).output


def test_a_dirty_workspace_is_refused(workspace: Path) -> None:
    (workspace / "app" / "main.py").write_text("# edited by hand\n")
    assert "uncommitted edits: yes" in run("status", workspace).output
    assert_one_line_error(run("apply", workspace), 2, "has uncommitted edits")
    assert_one_line_error(run("revert", workspace), 2, "has uncommitted edits")


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("apply", "{ws}", "--to", "9"), "no step '9' (known: 1, 1b, 2, 3)"),
        (("apply", "{ws}", "--route", "nope"), "no route 'nope' (known: main, alt)"),
        (("apply", "{ws}", "--to", "1", "--route", "alt"), "give --to or --route, not both"),
        (("revert", "{ws}", "--to", "2"), "step 2 is not applied here (applied: none)"),
        (("status", "{missing}"), "does not exist"),
        (("status", "{plain}"), "is not a git repository"),
        (("init", "{ws}"), "exists and is not empty"),
    ],
)
def test_errors_are_one_line_with_exit_2(
    workspace: Path, tmp_path: Path, args: tuple[str, ...], text: str
) -> None:
    (tmp_path / "plain").mkdir()
    paths = {"ws": workspace, "missing": tmp_path / "missing", "plain": tmp_path / "plain"}
    assert_one_line_error(run(*(arg.format(**paths) for arg in args)), 2, text)


def test_a_refused_step_is_one_line_with_exit_2(workspace: Path) -> None:
    subscriber = workspace / "app" / "events" / "subscribers" / "persistence_subscriber.py"
    subscriber.unlink()
    subprocess.run(["git", "-C", str(workspace), "commit", "-qam", "gone"], check=True)
    assert_one_line_error(
        run("apply", workspace),
        2,
        "step 1 refused: app/events/subscribers/persistence_subscriber.py is missing",
    )
