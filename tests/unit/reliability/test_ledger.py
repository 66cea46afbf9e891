"""The ledger's counts: what callers were told against what is stored."""

import pytest

from migration_steps.reliability.ledger import WriteOutcome, WriteStatus, content_of, tally

ACK, FAILED, DOUBT = WriteStatus.ACKNOWLEDGED, WriteStatus.FAILED, WriteStatus.IN_DOUBT


def outcome(content: str, status: WriteStatus, session: str = "s") -> WriteOutcome:
    return WriteOutcome(session, content, status)


@pytest.mark.parametrize(
    ("outcomes", "stored", "expected"),
    [
        pytest.param([outcome("a", ACK)], {"s": ["a"]}, (0, 0, 0, 1), id="kept"),
        pytest.param([outcome("a", ACK)], {"s": []}, (1, 0, 0, 0), id="lost"),
        pytest.param([outcome("a", ACK)], {"s": ["a", "a"]}, (0, 1, 0, 2), id="duplicated"),
        pytest.param([outcome("a", FAILED)], {"s": ["a"]}, (0, 0, 1, 1), id="phantom"),
        pytest.param([outcome("a", FAILED)], {"s": []}, (0, 0, 0, 0), id="refused-not-stored"),
        pytest.param([outcome("a", DOUBT)], {"s": ["a"]}, (0, 0, 0, 1), id="in-doubt-stored"),
        pytest.param([outcome("a", DOUBT)], {"s": []}, (0, 0, 0, 0), id="in-doubt-not-stored"),
        pytest.param([outcome("a", DOUBT)], {"s": ["a", "a"]}, (0, 1, 0, 2), id="in-doubt-twice"),
        pytest.param(
            [outcome("a", ACK, "s1")], {"s2": ["a"], "s1": []}, (1, 0, 0, 0), id="other-session"
        ),
        pytest.param(
            [outcome("a", ACK)], {"s": ["seed", "a", "reply"]}, (0, 0, 0, 1), id="others-ignored"
        ),
    ],
)
def test_tally(
    outcomes: list[WriteOutcome], stored: dict[str, list[str]], expected: tuple[int, ...]
) -> None:
    counted = tally(outcomes, stored)
    assert (
        len(counted.lost),
        len(counted.duplicated),
        len(counted.phantom),
        counted.stored,
    ) == expected
    assert counted.holds == (expected[:3] == (0, 0, 0))


def test_counts_by_status_and_rows_round_trip() -> None:
    outcomes = [outcome("a", ACK), outcome("b", FAILED), outcome("c", DOUBT)]
    counted = tally([WriteOutcome.from_row(o.as_row()) for o in outcomes], {"s": ["a"]})
    figures = counted.as_dict()
    assert {key: figures[key] for key in ("attempted", "acknowledged", "failed", "in_doubt")} == {
        "attempted": 3,
        "acknowledged": 1,
        "failed": 1,
        "in_doubt": 1,
    }


@pytest.mark.parametrize(
    ("stored", "content"),
    [("user: hello", "hello"), ("assistant: a: b", "a: b"), ("no role", "no role")],
)
def test_content_of(stored: str, content: str) -> None:
    assert content_of(stored) == content
