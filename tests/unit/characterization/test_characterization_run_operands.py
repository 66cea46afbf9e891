"""Predicates that compare with a size of the same run: `before` (the golden value) and
`acknowledged` (the messages the services acknowledged in the scenario, at this stage)."""

import pytest

from migration_steps.characterization.changes import (
    IntendedChange,
    is_predicate,
    run_operands,
    value_matches,
)
from migration_steps.characterization.compare import classify_scenario

ONE_SAVE = IntendedChange("*", "statements: INSERT messages", ">0", "=acknowledged", "one save")
FEWER = IntendedChange("*", "statements: DELETE", ">0", "<before", "flush gone")


def test_named_operands_are_predicates() -> None:
    assert [is_predicate(s) for s in ("<before", "= acknowledged", "<beforehand", "=ack")] == [
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("spec", "value", "matches"),
    [
        ("<before", 5, True),
        ("<before", 7, False),
        ("<before", 9, False),
        ("=acknowledged", 5, True),
        ("=acknowledged", 6, False),
        (">=acknowledged", ["a", "b", "c", "d", "e", "f"], True),
    ],
)
def test_a_named_operand_is_the_size_measured(spec: str, value: object, matches: bool) -> None:
    assert value_matches(spec, value, {"before": 7, "acknowledged": 5}) is matches


def test_an_operand_that_was_not_measured_matches_nothing() -> None:
    assert not value_matches("=acknowledged", 0, {"before": 0})
    assert not value_matches("<before", 0)
    assert run_operands(object(), {"acknowledged": True}) == {}
    assert run_operands(["a"], {"acknowledged": 4}) == {"before": 1, "acknowledged": 4}


def test_acknowledged_comes_from_the_scenario_information() -> None:
    golden = {"statements: INSERT messages": 7, "statements: DELETE": 9}
    right = classify_scenario(
        "conversation",
        golden,
        {"statements: INSERT messages": 5, "statements: DELETE": 5},
        [ONE_SAVE, FEWER],
        {"acknowledged": 5},
    )
    assert [check.status for check in right.checks] == ["intended", "intended"]
    wrong = classify_scenario(
        "conversation",
        golden,
        {"statements: INSERT messages": 6, "statements: DELETE": 11},
        [ONE_SAVE, FEWER],
        {"acknowledged": 5},
    )
    assert [check.status for check in wrong.checks] == ["regression", "regression"]
    assert (
        classify_scenario(
            "conversation", golden, {**golden, "statements: INSERT messages": 5}, [ONE_SAVE]
        )
        .checks[0]
        .status
        == "regression"
    )
