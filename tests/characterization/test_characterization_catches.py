"""The harness can fail: altered copies of legacy are reported as regressions, by scenario and
check; a declared change is reported as intended instead."""

from collections.abc import Callable
from pathlib import Path

import pytest

from migration_steps import commands
from migration_steps.characterization.changes import IntendedChange
from migration_steps.characterization.report import VerifyReport

AlterLegacy = Callable[[str, str, str], Path]


def regression_names(report: VerifyReport) -> set[tuple[str, str]]:
    return {(scenario, check.name) for scenario, check in report.with_status("regression")}


ALTERATIONS = [
    pytest.param(
        "agents/triage.py",
        '"Hi"),',
        '"Hi there"),',
        ("conversation", "api: post_user_turn(S1, 'Hello')"),
        id="changed-agent-reply",
    ),
    pytest.param(
        "events/subscribers/audit_logger.py",
        "AUDITED_EVENTS = (SessionCreated, MessageReceived, AgentSwitched, SessionClosed)",
        "AUDITED_EVENTS = (SessionCreated, MessageReceived, AgentSwitched)",
        ("close-session", "events: A"),
        id="session-closed-not-audited",
    ),
    pytest.param(
        "repositories/session_repository.py",
        "await connection.execute(insert(messages), rows)",
        "await connection.execute(insert(messages), rows + rows[-1:])",
        ("concurrent-writers", "loss: messages duplicated (any)"),
        id="repository-stores-a-message-twice",
    ),
    pytest.param(
        "session_manager/async_session_manager.py",
        "await connection.execute(insert(messages), rows)",
        "await connection.execute(insert(messages), rows + rows[-1:])",
        ("conversation", "loss: messages duplicated"),
        id="flush-stores-a-message-twice",
    ),
    pytest.param(
        "domain/errors.py",
        'f"no session with id {session_id!r}"',
        'f"session {session_id!r} not found"',
        ("bad-inputs", "api: get_history('no-such-session')"),
        id="error-message-reworded",
    ),
]


@pytest.mark.parametrize(("relative", "old", "new", "expected"), ALTERATIONS)
def test_an_alteration_is_a_regression_of_the_scenario_and_check(
    alter_legacy: AlterLegacy,
    relative: str,
    old: str,
    new: str,
    expected: tuple[str, str],
) -> None:
    report = commands.verify(str(alter_legacy(relative, old, new)))
    assert report.failed
    assert expected in regression_names(report)


def test_a_declared_change_is_intended_and_the_rest_still_regresses(
    alter_legacy: AlterLegacy,
) -> None:
    """Step 1 in miniature: the persistence subscriber no longer listens."""
    tree = alter_legacy("main.py", "    persistence_subscriber.subscribe(bus)\n", "")
    declared = [
        IntendedChange("*", "statements*", "*", "*", "the flush no longer rewrites sessions"),
        IntendedChange("*", "loss: messages lost", ">0", "0", "nothing is overwritten"),
    ]
    report = commands.verify(str(tree), intended=declared)
    intended = {(scenario, check.name): check for scenario, check in report.with_status("intended")}
    lost = intended[("seed-timeline", "loss: messages lost")]
    assert (lost.expected, lost.observed, lost.why) == (
        ["S1 assistant: Good"],
        [],
        "nothing is overwritten",
    )
    assert ("conversation", "statements: DELETE messages") in intended
    assert ("seed-timeline", "rows: S1 messages") in regression_names(report)
    assert not any(
        check.startswith(("statements", "loss: messages lost"))
        for _, check in regression_names(report)
    )


def test_two_stages_in_one_run_keep_their_own_modules(alter_legacy: AlterLegacy) -> None:
    altered = commands.verify(str(alter_legacy("agents/triage.py", '"Hi"),', '"Hey"),')))
    assert ("conversation", "api: post_user_turn(S1, 'Hello')") in regression_names(altered)
    assert not commands.verify("legacy").failed
