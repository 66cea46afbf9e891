"""API results and errors as id-free JSON."""

from dataclasses import dataclass
from enum import StrEnum

from migration_steps.characterization.normalise import SessionLabels, canonical


@dataclass(frozen=True)
class Turn:
    reply: str | None
    agent: str


@dataclass(frozen=True)
class View:
    role: str
    content: str


class Role(StrEnum):
    USER = "user"


SESSION = "0b8c5f5e-6f4e-4a53-9a39-5ad1b1f0a7c2"


def labels() -> SessionLabels:
    result = SessionLabels()
    result.add(SESSION)
    result.add("other-session")
    return result


def test_sessions_are_labelled_in_the_order_met_and_once() -> None:
    names = labels()
    assert names.add(SESSION) == "S1"
    assert names.items() == [(SESSION, "S1"), ("other-session", "S2")]


def test_results_become_plain_json_without_ids() -> None:
    names = labels()
    assert names.value(SESSION) == "S1"
    assert names.value(Turn(None, "triage")) == {"agent": "triage", "reply": None}
    assert names.value([View("user", "Hello")]) == ["user: Hello"]
    assert names.value(Role.USER) == "user"
    assert names.value({"session_id": SESSION, "b": (1, 2)}) == {"b": [1, 2], "session_id": "S1"}


def test_errors_keep_their_type_and_message_with_labels() -> None:
    error = LookupError(f"session {SESSION!r} is closed")
    assert labels().error(error) == {"error": "LookupError", "message": "session 'S1' is closed"}


def test_arguments_show_labels_and_shorten_long_text() -> None:
    names = labels()
    assert names.argument(SESSION) == "S1"
    assert names.argument("no-such-session") == "'no-such-session'"
    assert names.argument(42) == "42"
    assert names.argument("x" * 100_000) == "'xxxxxxxx'… (100000 characters)"


def test_canonical_sorts_keys_at_every_depth() -> None:
    assert list(canonical({"b": {"d": 1, "c": [{"f": 1, "e": 2}]}, "a": 0})) == ["a", "b"]
    assert list(canonical({"b": {"d": 1, "c": [{"f": 1, "e": 2}]}})["b"]["c"][0]) == ["e", "f"]
