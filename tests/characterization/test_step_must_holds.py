"""What issue 4 requires of steps 1 and 2, read off the verify transcripts of their stages.

After step 1: no message is written twice (one save per acknowledged message) and nothing is
lost in seed-timeline, agent-revert and two-instances; the API still reads manager memory, and
the transcripts show where that memory is stale. After step 2: the same, reads come from the
database, and no module of the tree imports a session manager.
"""

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from migration_steps.characterization.report import VerifyReport

Verified = Callable[[str, str | None], VerifyReport]
StageTree = Callable[[str], str]

LOSS_SCENARIOS = ("seed-timeline", "agent-revert", "two-instances")
# Scenarios without a close (a close saves the session once more) and not racy.
ONE_SAVE_PER_MESSAGE = (
    *LOSS_SCENARIOS,
    "conversation",
    "router-switch",
    "explicit-switch",
    "restart",
)
# Scenarios whose last call reads the history of S1, after every write.
ENDS_READING_HISTORY = (
    "conversation",
    "router-switch",
    "explicit-switch",
    "close-session",
    "bad-inputs",
)


def observed(report: VerifyReport, scenario: str) -> dict[str, Any]:
    found = next(s for s in report.scenarios if s.name == scenario)
    return {check.name: check.observed for check in found.checks}


def info(report: VerifyReport, scenario: str) -> dict[str, Any]:
    return next(s for s in report.scenarios if s.name == scenario).info


@pytest.mark.parametrize("stage", ["step-1", "step-2"])
@pytest.mark.parametrize("scenario", LOSS_SCENARIOS)
def test_nothing_is_lost_or_duplicated(
    stage: str, scenario: str, database: str | None, verified: Verified
) -> None:
    checks = observed(verified(stage, database), scenario)
    assert checks["loss: messages lost"] == []
    assert checks["loss: messages duplicated"] == []
    assert checks["loss: switches lost"] == []
    assert info(verified(stage, database), scenario)["lost"] == 0


@pytest.mark.parametrize("stage", ["step-1", "step-2"])
@pytest.mark.parametrize("scenario", ONE_SAVE_PER_MESSAGE)
def test_no_message_is_written_twice(
    stage: str, scenario: str, database: str | None, verified: Verified
) -> None:
    """Each acknowledged message is saved once, by its service: 1 DELETE + 1 INSERT + 1 UPDATE."""
    report = verified(stage, database)
    checks, acknowledged = observed(report, scenario), info(report, scenario)["acknowledged"]
    saves = {
        check: checks[f"statements: {check}"]
        for check in ("DELETE messages", "INSERT messages", "UPDATE sessions")
    }
    assert saves == dict.fromkeys(saves, acknowledged)


@pytest.mark.parametrize("scenario", LOSS_SCENARIOS)
def test_legacy_writes_twice_where_the_steps_write_once(
    scenario: str, database: str | None, verified: Verified
) -> None:
    """The check above can fail: legacy's flush saves the session a second time."""
    report = verified("legacy", database)
    assert (
        observed(report, scenario)["statements: INSERT messages"]
        > info(report, scenario)["acknowledged"]
    )


@pytest.mark.parametrize("scenario", ENDS_READING_HISTORY)
def test_after_step_2_the_history_served_is_the_history_stored(
    scenario: str, database: str | None, verified: Verified
) -> None:
    checks = observed(verified("step-2", database), scenario)
    assert checks["api: get_history(S1)"] == checks["rows: S1 messages"]


def test_step_1_shows_the_stale_reads_that_step_2_removes(
    database: str | None, verified: Verified
) -> None:
    """Step 1 serves manager memory: it lacks the hand-off notes the services stored, and a
    restarted instance (reading the database) disagrees with the first. Step 2 reads the
    database: both agree, and the current agent is the operator's switch at once."""
    step_1, step_2 = verified("step-1", database), verified("step-2", database)
    for scenario in ("router-switch", "explicit-switch"):
        stale = observed(step_1, scenario)
        assert stale["api: get_history(S1)"] != stale["rows: S1 messages"]
        assert all(not m.startswith("system: ") for m in stale["api: get_history(S1)"])
    assert observed(step_1, "restart")["api: history same after restart"] is False
    assert observed(step_2, "restart")["api: history same after restart"] is True
    assert observed(step_1, "explicit-switch")["api: get_current_agent(S1)"] == "triage"
    assert observed(step_2, "explicit-switch")["api: get_current_agent(S1)"] == "billing"
    restart = next(s for s in step_2.scenarios if s.name == "restart")
    agreement = next(c for c in restart.checks if c.name == "api: history same after restart")
    assert agreement.status == "same"  # step 1's declared stale read no longer happens


def imports_of(path: Path) -> list[str]:
    """Every module or name a Python file imports, as dotted text."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def test_after_step_2_no_module_imports_a_session_manager(stage_tree: StageTree) -> None:
    root = Path(stage_tree("step-2"))
    modules = sorted(root.glob("app/**/*.py")) + sorted(root.glob("tests/**/*.py"))
    assert len(modules) > 20
    offenders = {
        str(path.relative_to(root)): name
        for path in modules
        for name in imports_of(path)
        if "session_manager" in name.lower() or "sessionmanager" in name.lower()
    }
    assert offenders == {}
    assert not (root / "app" / "session_manager").exists()


def test_before_step_2_modules_do_import_the_session_manager(stage_tree: StageTree) -> None:
    """The scan above can fail: at step 1 the chat handler and main.py still import it."""
    root = Path(stage_tree("step-1"))
    importers = {
        str(path.relative_to(root))
        for path in root.glob("app/**/*.py")
        if any("session_manager" in name for name in imports_of(path))
    }
    assert {"app/main.py", "app/handlers/chat_handler.py"} <= importers
