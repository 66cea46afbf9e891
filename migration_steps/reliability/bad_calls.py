"""The calls the bad-input check makes: every Application method, each argument drawn from
values that are fine, values that are wrong, and values no rule covers, as Hypothesis strategies.

Session arguments are chosen before the sessions exist, so they are recipes ("the open
session", "its id upper-cased", "a SQL wildcard") that the check applies to the real ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

MAX_CONTENT_LENGTH = 16_384
ROLES = ("user", "assistant", "system")
AGENTS = ("triage", "billing", "tech")

SQL_METACHARACTERS = (
    "'; DROP TABLE messages; --",
    "' OR '1'='1",
    '"; DELETE FROM sessions; --',
    "%",
    "_",
    "%%",
    "\\",
    "\\'",
    "'",
    '"',
    "`",
    ";",
    "$1",
    "?",
    ":id",
    "*",
)
WRONG_TYPES: tuple[Any, ...] = (None, 0, 42, 3.5, True, b"bytes", ["x"], {"key": "x"})
UNICODE_TEXT = (
    "مرحبا بالعالم",  # right to left
    "\u202eevil\u202c",  # a bidi override
    "👩\u200d💻 🚀",  # emoji with a zero-width joiner
    "e\u0301",  # a combining accent
    "\u0301",  # a combining mark on nothing
    "\ufeffBOM",
    "\u200b",  # zero-width space: not whitespace to Python
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "中文字符",
    "line one\nline two",
    "windows\r\nline",
    "tab\there",
    "\u2028separator",
)
UNSTORABLE_TEXT = ("\x00", "a\x00b", "\ud800", "a\udfffb", "\udbff\udc00x\ud800")
BLANK_TEXT = ("", " ", "\n\t ", "\u3000", "\x85", "\u2028")
# Control, surrogate, format, combining, separator and symbol characters: where text breaks.
_EDGE_CATEGORIES = ("Cc", "Cs", "Cf", "Mn", "Zs", "Zl", "Zp", "So", "Lo")


@dataclass(frozen=True)
class SessionChoice:
    """How to pick a session argument from the real ids: `pick(open_id, closed_id)`."""

    label: str
    pick: Callable[[str, str], Any]

    def __repr__(self) -> str:
        return self.label


def _literal(value: Any) -> SessionChoice:
    return SessionChoice(repr(value)[:40], lambda _open, _closed: value)


def _derived(label: str, make: Callable[[str], Any]) -> SessionChoice:
    return SessionChoice(label, lambda open_id, _closed: make(open_id))


OPEN_SESSION = SessionChoice("<open session>", lambda open_id, _closed: open_id)
CLOSED_SESSION = SessionChoice("<closed session>", lambda _open, closed_id: closed_id)
UNKNOWN_SESSIONS: tuple[SessionChoice, ...] = (
    *(_literal(value) for value in WRONG_TYPES),
    *(_literal(text) for text in SQL_METACHARACTERS + UNSTORABLE_TEXT + BLANK_TEXT),
    _literal("00000000-0000-4000-8000-000000000000"),
    _literal("x" * 100_000),
    _literal("مرحبا"),
    _derived("<open id, upper-cased>", str.upper),
    _derived("<open id with a leading space>", lambda sid: f" {sid}"),
    _derived("<open id with a trailing newline>", lambda sid: f"{sid}\n"),
    _derived("<open id + %>", lambda sid: f"{sid}%"),
    _derived("<open id prefix + %>", lambda sid: f"{sid[:8]}%"),
    _derived("<open id, last char _>", lambda sid: f"{sid[:-1]}_"),
    _derived("<open id + NUL>", lambda sid: f"{sid}\x00"),
    _derived("<open id + quote>", lambda sid: f"{sid}'"),
    _derived("<open id as bytes>", str.encode),
    _derived("<open id in a list>", lambda sid: [sid]),
)


@dataclass(frozen=True)
class Argument:
    """Values for one parameter: `fine` ones the app should take, `odd` ones that break a rule
    or sit where no rule says (`bad_input_rules` decides which, from the value itself)."""

    fine: st.SearchStrategy[Any]
    odd: st.SearchStrategy[Any]


def _text(extra: tuple[str, ...]) -> Argument:
    return Argument(
        fine=st.one_of(
            st.sampled_from(
                (
                    "Hello",
                    *extra,
                    *SQL_METACHARACTERS,
                    *UNICODE_TEXT,
                    "x" * MAX_CONTENT_LENGTH,
                    "😀" * MAX_CONTENT_LENGTH,
                )
            ),
            st.text(min_size=1, max_size=30),
        ),
        odd=st.one_of(
            st.sampled_from(
                (
                    *UNSTORABLE_TEXT,
                    *BLANK_TEXT,
                    *WRONG_TYPES,
                    "x" * (MAX_CONTENT_LENGTH + 1),
                    "😀" * (MAX_CONTENT_LENGTH + 1),
                    "x" * 100_000,
                )
            ),
            st.text(st.characters(categories=_EDGE_CATEGORIES), max_size=10),
        ),
    )


def _name(known: tuple[str, ...]) -> Argument:
    """A role or agent name: a known one, or one that only looks like it."""
    lookalikes = [
        variant
        for name in known
        for variant in (name.upper(), name.title(), f" {name}", f"{name} ", f"{name}\x00")
    ]
    return Argument(
        fine=st.sampled_from(known),
        odd=st.one_of(
            st.sampled_from(
                (
                    *lookalikes,
                    *(name.encode() for name in known),
                    *([name] for name in known),
                    "robot",
                    "sales",
                    "x" * 20_000,
                    *SQL_METACHARACTERS,
                    *UNSTORABLE_TEXT,
                    *BLANK_TEXT,
                    *WRONG_TYPES,
                )
            ),
            st.text(max_size=12),
        ),
    )


ARGUMENTS: dict[str, Argument] = {
    "session_id": Argument(
        fine=st.just(OPEN_SESSION),
        odd=st.one_of(st.just(CLOSED_SESSION), st.sampled_from(UNKNOWN_SESSIONS)),
    ),
    "role": _name(ROLES),
    "agent": _name(AGENTS),
    "content": _text(extra=("billing question", "my app crashes")),
    "text": _text(extra=("billing question", "my app crashes")),
    "reason": _text(extra=("requested", "escalation")),
}
METHODS: dict[str, tuple[str, ...]] = {
    "create_session": (),
    "get_history": ("session_id",),
    "get_current_agent": ("session_id",),
    "close_session": ("session_id",),
    "add_message": ("session_id", "role", "content"),
    "post_user_turn": ("session_id", "text"),
    "switch_agent": ("session_id", "agent", "reason"),
}


@dataclass(frozen=True)
class Call:
    """One Application call: its method and its arguments by name, sessions still as recipes."""

    method: str
    arguments: dict[str, Any]


@st.composite
def _calls(draw: st.DrawFn) -> Call:
    """A method, then its arguments: all fine, one odd (so that the odd one is what the app
    judges, not the session that comes first), or each fine or odd at random."""
    method = draw(st.sampled_from(tuple(METHODS)))
    names = METHODS[method]
    shape = draw(st.sampled_from(("fine", "one odd", "mixed")))
    odd = draw(st.sampled_from(names)) if shape == "one odd" and names else None

    def value(name: str) -> Any:
        argument = ARGUMENTS[name]
        if shape == "mixed":
            return draw(st.one_of(argument.fine, argument.odd))
        return draw(argument.odd if name == odd else argument.fine)

    return Call(method, {name: value(name) for name in names})


calls: st.SearchStrategy[Call] = _calls()


_PLAIN = {
    "session_id": OPEN_SESSION,
    "role": "user",
    "agent": "tech",
    "content": "Hello",
    "text": "Hello",
    "reason": "requested",
}


# Beside the wrong types, the values each parameter is always tried with.
_TABLE: dict[str, tuple[Any, ...]] = {
    "session_id": (
        _literal("00000000-0000-4000-8000-000000000000"),
        _literal("'; DROP TABLE messages; --"),
        _literal("%"),
        _derived("<open id, upper-cased>", str.upper),
    ),
    "role": ("User", "robot", "'; DROP TABLE messages; --"),
    "agent": ("Tech", "sales", "%"),
    "content": ("", " \n\t ", "a\x00b", "\ud800", "x" * (MAX_CONTENT_LENGTH + 1)),
    "text": ("", " \n\t ", "a\x00b", "\ud800", "x" * (MAX_CONTENT_LENGTH + 1)),
    "reason": (),
}


def table_calls() -> list[Call]:
    """Every parameter of every method given each wrong type and each value of its table once,
    the others plain: the fixed list Hypothesis might not happen to draw."""
    return [
        Call(method, {name: value if name == odd else _PLAIN[name] for name in names})
        for method, names in METHODS.items()
        for odd in names
        for value in (*WRONG_TYPES, *_TABLE[odd])
    ]
