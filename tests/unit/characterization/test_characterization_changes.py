"""The matching rule of declared behaviour changes."""

from dataclasses import dataclass

import pytest

from migration_steps.characterization.changes import (
    IntendedChange,
    find_intended,
    is_predicate,
    value_matches,
)


@pytest.mark.parametrize(
    ("spec", "value"),
    [
        (">0", 3),
        (">0", True),
        (">0", ["assistant: Good"]),
        ("0", 0),
        ("0", False),
        ("0", []),
        ("0", None),
        ("=2", 2.0),
        ("<= 2", 1),
        ("!=1", "ab"),
        ("*", {"anything": "at all"}),
        ("triage", "triage"),
        ({"agent": "tech"}, {"agent": "tech"}),
        (None, None),
        (2, 2),
    ],
)
def test_a_spec_matches(spec: object, value: object) -> None:
    assert value_matches(spec, value)


@pytest.mark.parametrize(
    ("spec", "value"),
    [
        (">0", 0),
        (">0", []),
        ("0", ["x"]),
        ("0", True),
        ("2", 3),
        ("triage", "tech"),
        ({"agent": "tech"}, {"agent": "billing"}),
        (">0", object()),
        (0, None),
    ],
)
def test_a_spec_does_not_match(spec: object, value: object) -> None:
    assert not value_matches(spec, value)


def test_only_operator_and_number_strings_are_predicates() -> None:
    assert [is_predicate(s) for s in (">0", "0", " >= 1.5 ", "*", "triage", "0 messages", 0)] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]


def test_scenario_and_check_match_exactly_or_as_patterns() -> None:
    change = IntendedChange("*", "loss: messages lost*", ">0", "0", "append-only rows")
    assert change.applies_to("seed-timeline", "loss: messages lost", ["x"], [])
    assert change.applies_to("concurrent-writers", "loss: messages lost (any)", True, False)
    assert not change.applies_to("seed-timeline", "loss: switches lost", ["x"], [])
    assert not change.applies_to("seed-timeline", "loss: messages lost", [], ["x"])


def test_a_name_with_pattern_characters_still_matches_itself() -> None:
    name = "api: post_user_turn(S1, 'How are you?') [x]"
    assert IntendedChange("conversation", name, "*", "*", "").applies_to("conversation", name, 1, 2)


def test_the_first_declared_change_that_applies_is_found() -> None:
    changes = [
        IntendedChange("a", "statements: DELETE messages", 2, 1, "first"),
        IntendedChange("*", "statements: *", "*", "*", "second"),
    ]
    assert find_intended(changes, "a", "statements: DELETE messages", 2, 1).why == "first"
    assert find_intended(changes, "b", "statements: DELETE messages", 2, 1).why == "second"
    assert find_intended(changes, "b", "rows: S1 agent", "triage", "tech") is None


def test_an_intended_change_is_frozen() -> None:
    change = IntendedChange("a", "b", 1, 0, "why")
    with pytest.raises(AttributeError):
        change.why = "other"  # type: ignore[misc]


def test_any_object_with_the_five_attributes_is_a_declared_change() -> None:
    @dataclass(frozen=True)
    class StepChange:
        scenario: str
        check: str
        before: str
        after: str
        why: str

    declared = [StepChange("seed-timeline", "loss: messages lost", ">0", "0", "step 3")]
    found = find_intended(declared, "seed-timeline", "loss: messages lost", ["S1 x"], [])
    assert found is declared[0]
