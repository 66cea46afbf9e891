"""Workspaces over real git: baseline, one commit per step, reverts that give legacy back."""

import subprocess
from pathlib import Path

import pytest

from migration_steps import commands
from migration_steps.errors import BadInputError, ChecksFailed, UsageError
from migration_steps.paths import stage_roots
from migration_steps.steps.tree import DiskTree
from migration_steps.workspace.git import Git

LEGACY_ENTRIES = ("app", "tests", "pytest.ini")


def git(root: Path, *args: str) -> str:
    return Git(root).output(*args)


def legacy_files() -> dict[str, bytes]:
    legacy = stage_roots()["legacy"]
    return {
        path: (legacy / path).read_bytes()
        for path in DiskTree(legacy).files()
        if path.split("/")[0] in LEGACY_ENTRIES and not path.endswith(".sqlite3")
    }


def tree_files(root: Path) -> dict[str, bytes]:
    return {path: (root / path).read_bytes() for path in DiskTree(root).files()}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    commands.init_workspace(root)
    return root


@pytest.fixture
def copied(workspace: Path) -> dict[str, bytes]:
    """The legacy files as init copied them (legacy/ itself may change while tests run)."""
    return tree_files(workspace)


def test_init_copies_legacy_into_a_baseline_commit(workspace: Path) -> None:
    assert tree_files(workspace) == legacy_files()
    assert git(workspace, "log", "--format=%s").splitlines() == [
        "baseline: the legacy tree as copied"
    ]
    assert "Playbook-Baseline: legacy" in git(workspace, "log", "-1", "--format=%B")
    assert git(workspace, "config", "user.name").strip() == "playbook"
    status = commands.workspace_status(workspace)
    assert (status.head, status.route, status.pending, status.dirty) == (
        None,
        "main",
        ("1", "2", "3"),
        False,
    )


def test_each_step_is_one_commit_with_a_trailer(workspace: Path) -> None:
    report = commands.apply_steps(workspace)
    assert [entry.step.step_id for entry in report.steps] == ["1", "2", "3"]
    subjects = git(workspace, "log", "--format=%s").splitlines()
    assert subjects == [
        "step 3: append-only messages, versioned agent contexts, Alembic",
        "step 2: remove AsyncSessionManager",
        "step 1: remove PersistenceSubscriber",
        "baseline: the legacy tree as copied",
    ]
    message = git(workspace, "log", "-1", "--format=%B")
    assert message.rstrip().endswith("Playbook-Step: 3\nPlaybook-Route: main")
    status = commands.workspace_status(workspace)
    assert (status.head.step_id, status.pending, status.dirty) == ("3", (), False)  # type: ignore[union-attr]
    commands.require_route_complete(status)


def test_apply_then_revert_gives_legacy_back_byte_for_byte(
    workspace: Path, copied: dict[str, bytes]
) -> None:
    commands.apply_steps(workspace, to="2")
    report = commands.revert_steps(workspace, to="base")
    assert [entry.step.step_id for entry in report.reverted] == ["2", "1"]
    assert tree_files(workspace) == copied
    assert git(workspace, "log", "--format=%s").splitlines()[:2] == [
        "revert step 1: remove PersistenceSubscriber",
        "revert step 2: remove AsyncSessionManager",
    ]
    assert commands.workspace_status(workspace).applied == ()


def test_alt_route_round_trip(workspace: Path, copied: dict[str, bytes]) -> None:
    commands.apply_steps(workspace, route="alt")
    assert commands.workspace_status(workspace).route == "alt"
    commands.revert_steps(workspace)
    assert tree_files(workspace) == copied


def test_revert_without_target_undoes_the_last_step(workspace: Path) -> None:
    commands.apply_steps(workspace)
    report = commands.revert_steps(workspace)
    assert report.target == "2"
    assert commands.workspace_status(workspace).applied == ("1", "2")
    commands.apply_steps(workspace)
    assert commands.workspace_status(workspace).applied == ("1", "2", "3")


def test_dry_run_prints_the_diff_and_changes_nothing(
    workspace: Path, copied: dict[str, bytes]
) -> None:
    head = git(workspace, "rev-parse", "HEAD")
    report = commands.apply_steps(workspace, to="2", dry_run=True)
    assert report.diff.startswith("diff --git ")
    assert "+++ /dev/null" in report.diff
    assert "-    persistence_subscriber.subscribe(bus)" in report.diff
    assert "-        session_manager: AsyncSessionManager," in report.diff
    assert git(workspace, "rev-parse", "HEAD") == head
    assert tree_files(workspace) == copied


def test_applying_an_applied_step_says_so(workspace: Path) -> None:
    commands.apply_steps(workspace, to="2")
    head = git(workspace, "rev-parse", "HEAD")
    report = commands.apply_steps(workspace, to="1")
    assert report.already_applied and report.was_at == "2"
    assert git(workspace, "rev-parse", "HEAD") == head


def test_check_fails_while_steps_are_pending(workspace: Path) -> None:
    commands.apply_steps(workspace, to="1")
    with pytest.raises(ChecksFailed, match="2 step\\(s\\) of route main pending: 2, 3"):
        commands.require_route_complete(commands.workspace_status(workspace))


def test_a_dirty_workspace_is_refused(workspace: Path) -> None:
    (workspace / "app" / "main.py").write_text("# edited\n")
    assert commands.workspace_status(workspace).dirty
    with pytest.raises(BadInputError, match="has uncommitted edits"):
        commands.apply_steps(workspace)
    with pytest.raises(BadInputError, match="has uncommitted edits"):
        commands.revert_steps(workspace)


def test_caches_and_databases_do_not_make_it_dirty(workspace: Path) -> None:
    (workspace / "app" / "__pycache__").mkdir()
    (workspace / "app" / "__pycache__" / "main.cpython-311.pyc").write_bytes(b"x")
    (workspace / "chat.sqlite3").write_bytes(b"x")
    assert not commands.workspace_status(workspace).dirty


def test_switching_routes_needs_a_revert_first(workspace: Path) -> None:
    commands.apply_steps(workspace, to="1")
    with pytest.raises(BadInputError, match="step 1b does not follow step 1 .* revert to base"):
        commands.apply_steps(workspace, route="alt")


def test_a_step_refusing_after_another_leaves_no_commit(workspace: Path) -> None:
    handler = workspace / "app" / "handlers" / "chat_handler.py"
    handler.write_text(
        handler.read_text().replace("return list(state.messages)", "return snapshot(state)")
    )
    git(workspace, "commit", "-qam", "hand edit")
    head = git(workspace, "rev-parse", "HEAD")
    with pytest.raises(BadInputError, match="^step 2 refused: app/handlers/chat_handler.py: "):
        commands.apply_steps(workspace, to="2")
    assert git(workspace, "rev-parse", "HEAD") == head
    assert not Git(workspace).is_dirty()
    assert commands.workspace_status(workspace).other_commits == 1


def test_a_revert_that_conflicts_reverts_nothing(workspace: Path) -> None:
    commands.apply_steps(workspace, to="2")
    main = workspace / "app" / "main.py"
    main.write_text(main.read_text().replace("chat = ChatHandler(", "chat = ChatHandlerX("))
    git(workspace, "commit", "-qam", "hand edit on the same line")
    head = git(workspace, "rev-parse", "HEAD")
    with pytest.raises(BadInputError, match="could not revert step 2"):
        commands.revert_steps(workspace, to="base")
    assert git(workspace, "rev-parse", "HEAD") == head
    assert not Git(workspace).is_dirty()


def test_mixed_options_are_a_usage_error(workspace: Path) -> None:
    with pytest.raises(UsageError):
        commands.apply_steps(workspace, to="1", route="main")


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda path: None, "does not exist"),
        (lambda path: path.mkdir(), "is not a git repository"),
        (
            lambda path: (path.mkdir(), subprocess.run(["git", "init", "-q", str(path)])),
            "without commits",
        ),
    ],
)
def test_not_a_workspace(tmp_path: Path, prepare, message: str) -> None:
    directory = tmp_path / "d"
    prepare(directory)
    with pytest.raises(BadInputError, match=message):
        commands.workspace_status(directory)


def test_a_git_repository_without_baseline_is_not_a_workspace(tmp_path: Path) -> None:
    Git(tmp_path).run("init", "-q")
    (tmp_path / "f").write_text("x")
    Git(tmp_path).run("add", "f")
    Git(tmp_path).run("-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "first")
    with pytest.raises(BadInputError, match="not a playbook workspace"):
        commands.workspace_status(tmp_path)


def test_init_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(BadInputError, match="exists and is not empty"):
        commands.init_workspace(tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["keep.txt"]
