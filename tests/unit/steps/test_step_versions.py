"""Steps 1, 2 and 1b on copies of legacy: what they change, and the trees they refuse."""

from collections.abc import Callable
from pathlib import Path

import pytest

from migration_steps.paths import stage_roots
from migration_steps.steps.catalogue import catalogue
from migration_steps.steps.legacy_tests import CONFTEST, LOST_UPDATES, SUBSCRIBER_TESTS
from migration_steps.steps.model import StepApplied, StepRefused, StepResult
from migration_steps.steps.paths import (
    CHAT_HANDLER,
    CLOCK,
    CONFIG,
    CONSISTENCY_SUBSCRIBER,
    MAIN,
    PERSISTENCE_SUBSCRIBER,
    SESSION_MANAGER,
)
from migration_steps.workspace.layout import copy_tree


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


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    copy_tree(stage_roots()["legacy"], root)
    return root


def text(root: Path, path: str) -> str:
    return (root / path).read_text()


def test_step_1_removes_the_subscriber_and_what_only_it_used(legacy: Path) -> None:
    result = apply("1", legacy)
    assert isinstance(result, StepApplied)
    kinds = {edit.path: edit.kind for edit in result.edits}
    assert kinds[PERSISTENCE_SUBSCRIBER] == "delete"
    assert {kinds[MAIN], kinds[CONFIG], kinds[CLOCK]} == {"modify"}
    assert not (legacy / PERSISTENCE_SUBSCRIBER).exists()
    main = text(legacy, MAIN)
    assert "ersistence" not in main and "clock" not in main.replace("app.clock", "")
    assert "background=[]," in main and "shutdown_hooks=[engine.dispose]," in main
    assert "clock" not in text(legacy, CONFIG) and "flush_delay" not in text(legacy, CONFIG)
    assert "def utc_now()" in text(legacy, CLOCK)
    assert "SystemClock" not in text(legacy, CLOCK)


def test_step_1_updates_the_trees_own_tests(legacy: Path) -> None:
    result = apply("1", legacy)
    assert isinstance(result, StepApplied)
    assert not (legacy / SUBSCRIBER_TESTS).exists()
    assert "clock=" not in text(legacy, CONFTEST)
    lost_updates = text(legacy, LOST_UPDATES)
    assert 'AGENT_AFTER_EXPLICIT_SWITCH = "billing"' in lost_updates
    assert "def test_seed_timeline_keeps_the_operator_reply(" in lost_updates


def test_step_2_moves_reads_to_the_services_and_removes_the_manager(legacy: Path) -> None:
    apply("1", legacy)
    result = apply("2", legacy)
    assert isinstance(result, StepApplied)
    handler = text(legacy, CHAT_HANDLER)
    assert "session_manager" not in handler and "state" not in handler
    assert "(await self._orchestration.get_context(session_id)).current_agent" in handler
    assert "(await self._sessions.get_session(session_id)).messages" in handler
    assert "session_manager" not in text(legacy, MAIN)
    assert not (legacy / "app" / "session_manager").exists()


def test_step_1b_replaces_the_subscriber_with_the_consistency_check(legacy: Path) -> None:
    result = apply("1b", legacy)
    assert isinstance(result, StepApplied)
    assert not (legacy / PERSISTENCE_SUBSCRIBER).exists()
    assert "class DataConsistencySubscriber" in text(legacy, CONSISTENCY_SUBSCRIBER)
    main = text(legacy, MAIN)
    assert "consistency=consistency_subscriber," in main
    assert "background=[consistency_subscriber]," in main
    assert "def consistency_reports(self)" in text(legacy, "app/application.py")
    assert (legacy / SESSION_MANAGER).exists()


def hand_edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        source = text(root, path)
        assert old in source
        (root / path).write_text(source.replace(old, new))

    return edit


def delete(path: str) -> Callable[[Path], None]:
    return lambda root: (root / path).unlink()


def applied(*step_ids: str) -> Callable[[Path], None]:
    def prepare(root: Path) -> None:
        for step_id in step_ids:
            assert isinstance(apply(step_id, root), StepApplied)

    return prepare


REFUSALS = [
    pytest.param(
        "1",
        applied("1"),
        f"already applied: {PERSISTENCE_SUBSCRIBER} is gone and unwired",
        id="1-already-applied",
    ),
    pytest.param(
        "1",
        delete(PERSISTENCE_SUBSCRIBER),
        f"{PERSISTENCE_SUBSCRIBER} is missing",
        id="1-missing-file",
    ),
    pytest.param(
        "2",
        lambda root: None,
        f"step 1 is not applied: {PERSISTENCE_SUBSCRIBER} still writes from memory",
        id="2-before-1",
    ),
    pytest.param(
        "2",
        applied("1", "2"),
        "already applied: app/session_manager/ is gone and unused",
        id="2-already-applied",
    ),
    pytest.param(
        "2",
        lambda root: (applied("1")(root), delete(SESSION_MANAGER)(root)),
        f"{SESSION_MANAGER} is missing",
        id="2-missing-file",
    ),
    pytest.param(
        "2",
        lambda root: (
            applied("1")(root),
            hand_edit(CHAT_HANDLER, "return list(state.messages)", "return snapshot(state)")(root),
        ),
        f"{CHAT_HANDLER}: `get_history` uses `state` as a whole, not only its fields",
        id="2-hand-edited-handler",
    ),
    pytest.param(
        "1b",
        applied("1b"),
        f"already applied: {CONSISTENCY_SUBSCRIBER} replaced the subscriber",
        id="1b-already-applied",
    ),
    pytest.param(
        "1b",
        applied("1"),
        f"{PERSISTENCE_SUBSCRIBER} is missing",
        id="1b-on-step-1",
    ),
    pytest.param(
        "1b",
        hand_edit(
            MAIN,
            "    persistence_subscriber = PersistenceSubscriber(\n"
            "        session_manager, clock, settings.flush_delay_seconds\n    )\n",
            "",
        ),
        f"{MAIN}: no component `persistence_subscriber` is built here",
        id="1b-hand-edited-main",
    ),
]


@pytest.mark.parametrize(("step_id", "prepare", "reason"), REFUSALS)
def test_a_wrong_tree_is_refused_and_left_as_it_was(
    legacy: Path, step_id: str, prepare: Callable[[Path], None], reason: str
) -> None:
    prepare(legacy)
    before = snapshot(legacy)
    assert apply(step_id, legacy) == StepRefused(step_id, reason)
    assert snapshot(legacy) == before


def test_step_1_refuses_a_main_cut_by_hand_where_it_must_cut(legacy: Path) -> None:
    hand_edit(
        MAIN,
        "background=[persistence_subscriber],\n"
        "        shutdown_hooks=[persistence_subscriber.shutdown, engine.dispose],",
        "background=[],\n        shutdown_hooks=[engine.dispose],",
    )(legacy)
    before = snapshot(legacy)
    assert apply("1", legacy) == StepRefused("1", f"{MAIN}: no list holds `persistence_subscriber`")
    assert snapshot(legacy) == before
