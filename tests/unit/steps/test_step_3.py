"""Step 3 on a copy of legacy at step 2: what it changes, and the trees it refuses."""

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from migration_steps import commands
from migration_steps.errors import BadInputError
from migration_steps.paths import stage_roots
from migration_steps.steps.catalogue import catalogue
from migration_steps.steps.model import StepApplied, StepRefused, StepResult
from migration_steps.steps.versions import step_3_append_only_messages as step_3
from migration_steps.workspace.layout import copied_paths, copy_tree

SERVICE = "app/services/session_management.py"


def apply(step_id: str, root: Path) -> StepResult:
    step = catalogue().get(step_id)
    assert step is not None
    module = __import__(step.module, fromlist=["apply"])
    return module.apply(root)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def step_2_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("step-2") / "tree"
    root.mkdir()
    copy_tree(stage_roots()["legacy"], root)
    for step_id in ("1", "2"):
        assert isinstance(apply(step_id, root), StepApplied)
    return root


@pytest.fixture(scope="module")
def applied(step_2_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, StepResult]:
    root = tmp_path_factory.mktemp("step-3") / "tree"
    shutil.copytree(step_2_tree, root)
    return root, apply("3", root)


@pytest.fixture
def tree(step_2_tree: Path, tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    shutil.copytree(step_2_tree, root)
    return root


def text(root: Path, path: str) -> str:
    return (root / path).read_text()


def test_step_3_adds_alembic_and_rewrites_the_writes(applied: tuple[Path, StepResult]) -> None:
    tree, result = applied

    assert isinstance(result, StepApplied)
    kinds = {edit.path: edit.kind for edit in result.edits}
    assert {path for path, kind in kinds.items() if kind == "create"} == set(step_3.NEW_FILES)
    assert "delete" not in kinds.values()
    repository = text(tree, step_3.SESSION_REPOSITORY)
    assert "delete(" not in repository and "async def save" not in repository
    assert ".returning(sessions.c.last_seq)" in repository
    assert ".order_by(messages.c.seq)" in repository
    assert "await self._repository.append_message(require_session_id(session_id), message)" in (
        text(tree, SERVICE)
    )
    assert "for attempt in range(1, SWITCH_ATTEMPTS + 1):" in text(tree, step_3.ORCHESTRATION)
    assert "agent_contexts.c.version == context.version" in text(tree, step_3.AGENT_REPOSITORY)
    assert "await connection.run_sync(upgrade_to_head)" in text(tree, step_3.ENGINE)
    assert "message_rows" not in text(tree, step_3.ROWS)
    assert "save(" not in text(tree, step_3.REPOSITORY_TESTS)


def test_every_edit_says_how_it_was_made(applied: tuple[Path, StepResult]) -> None:
    _tree, result = applied

    assert isinstance(result, StepApplied)
    service = next(edit for edit in result.edits if edit.path == SERVICE)
    assert len(service.how) == 2 and all("self._repository.save" in how for how in service.how)
    assert all(edit.how for edit in result.edits)


def hand_edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        source = text(root, path)
        assert old in source
        (root / path).write_text(source.replace(old, new))

    return edit


def add_file(path: str, source: str) -> Callable[[Path], None]:
    def add(root: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(source)

    return add


REFUSALS = [
    pytest.param(
        add_file(step_3.SCHEMA, '"""Made by hand."""\n'),
        "already applied: app/db/schema.py brings the schema up with Alembic",
        id="already-applied",
    ),
    pytest.param(
        add_file("app/session_manager/__init__.py", ""),
        "step 2 is not applied: app/session_manager/ still holds sessions",
        id="before-step-2",
    ),
    pytest.param(
        lambda root: (root / step_3.TABLES).unlink(),
        f"{step_3.TABLES} is missing",
        id="missing-file",
    ),
    pytest.param(
        hand_edit(SERVICE, "        session.add_message(message)\n", ""),
        f"{SERVICE}: `SessionManagementService.add_message` does not follow loading `session` "
        "with `session.add_message(...)` and `self._repository.save(session)`",
        id="hand-edited-service",
    ),
    pytest.param(
        add_file("app/report.py", "def first(row):\n    return row.position == 0\n"),
        "app/report.py still reads messages' position; use seq there first",
        id="hand-written-reader-of-position",
    ),
]


@pytest.mark.parametrize(("prepare", "reason"), REFUSALS)
def test_a_wrong_tree_is_refused_and_left_as_it_was(
    tree: Path, prepare: Callable[[Path], object], reason: str
) -> None:
    prepare(tree)
    before = snapshot(tree)

    assert apply("3", tree) == StepRefused("3", reason)
    assert snapshot(tree) == before


def test_an_applied_tree_is_refused_as_already_applied(
    applied: tuple[Path, StepResult],
) -> None:
    tree, _result = applied
    before = snapshot(tree)
    assert apply("3", tree) == StepRefused(
        "3", "already applied: app/db/schema.py brings the schema up with Alembic"
    )
    assert snapshot(tree) == before


def test_a_refusal_reaches_the_user_as_one_line(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    commands.init_workspace(workspace)
    add_file(step_3.SCHEMA, '"""Made by hand."""\n')(workspace)
    subprocess.run(["git", "-C", str(workspace), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(workspace), "commit", "-qm", "by hand"], check=True)
    with pytest.raises(BadInputError) as refused:
        commands.apply_steps(workspace, dry_run=True)
    assert refused.value.summary == (
        "step 3 refused: already applied: app/db/schema.py brings the schema up with Alembic"
    )
    assert refused.value.exit_code == 2


def tree_files(root: Path) -> dict[str, bytes]:
    """What a workspace holds of a tree: app/, tests/ and the pytest config, by path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for entry in copied_paths(root)
        for path in ([entry] if entry.is_file() else sorted(entry.rglob("*")))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_steps_1_to_3_make_the_committed_target_byte_for_byte(
    applied: tuple[Path, StepResult],
) -> None:
    """When this fails after an edit of legacy or of a step, regenerate target/ from the steps:
    `playbook init /tmp/t && playbook apply /tmp/t --to 3`, then replace target/app,
    target/tests and target/pytest.ini by those of /tmp/t."""
    made, committed = tree_files(applied[0]), tree_files(stage_roots()["target"])
    assert sorted(made) == sorted(committed)
    assert [path for path in made if made[path] != committed[path]] == []
    assert {path.split("/")[0] for path in made} == {"app", "tests", "pytest.ini"}
