"""What each Application call must do with its arguments: store, refuse, or either.

The rules are DESIGN §3's: an unknown session, content that is not text, blank, longer than
16,384 characters or not storable (NUL, a lone surrogate), an unknown role or agent is refused;
so is writing to a closed session, and any argument of the wrong type. Where no rule says
(switching the agent of a closed session, closing it again, an odd but textual reason), the
app may do either, as long as it does it cleanly.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from migration_steps.reliability.bad_calls import AGENTS, MAX_CONTENT_LENGTH, ROLES


class Verdict(StrEnum):
    STORE = "store"
    REFUSE = "refuse"
    EITHER = "either"


class _Fit(StrEnum):
    OK = "ok"
    BAD = "bad"
    UNSURE = "unsure"


_READS = {"get_history", "get_current_agent"}
_WRITES_TO_OPEN_ONLY = {"add_message", "post_user_turn"}


@dataclass(frozen=True)
class Expectation:
    verdict: Verdict
    label: str  # e.g. "add_message(role,content)": the method and its arguments that break a rule


def is_storable_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def is_valid_content(value: object) -> bool:
    return (
        isinstance(value, str)
        and bool(value.strip())
        and len(value) <= MAX_CONTENT_LENGTH
        and is_storable_text(value)
    )


def expect(
    method: str,
    arguments: Mapping[str, Any],
    open_ids: Collection[str],
    closed_ids: Collection[str],
) -> Expectation:
    """The verdict for `method(**arguments)` given the sessions that exist."""
    fits = {
        name: _fit(method, name, value, open_ids, closed_ids) for name, value in arguments.items()
    }
    bad = [name for name, fit in fits.items() if fit is _Fit.BAD]
    unsure = [name for name, fit in fits.items() if fit is _Fit.UNSURE]
    if bad:
        return Expectation(Verdict.REFUSE, f"{method}({','.join(bad)})")
    if unsure:
        return Expectation(Verdict.EITHER, f"{method}({','.join(unsure)}?)")
    return Expectation(Verdict.STORE, f"{method}()")


def _fit(
    method: str, name: str, value: Any, open_ids: Collection[str], closed_ids: Collection[str]
) -> _Fit:
    if name == "session_id":
        return _session_fit(method, value, open_ids, closed_ids)
    if name == "role":
        return _Fit.OK if isinstance(value, str) and value in ROLES else _Fit.BAD
    if name == "agent":
        return _Fit.OK if isinstance(value, str) and value in AGENTS else _Fit.BAD
    if name == "reason":
        if not isinstance(value, str):
            return _Fit.BAD
        return _Fit.OK if is_valid_content(value) else _Fit.UNSURE
    return _Fit.OK if is_valid_content(value) else _Fit.BAD  # content, text


def _session_fit(
    method: str, value: Any, open_ids: Collection[str], closed_ids: Collection[str]
) -> _Fit:
    if not isinstance(value, str):
        return _Fit.BAD
    if value in open_ids:
        return _Fit.OK
    if value not in closed_ids:
        return _Fit.BAD
    if method in _READS:
        return _Fit.OK
    return _Fit.BAD if method in _WRITES_TO_OPEN_ONLY else _Fit.UNSURE
