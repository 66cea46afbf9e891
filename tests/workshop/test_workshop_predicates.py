"""The step predicates on their own: what they read exists, and what they let through."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

from migration_steps.characterization import golden
from migration_steps.characterization.report import CheckResult, ScenarioReport, VerifyReport
from migration_steps.workshop import predicates
from migration_steps.workshop.check import CheckOutcome
from migration_steps.workshop.decide import decide
from migration_steps.workshop.evidence import Evidence
from migration_steps.workshop.progress import LearnerRow
from migration_steps.workshop.render_report import render_report
from migration_steps.workshop.scan import scan_tree

Checked = Callable[[str], CheckOutcome]


def test_every_check_the_predicates_read_is_in_the_golden_transcripts() -> None:
    scenarios = golden.load(golden.golden_path())["scenarios"]
    read = [(s, c) for s in predicates.LOSS_SCENARIOS for c in predicates.LOSS_CHECKS]
    read += [
        (s, f"statements: {kind} messages")
        for s in predicates.ONE_SAVE_PER_MESSAGE
        for kind in ("INSERT", "DELETE")
    ]
    read += [
        (s, c)
        for s in predicates.ENDS_READING_HISTORY
        for c in ("api: get_history(S1)", "rows: S1 messages")
    ]
    read += [
        ("restart", "api: history same after restart"),
        ("restart", "api: agent same after restart"),
        ("explicit-switch", predicates.OPERATOR_SWITCH),
        ("explicit-switch", "api: get_current_agent(S1)"),
        ("explicit-switch", "api: get_current_agent(S1) #2"),
        ("explicit-switch", "rows: S1 agent"),
        *(
            (predicates.CONCURRENT, c)
            for c in (
                "loss: messages lost (any)",
                "loss: messages duplicated (any)",
                "api: concurrent add_message outcomes",
                "rows: S1 seed messages kept",
            )
        ),
    ]
    assert [(s, c) for s, c in read if c not in scenarios.get(s, {})] == []


def with_check(report: VerifyReport, scenario: str, check: CheckResult) -> VerifyReport:
    scenarios = [
        dataclasses.replace(s, checks=[*s.checks, check]) if s.name == scenario else s
        for s in report.scenarios
    ]
    return dataclasses.replace(report, scenarios=scenarios)


def evidence_of(outcome: CheckOutcome, report: VerifyReport) -> Evidence:
    return Evidence(report, scan_tree(outcome.root))


def test_a_statement_count_no_step_declares_is_shown_but_holds_nobody_back(
    checked: Checked,
) -> None:
    outcome = checked("step 1 by hand")
    assert outcome.decision is not None
    assert outcome.report is not None
    report = with_check(
        outcome.report,
        "conversation",
        CheckResult("statements: SELECT messages", "regression", 3, 9),
    )
    decision = decide(evidence_of(outcome, report))
    assert decision.reached == 1 and len(decision.costs) == 1
    broken = with_check(
        report, "conversation", CheckResult("events: A", "regression", ["x"], ["y"])
    )
    decision = decide(evidence_of(outcome, broken))
    assert (decision.goals_met, decision.reached) == (1, 0)
    assert [d.check.name for d in decision.unexplained] == ["events: A"]


def test_constant_cost_reads_rows_written_per_add_message() -> None:
    def report(rows: dict[str, int], acknowledged: int) -> VerifyReport:
        info = {"writers": 50, "rows written": rows}
        scenarios = [ScenarioReport(predicates.CONCURRENT, [], info)] + [
            ScenarioReport(name, [], {"acknowledged": acknowledged, "rows written": rows})
            for name in predicates.ONE_SAVE_PER_MESSAGE
        ]
        return VerifyReport("t", "sqlite", scenarios, "")

    scan = scan_tree(Path("/nonexistent"))
    append_only = report({"INSERT messages": 50, "UPDATE sessions": 50}, 50)
    assert predicates.constant_cost(Evidence(append_only, scan)) == []
    rewriting = report({"INSERT messages": 317, "DELETE messages": 50}, 50)
    findings = predicates.constant_cost(Evidence(rewriting, scan))
    assert findings[0].observed == "6.34 inserted, 1 deleted"
    assert len(findings) == 1 + len(predicates.ONE_SAVE_PER_MESSAGE)


def test_the_scan_finds_imports_and_uses_with_their_lines(tmp_path: Path) -> None:
    (tmp_path / "app" / "handlers").mkdir(parents=True)
    (tmp_path / "app" / "handlers" / "h.py").write_text(
        "import app.session_manager.async_session_manager as m\n"
        "from app.somewhere import AsyncSessionManager\n"
        "def f(self):\n"
        "    return self._session_manager.get(1)\n"
    )
    (tmp_path / "app" / "broken.py").write_text("def (:\n")
    scan = scan_tree(tmp_path)
    assert [(u.path, u.line, u.what) for u in scan.app_uses] == [
        ("app/handlers/h.py", 1, "imports app.session_manager.async_session_manager"),
        ("app/handlers/h.py", 2, "imports AsyncSessionManager from app.somewhere"),
        ("app/handlers/h.py", 4, "uses ._session_manager"),
    ]
    assert [(u.path, u.line) for u in scan.unreadable] == [("app/broken.py", 1)]
    assert not scan.manager_package_present and not scan.subscriber_file_present


def test_the_report_table_has_one_line_per_learner() -> None:
    rows = [
        LearnerRow("room/ada", "Ada", 2, 3, 4, "2030-01-01T10:00:00+00:00", "ok"),
        LearnerRow("room/bob", "Bob", None, None, 0, None, "never checked"),
        LearnerRow("room/x", "x", None, None, 0, None, "not a workspace"),
    ]
    lines = render_report(rows).splitlines()
    assert lines[0].split() == [
        "learner",
        "step",
        "failing",
        "hints",
        "last",
        "check",
        "status",
        "directory",
    ]
    assert lines[1].split()[:4] == ["Ada", "2/3", "3", "4"]
    assert lines[2].split()[:4] == ["Bob", "—", "—", "0"]
    assert lines[-1] == "2 learner(s): 1 reached step 1, 1 reached step 2, 0 reached step 3"
    assert json.dumps([r.as_json() for r in rows])
