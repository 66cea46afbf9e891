"""Behaviour changes a step declares on purpose, and the rule that matches them to a difference.

A step lists `IntendedChange`s in its metadata. When a check of a later stage differs from the
golden transcript, the difference is `intended` if some declared change matches it:

- `scenario` and `check` name the scenario and the check exactly, or as shell-style patterns
  (`fnmatch`: `*` any text, `?` one character), e.g. `IntendedChange("*", "loss: messages lost*",
  ">0", "0", ...)`.
- `before` must match the golden value and `after` the observed one. Each is either an exact
  JSON value (compared with ==), or a predicate string: `*` (anything), or an optional operator
  (`=`, `==`, `!=`, `>`, `>=`, `<`, `<=`; none means `=`) followed by a number, e.g. ">0", "0",
  "<=2". A predicate compares the *size* of the value: a number is its own size, a bool counts
  as 0 or 1, null as 0, and a list, dict or string by its length. So ">0" matches 3, true and
  ["assistant: Good"]; "0" matches 0, false, null and [].

A predicate may compare with a size measured in the same run instead of a number:
- `before`: the size of the golden value, e.g. `after="<before"` (fewer statements than legacy);
- `acknowledged`: how many messages the services acknowledged (stored and announced) in this
  scenario at this stage, e.g. `after="=acknowledged"` (one INSERT per acknowledged message).

A string that is not a predicate is an exact value: `before="triage"` matches only "triage".
Any object with these five attributes is accepted, not only an `IntendedChange`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Protocol

ANY_VALUE = "*"
BEFORE = "before"
ACKNOWLEDGED = "acknowledged"

_PREDICATE = re.compile(
    rf"^\s*(==|!=|>=|<=|=|>|<)?\s*(-?\d+(?:\.\d+)?|{BEFORE}|{ACKNOWLEDGED})\s*$"
)
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "=": operator.eq,
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


@dataclass(frozen=True)
class IntendedChange:
    scenario: str
    check: str
    before: Any
    after: Any
    why: str

    def applies_to(
        self,
        scenario: str,
        check: str,
        expected: Any,
        observed: Any,
        info: Mapping[str, Any] | None = None,
    ) -> bool:
        return change_applies(self, scenario, check, expected, observed, info)


class DeclaredChange(Protocol):
    """What the harness reads of a declared change: any object with these attributes."""

    scenario: str
    check: str
    before: Any
    after: Any
    why: str


def change_applies(
    change: DeclaredChange,
    scenario: str,
    check: str,
    expected: Any,
    observed: Any,
    info: Mapping[str, Any] | None = None,
) -> bool:
    """`info`: the scenario's information at this stage (where `acknowledged` comes from)."""
    if not (name_matches(change.scenario, scenario) and name_matches(change.check, check)):
        return False
    operands = run_operands(expected, info)
    return value_matches(change.before, expected, operands) and value_matches(
        change.after, observed, operands
    )


def run_operands(expected: Any, info: Mapping[str, Any] | None) -> dict[str, float]:
    """The sizes a predicate may name instead of a number (see the module's rule)."""
    operands: dict[str, float] = {}
    try:
        operands[BEFORE] = size_of(expected)
    except TypeError:
        pass
    acknowledged = (info or {}).get(ACKNOWLEDGED)
    if isinstance(acknowledged, int | float) and not isinstance(acknowledged, bool):
        operands[ACKNOWLEDGED] = acknowledged
    return operands


def name_matches(pattern: str, name: str) -> bool:
    return pattern == name or fnmatchcase(name, pattern)


def is_predicate(spec: Any) -> bool:
    return isinstance(spec, str) and (spec == ANY_VALUE or _PREDICATE.match(spec) is not None)


def size_of(value: Any) -> float:
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, str | list | dict | tuple):
        return len(value)
    raise TypeError(f"no size for {type(value).__name__}")


def value_matches(spec: Any, value: Any, operands: Mapping[str, float] | None = None) -> bool:
    """Whether a declared `before`/`after` matches a check's value (see the module's rule).

    `operands`: the sizes `before` and `acknowledged` stand for; a predicate naming one that
    is not given matches nothing.
    """
    if spec == ANY_VALUE:
        return True
    match = _PREDICATE.match(spec) if isinstance(spec, str) else None
    if match is None:
        return spec == value
    comparison = _OPERATORS[match.group(1) or "="]
    operand = match.group(2)
    if operand in (BEFORE, ACKNOWLEDGED):
        if operand not in (operands or {}):
            return False
        reference = float((operands or {})[operand])
    else:
        reference = float(operand)
    try:
        return comparison(size_of(value), reference)
    except TypeError:
        return False


def find_intended(
    changes: Sequence[DeclaredChange],
    scenario: str,
    check: str,
    expected: Any,
    observed: Any,
    info: Mapping[str, Any] | None = None,
) -> DeclaredChange | None:
    """The first declared change that explains this difference, if any."""
    for change in changes:
        if change_applies(change, scenario, check, expected, observed, info):
            return change
    return None
