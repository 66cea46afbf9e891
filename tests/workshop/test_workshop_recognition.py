"""`workshop check` decides the step reached by behaviour: hand-written learner trees that differ
from our codemods' output are recognised, and incomplete ones get the right diagnosis."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from learner_trees import HANDLER, MAIN, codemod_output

from migration_steps.paths import stage_roots
from migration_steps.workshop.check import CheckOutcome, check_tree
from migration_steps.workshop.render import render_check

Checked = Callable[[str], CheckOutcome]


def criteria(outcome: CheckOutcome, step: str) -> dict[str, bool]:
    assert outcome.decision is not None
    result = next(r for r in outcome.decision.steps if r.step.step_id == step)
    return {c.criterion.key: c.met for c in result.criteria}


def findings_of(outcome: CheckOutcome, key: str) -> list:
    assert outcome.decision is not None
    return [
        finding
        for step in outcome.decision.steps
        for result in step.criteria
        if result.criterion.key == key
        for finding in result.findings
    ]


def test_step_1_done_differently_from_the_codemod_is_step_1(
    checked: Checked, learner_tree: Callable[[str], Path]
) -> None:
    root = learner_tree("step 1 by hand")
    assert (root / MAIN).read_text() != codemod_output("1").read(MAIN)
    outcome = checked("step 1 by hand")
    assert outcome.decision is not None and outcome.decision.unexplained == ()
    assert outcome.reached == 1
    assert outcome.working_on == "2"
    assert "Step reached: 1 of 3 (remove PersistenceSubscriber)" in render_check(outcome)


def test_step_2_done_differently_from_the_codemods_is_step_2(
    checked: Checked, learner_tree: Callable[[str], Path]
) -> None:
    root = learner_tree("step 2 by hand")
    ours = codemod_output("2")
    assert (root / HANDLER).read_text() != ours.read(HANDLER)
    assert (root / MAIN).read_text() != ours.read(MAIN)
    outcome = checked("step 2 by hand")
    assert outcome.reached == 2, render_check(outcome)
    assert criteria(outcome, "3") == {
        "concurrent-writers-lose-nothing": False,
        "constant-cost": False,
    }
    text = render_check(outcome)
    assert "concurrent-writers · loss: messages lost (any)" in text
    assert "Next: Step 3:" in text


def test_the_committed_target_reaches_step_3(checked: Checked) -> None:
    outcome = checked(str(stage_roots()["target"]))
    assert outcome.reached == 3, render_check(outcome)
    assert outcome.working_on is None


def test_a_deleted_module_still_imported_is_named_with_its_file_and_line(
    checked: Checked,
) -> None:
    outcome = checked("subscriber deleted, still imported")
    assert outcome.decision is None and outcome.not_run is not None
    problem = outcome.not_run.problem
    assert problem is not None
    assert (problem.path, problem.line) == (MAIN, 14)
    assert problem.error.startswith("ModuleNotFoundError: ")
    assert "persistence_subscriber" in problem.error
    assert problem.source == (
        "from app.events.subscribers.persistence_subscriber import PersistenceSubscriber"
    )
    text = render_check(outcome)
    assert "Your app does not import" in text
    assert "file:  app/main.py, line 14" in text
    assert "Traceback" not in text


def test_a_syntax_error_is_named_with_its_file_and_line(checked: Checked) -> None:
    outcome = checked("syntax error")
    assert outcome.not_run is not None and outcome.not_run.problem is not None
    assert outcome.not_run.problem.path == HANDLER
    assert "SyntaxError" in outcome.not_run.problem.error
    assert "Traceback" not in render_check(outcome)


def test_history_still_from_the_manager_is_step_1_with_the_stale_read_named(
    checked: Checked,
) -> None:
    outcome = checked("history still from the manager")
    assert outcome.reached == 1, render_check(outcome)
    assert outcome.working_on == "2"
    assert criteria(outcome, "2") == {
        "history-from-database": False,
        "agent-from-database": True,
        "manager-unused": False,
        "manager-deleted": False,
    }
    stale = findings_of(outcome, "history-from-database")
    assert {(f.scenario, f.check) for f in stale} >= {
        ("router-switch", "api: get_history(S1)"),
        ("explicit-switch", "api: get_history(S1)"),
        ("restart", "api: history same after restart"),
    }
    assert all(f.why.startswith("stale read") for f in stale)
    text = render_check(outcome)
    assert "router-switch · api: get_history(S1)" in text
    assert "why:      stale read" in text
    assert "get_history read the session through SessionManagementService" in text


def test_an_unwired_subscriber_file_left_behind_is_a_note_not_a_failure(
    checked: Checked,
) -> None:
    outcome = checked("history still from the manager")
    assert outcome.decision is not None
    assert any("persistence_subscriber.py is still there" in n for n in outcome.decision.notes)


def test_code_that_raises_is_reported_at_its_line_and_holds_every_step_back(
    checked: Checked,
) -> None:
    outcome = checked("manager cut from main.py only")
    assert outcome.decision is not None
    assert outcome.decision.unexplained and outcome.reached == 0
    text = render_check(outcome)
    assert "your code raised AttributeError: 'ChatHandler' object has no attribute" in text
    assert f"file:  {HANDLER}, line " in text
    assert "Next: Your code raises AttributeError" in text


@pytest.mark.postgres
def test_step_1_by_hand_is_step_1_on_postgresql(
    pg_url: str, learner_tree: Callable[[str], Path]
) -> None:
    outcome = check_tree(learner_tree("step 1 by hand"), pg_url, record=False)
    assert outcome.db == "postgresql"
    assert outcome.reached == 1, render_check(outcome)


def test_an_immediate_save_from_memory_is_not_step_1(checked: Checked) -> None:
    outcome = checked("immediate save from memory")
    assert outcome.reached == 0
    assert criteria(outcome, "1") == {"nothing-lost": False, "one-save-per-message": False}
    lost = findings_of(outcome, "nothing-lost")
    assert ("agent-revert", "loss: messages lost") in {(f.scenario, f.check) for f in lost}


def test_a_regression_in_a_later_step_names_the_scenario_it_shows_in(checked: Checked) -> None:
    outcome = checked("append-only save re-inserts on close")
    assert outcome.decision is not None
    assert [r.met for r in outcome.decision.steps] == [False, True, True]
    text = render_check(outcome)
    assert "the goals of step(s) 2, 3 hold, but step 1's do not" in text
    assert "close-session · loss: messages duplicated" in text
    assert "Next: Step 1: Messages are stored more than once" in text


def test_a_tree_that_never_finishes_is_stopped_and_the_scenario_named(checked: Checked) -> None:
    outcome = checked("a turn that never ends")
    assert outcome.not_run is not None and outcome.not_run.kind == "unfinished"
    assert outcome.not_run.last_scenario == "conversation"
    assert outcome.seconds < 15
    assert "The scenarios did not finish (it was running conversation)" in render_check(outcome)
