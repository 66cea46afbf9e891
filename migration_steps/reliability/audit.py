"""After a load or a crash: what the database holds, set against what callers were told.

Shared by the load and crash runs so both count the same way: stored contents are read
through `DatabaseView` (no stage code, which could itself be what is broken), tallied by the
ledger, and the tables checked for half-written state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from migration_steps.bench.stats import percentile
from migration_steps.reliability.integrity import check_integrity
from migration_steps.reliability.ledger import WriteOutcome, content_of, tally
from migration_steps.scenarios.database_view import DatabaseView

WRITER_ROLE = "user"


async def stored_contents(url: str, session_ids: Sequence[str]) -> dict[str, list[str]]:
    """Per session, the contents of its stored user messages, in conversation order."""
    view = DatabaseView(url)
    try:
        stored: dict[str, list[str]] = {}
        for session_id in session_ids:
            stored[session_id] = [
                content_of(message)
                for message in await view.messages(session_id)
                if message.startswith(f"{WRITER_ROLE}: ")
            ]
        return stored
    finally:
        await view.close()


async def audit(
    url: str, stored: Mapping[str, Sequence[str]], outcomes: Iterable[WriteOutcome]
) -> dict[str, Any]:
    """{"tally": ledger counts, "integrity": check_integrity, "holds": both clean}.

    `stored` is what `stored_contents` read for the sessions written to.
    """
    counted = tally(outcomes, stored)
    integrity = await check_integrity(url)
    return {
        "tally": counted.as_dict(),
        "integrity": integrity,
        "holds": counted.holds and integrity["ok"],
    }


def latency_summary(latencies_ms: Sequence[float]) -> dict[str, Any]:
    """p50/p95/p99/max of the calls' latencies, in ms; None for each when there were no calls."""
    if not latencies_ms:
        return {"calls": 0, "p50": None, "p95": None, "p99": None, "max": None}
    return {
        "calls": len(latencies_ms),
        "p50": round(percentile(latencies_ms, 0.50), 2),
        "p95": round(percentile(latencies_ms, 0.95), 2),
        "p99": round(percentile(latencies_ms, 0.99), 2),
        "max": round(max(latencies_ms), 2),
    }


def error_summary(errors: Sequence[dict[str, Any]], examples: int = 5) -> dict[str, Any]:
    """How many errors callers saw and how many of them were clear (see caller_errors)."""
    clear = sum(1 for error in errors if error["clear"])
    return {
        "total": len(errors),
        "clear": clear,
        "unclear": len(errors) - clear,
        "examples": sorted({error["error"] for error in errors})[:examples],
    }
