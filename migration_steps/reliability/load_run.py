"""The load check, parent side: many concurrent writers on one database, then an audit.

"Nothing acknowledged is lost" only means something under contention: several application
processes (or instances) writing to the same sessions at once, the way a deployment does. Each
writer process runs `load:write` in the stage's own interpreter; this module starts them
together, waits, and counts what was stored against what each caller was told.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from migration_steps.databases import database_kind, fresh_database
from migration_steps.reliability.audit import (
    audit,
    error_summary,
    latency_summary,
    stored_contents,
)
from migration_steps.reliability.ledger import WriteOutcome
from migration_steps.stages.loader import StageRef, run_in_stage, start_in_stage

LOAD_MODULE = "migration_steps.reliability.load"
PREPARE_ENTRY = f"{LOAD_MODULE}:prepare"
WRITE_ENTRY = f"{LOAD_MODULE}:write"
SERVE_ENTRY = f"{LOAD_MODULE}:serve"

DEFAULT_WRITERS = 50
DEFAULT_MESSAGES = 20
DEFAULT_SESSIONS = 10
"""Ten sessions keep legacy (which rewrites a whole session per message) within seconds."""

STAGE_TIMEOUT_SECONDS = 600.0


def default_shape(base_url: str | None) -> dict[str, int]:
    """PostgreSQL: 2 processes × 1 instance; SQLite, one file on one host: 1 process × 2."""
    postgres = base_url is not None and database_kind(base_url) == "postgresql"
    return {
        "processes": 2 if postgres else 1,
        "instances": 1 if postgres else 2,
        "writers": DEFAULT_WRITERS,
        "messages": DEFAULT_MESSAGES,
        "sessions": DEFAULT_SESSIONS,
    }


def run_load(
    stage: StageRef,
    base_url: str | None,
    *,
    processes: int,
    instances: int,
    writers: int,
    messages: int,
    sessions: int,
    timeout: float = STAGE_TIMEOUT_SECONDS,
) -> dict[str, Any]:
    """Run the load on a fresh database (SQLite file when `base_url` is None) and audit it.

    Blocking: it runs its own event loop, like `run_in_stage`; call it from a thread when
    inside one. Returns a JSON-ready dict (see `_report`).
    """
    shape = {
        "processes": processes,
        "instances": instances,
        "writers": writers,
        "messages": messages,
        "sessions": sessions,
    }
    for name, value in shape.items():
        if value < 1:
            raise ValueError(f"{name} must be at least 1, not {value}")
    return asyncio.run(_run_load(stage, base_url, shape, timeout))


async def _run_load(
    stage: StageRef, base_url: str | None, shape: dict[str, int], timeout: float
) -> dict[str, Any]:
    began = time.perf_counter()
    async with fresh_database(base_url) as url:
        prepared = await asyncio.to_thread(
            run_in_stage,
            stage,
            PREPARE_ENTRY,
            {"db": url, "sessions": shape["sessions"]},
            timeout=timeout,
        )
        session_ids: list[str] = prepared["session_ids"]
        payloads = [
            {
                "db": url,
                "session_ids": session_ids,
                "instances": shape["instances"],
                "writers": shape["writers"],
                "messages": shape["messages"],
                "label": f"p{process}",
            }
            for process in range(shape["processes"])
        ]
        writing_began = time.perf_counter()
        results = await _run_all(stage, payloads, timeout)
        writing_seconds = time.perf_counter() - writing_began
        outcomes = [WriteOutcome.from_row(row) for result in results for row in result["outcomes"]]
        audited = await audit(url, await stored_contents(url, session_ids), outcomes)
    return _report(
        stage,
        base_url,
        shape,
        results,
        outcomes,
        audited,
        writing_seconds=writing_seconds,
        total_seconds=time.perf_counter() - began,
    )


async def _run_all(stage: StageRef, payloads: list[dict], timeout: float) -> list[dict]:
    """Start every writer process before waiting on any, so they contend from the start."""
    running = [start_in_stage(stage, WRITE_ENTRY, payload) for payload in payloads]
    results = await asyncio.gather(
        *(asyncio.to_thread(process.result, timeout=timeout) for process in running),
        return_exceptions=True,
    )
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return list(results)  # type: ignore[arg-type]


def _report(
    stage: StageRef,
    base_url: str | None,
    shape: dict[str, int],
    results: list[dict],
    outcomes: list[WriteOutcome],
    audited: dict[str, Any],
    *,
    writing_seconds: float,
    total_seconds: float,
) -> dict[str, Any]:
    """Stable keys: stage, database, shape, tally, latency_ms, errors, close_errors, integrity,
    holds, seconds {total, writing, calls}, messages_per_second (acknowledged per second of
    the calls' own window, process start-up excluded)."""
    calls_seconds = max(r["finished_at"] for r in results) - min(r["started_at"] for r in results)
    acknowledged = audited["tally"]["acknowledged"]
    return {
        "stage": stage.name,
        "database": "sqlite" if base_url is None else database_kind(base_url),
        "shape": shape,
        "tally": audited["tally"],
        "latency_ms": latency_summary([o.latency_ms for o in outcomes if o.latency_ms is not None]),
        "errors": error_summary([error for result in results for error in result["errors"]]),
        "close_errors": [error for result in results for error in result["close_errors"]],
        "integrity": audited["integrity"],
        "holds": audited["holds"],
        "seconds": {
            "total": round(total_seconds, 2),
            "writing": round(writing_seconds, 2),
            "calls": round(calls_seconds, 2),
        },
        "messages_per_second": round(acknowledged / calls_seconds, 1) if calls_seconds else None,
    }
