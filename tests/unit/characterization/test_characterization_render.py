"""The human form of a verify report."""

from migration_steps.characterization.render import render_verify
from migration_steps.characterization.report import CheckResult, ScenarioReport, VerifyReport


def report(approved_diff: str | None = None) -> VerifyReport:
    return VerifyReport(
        stage="step-1",
        db="sqlite",
        golden="golden/legacy.json",
        approved_diff=approved_diff,
        scenarios=[
            ScenarioReport(
                "conversation",
                [
                    CheckResult("api: get_history(S1)", "same", ["user: Hello"], ["user: Hello"]),
                    CheckResult("statements: DELETE", "same", 9, 9),
                ],
            ),
            ScenarioReport(
                "seed-timeline",
                [
                    CheckResult("loss: messages lost", "intended", ["S1 a"], [], "no flush"),
                    CheckResult("statements per write: SELECT", "same", 2, 2),
                ],
            ),
            ScenarioReport(
                "close-session",
                [
                    CheckResult(
                        "events: A",
                        "regression",
                        [{"event": "SessionCreated"}, {"event": "SessionClosed"}],
                        [{"event": "SessionCreated"}],
                    ),
                    CheckResult("rows: S1 status", "same", "closed", "closed"),
                ],
            ),
        ],
    )


def test_the_matrix_lists_scenarios_with_regressions_first() -> None:
    lines = render_verify(report()).splitlines()
    assert lines[0] == "playbook verify — stage step-1 on sqlite"
    header = lines.index(next(line for line in lines if line.startswith("scenario")))
    assert lines[header].split() == ["scenario", "api", "rows", "events", "statements", "loss"]
    assert lines[header + 1].split() == ["close-session", "·", "same", "REGRESSION×1", "·", "·"]
    assert lines[header + 2].split() == ["seed-timeline", "·", "·", "·", "same", "intended×1"]
    assert lines[header + 3].split() == ["conversation", "same", "·", "·", "same", "·"]


def test_each_regression_then_each_intended_change_shows_both_values() -> None:
    text = render_verify(report())
    regression = text.index("REGRESSION  close-session · events: A")
    intended = text.index("intended  seed-timeline · loss: messages lost")
    assert regression < intended
    assert '  expected: [{"event": "SessionCreated"}, {"event": "SessionClosed"}]' in text
    assert '    - {"event": "SessionClosed"}' in text
    assert "  why:      no flush" in text
    assert text.endswith("6 checks: 4 same, 1 intended, 1 regression")


def test_an_approval_shows_its_diff_or_says_nothing_changed() -> None:
    assert "--- a\n+++ b" in render_verify(report("--- a\n+++ b\n"))
    assert "golden transcripts unchanged: golden/legacy.json" in render_verify(report(""))
