"""Classifying a stage's checks against the golden ones."""

from migration_steps.characterization.changes import IntendedChange
from migration_steps.characterization.compare import ABSENT, classify_run, classify_scenario

GOLDEN = {
    "stage": "legacy",
    "db": "sqlite",
    "scenarios": {
        "seed-timeline": {
            "api: create_session()": "S1",
            "loss: messages lost": ["S1 assistant: Good"],
            "statements: DELETE messages": 6,
        },
        "conversation": {"rows: S1 agent": "triage"},
    },
}


def run_of(**scenarios: dict) -> dict:
    return {"scenarios": [{"name": n, "checks": c, "info": {"n": 1}} for n, c in scenarios.items()]}


def statuses(report) -> dict[str, str]:
    return {check.name: check.status for check in report.checks}


def test_equal_checks_are_same_and_differences_regress() -> None:
    report = classify_scenario(
        "seed-timeline",
        GOLDEN["scenarios"]["seed-timeline"],
        {
            "api: create_session()": "S1",
            "loss: messages lost": [],
            "statements: DELETE messages": 6,
        },
        [],
    )
    assert statuses(report) == {
        "api: create_session()": "same",
        "loss: messages lost": "regression",
        "statements: DELETE messages": "same",
    }
    lost = report.checks[1]
    assert (lost.expected, lost.observed, lost.why) == (["S1 assistant: Good"], [], None)


def test_a_declared_change_makes_a_difference_intended_with_its_reason() -> None:
    intended = [IntendedChange("seed-timeline", "loss: messages lost", ">0", "0", "no flush")]
    report = classify_scenario(
        "seed-timeline",
        GOLDEN["scenarios"]["seed-timeline"],
        {
            "api: create_session()": "S1",
            "loss: messages lost": [],
            "statements: DELETE messages": 3,
        },
        intended,
    )
    assert statuses(report)["loss: messages lost"] == "intended"
    assert report.checks[1].why == "no flush"
    assert statuses(report)["statements: DELETE messages"] == "regression"


def test_a_missing_statement_kind_counts_as_zero_other_missing_checks_as_absent() -> None:
    report = classify_scenario(
        "s",
        {"statements: DELETE agent_contexts": 2, "rows: S1 agent": "triage"},
        {"statements: UPDATE sessions": 1},
        [IntendedChange("s", "statements: DELETE agent_contexts", 2, "0", "no rewrite")],
    )
    checks = {check.name: check for check in report.checks}
    assert checks["statements: DELETE agent_contexts"].status == "intended"
    assert checks["statements: DELETE agent_contexts"].observed == 0
    assert checks["rows: S1 agent"].observed == ABSENT
    assert checks["rows: S1 agent"].status == "regression"
    new = checks["statements: UPDATE sessions"]
    assert (new.expected, new.observed, new.status) == (0, 1, "regression")


def test_checks_keep_the_golden_order_then_new_ones() -> None:
    report = classify_scenario("s", {"b": 1, "a": 1}, {"c": 1, "a": 1, "b": 1}, [])
    assert [check.name for check in report.checks] == ["b", "a", "c"]


def test_a_scenario_the_stage_did_not_produce_regresses_and_a_new_one_is_reported() -> None:
    scenarios = classify_run(
        GOLDEN, run_of(conversation={"rows: S1 agent": "triage"}, extra={"x": 1}), []
    )
    assert [s.name for s in scenarios] == ["seed-timeline", "conversation", "extra"]
    assert {c.status for c in scenarios[0].checks} == {"regression"}
    assert scenarios[0].info == {}
    assert scenarios[1].info == {"n": 1}
    assert [(c.name, c.expected, c.status) for c in scenarios[2].checks] == [
        ("x", ABSENT, "regression")
    ]
