"""Step 1's declared changes still catch a wrong step 1: altered copies of its tree, verified with
its declarations, report regressions where the declared `after` no longer holds."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from migration_steps import commands
from migration_steps.characterization.stages import intended_changes_for

StageTree = Callable[[str], str]
SAVE = "        await self._repository.save(session)\n"


def regressions_of_altered_step_1(
    stage_tree: StageTree, tmp_path: Path, relative: str, old: str, new: str
) -> set[tuple[str, str]]:
    tree = tmp_path / "altered"
    shutil.copytree(Path(stage_tree("step-1")) / "app", tree / "app")
    path = tree / "app" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"app/{relative} no longer holds {old!r}: update this alteration"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    report = commands.verify(str(tree), intended=intended_changes_for("step-1"))
    return {(scenario, check.name) for scenario, check in report.with_status("regression")}


def test_a_step_1_that_saves_every_message_twice_regresses(
    stage_tree: StageTree, tmp_path: Path
) -> None:
    """Fewer statements than legacy would pass `<before` here; `=acknowledged` does not."""
    regressions = regressions_of_altered_step_1(
        stage_tree,
        tmp_path,
        "services/session_management.py",
        f"{SAVE}        await self._publish(MessageReceived",
        f"{SAVE}{SAVE}        await self._publish(MessageReceived",
    )
    assert ("seed-timeline", "statements: INSERT messages") in regressions
    assert ("agent-revert", "statements: INSERT messages") in regressions
    assert ("two-instances", "statements: INSERT messages") in regressions


def test_a_step_1_that_drops_the_hand_off_notes_regresses(
    stage_tree: StageTree, tmp_path: Path
) -> None:
    """Nothing acknowledged is lost (the note is never written) and the rows look like legacy's
    again, but the audit trail misses the notes' events."""
    regressions = regressions_of_altered_step_1(
        stage_tree,
        tmp_path,
        "handlers/chat_handler.py",
        "await self._orchestration.post_hand_off_note(session_id, switch)",
        "pass",
    )
    assert ("router-switch", "events: A") in regressions
    assert ("agent-revert", "events: A") in regressions
    assert not any(check.startswith("loss: messages lost") for _, check in regressions)


@pytest.mark.parametrize("stage", ["step-1", "step-2", "alt-verify"])
def test_a_plain_copy_of_a_step_tree_without_its_declarations_regresses(
    stage: str, stage_tree: StageTree, tmp_path: Path
) -> None:
    tree = tmp_path / "copy"
    shutil.copytree(Path(stage_tree(stage)) / "app", tree / "app")
    report = commands.verify(str(tree))
    assert report.summary["intended"] == 0
    assert ("seed-timeline", "loss: messages lost") in {
        (scenario, check.name) for scenario, check in report.with_status("regression")
    }
