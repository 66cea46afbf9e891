"""What callers were told against what the database holds, the way history checkers count it.

Every write carries content no other write has, so "stored exactly once" is a count. A write
is acknowledged when its call returned; it failed when the call raised; it is in doubt when the
outcome cannot be known (its process was killed, or the error says a commit may have landed).
Lost: acknowledged, not stored. Duplicated: stored more than once. Phantom: stored although its
caller was told it failed and nothing was stored, which is half-written state.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class WriteStatus(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    FAILED = "failed"
    IN_DOUBT = "in-doubt"


@dataclass(frozen=True)
class WriteOutcome:
    """One write call: where it wrote, the unique text it wrote, and what its caller saw."""

    session_id: str
    content: str
    status: WriteStatus
    error: str = ""
    latency_ms: float | None = None

    def as_row(self) -> list[Any]:
        return [self.session_id, self.content, self.status.value, self.error, self.latency_ms]

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> WriteOutcome:
        session_id, content, status, error, latency_ms = row
        return cls(session_id, content, WriteStatus(status), error, latency_ms)


@dataclass(frozen=True)
class Tally:
    attempted: int
    acknowledged: int
    failed: int
    in_doubt: int
    stored: int
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    phantom: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        """Nothing acknowledged is missing or doubled, nothing refused was written."""
        return not (self.lost or self.duplicated or self.phantom)

    def as_dict(self, examples: int = 5) -> dict[str, Any]:
        return {
            "attempted": self.attempted,
            "acknowledged": self.acknowledged,
            "failed": self.failed,
            "in_doubt": self.in_doubt,
            "stored": self.stored,
            "lost": len(self.lost),
            "duplicated": len(self.duplicated),
            "phantom": len(self.phantom),
            "examples": {
                "lost": self.lost[:examples],
                "duplicated": self.duplicated[:examples],
                "phantom": self.phantom[:examples],
            },
        }


def tally(outcomes: Iterable[WriteOutcome], stored: Mapping[str, Sequence[str]]) -> Tally:
    """Count `outcomes` against `stored` (per session, the stored messages' contents).

    Only contents some outcome wrote are counted as stored: other rows of the sessions (seed
    messages, agent replies) are not the writers' business.
    """
    outcomes = list(outcomes)
    written = {(outcome.session_id, outcome.content) for outcome in outcomes}
    copies: Counter[tuple[str, str]] = Counter(
        (session_id, content)
        for session_id, contents in stored.items()
        for content in contents
        if (session_id, content) in written
    )
    by_status = Counter(outcome.status for outcome in outcomes)
    lost, phantom = [], []
    for outcome in outcomes:
        key = (outcome.session_id, outcome.content)
        if outcome.status is WriteStatus.ACKNOWLEDGED and copies[key] == 0:
            lost.append(outcome.content)
        elif outcome.status is WriteStatus.FAILED and copies[key] > 0:
            phantom.append(outcome.content)
    return Tally(
        attempted=len(outcomes),
        acknowledged=by_status[WriteStatus.ACKNOWLEDGED],
        failed=by_status[WriteStatus.FAILED],
        in_doubt=by_status[WriteStatus.IN_DOUBT],
        stored=sum(copies.values()),
        lost=lost,
        duplicated=sorted(content for (_, content), n in copies.items() if n > 1),
        phantom=phantom,
    )


def content_of(stored_message: str) -> str:
    """'user: hello' → 'hello' (DatabaseView's "role: content" form)."""
    return stored_message.split(": ", 1)[1] if ": " in stored_message else stored_message
