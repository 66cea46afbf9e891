"""The crash check: SIGKILL a writer process mid-load, restart on what it left, audit.

A process killed outright runs no clean-up: transactions in flight are cut, memory that was
not yet written is gone. What its callers were told is known only from its acknowledgement log.
The promise is that every write the log shows acknowledged is stored, that writes in flight are
stored at most once (either way is fine: their callers never heard back), that the tables hold
no half-written state, and that a fresh process starts on the database and serves.
"""

from __future__ import annotations

import asyncio
import json
import signal
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migration_steps.databases import database_kind, fresh_database
from migration_steps.reliability.audit import audit, latency_summary, stored_contents
from migration_steps.reliability.ledger import WriteOutcome, WriteStatus
from migration_steps.reliability.load import LOG_FINISHED, LOG_STARTED
from migration_steps.reliability.load_run import (
    DEFAULT_SESSIONS,
    PREPARE_ENTRY,
    SERVE_ENTRY,
    STAGE_TIMEOUT_SECONDS,
    WRITE_ENTRY,
)
from migration_steps.stages.loader import StageRef, StageRunError, run_in_stage, start_in_stage

POLL_SECONDS = 0.005


@dataclass
class AckLogReader:
    """Reads the writer's log as it grows; a torn last line (the kill hit mid-write) waits."""

    path: Path
    started: dict[tuple[str, str], None] = field(default_factory=dict)
    finished: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    _offset: int = 0

    @property
    def acknowledged(self) -> int:
        return sum(
            1
            for record in self.finished.values()
            if record["status"] == WriteStatus.ACKNOWLEDGED.value
        )

    def read(self) -> None:
        if not self.path.exists():
            return
        with self.path.open("rb") as stream:
            stream.seek(self._offset)
            data = stream.read()
        complete = data[: data.rfind(b"\n") + 1]
        self._offset += len(complete)
        for line in complete.decode().splitlines():
            record = json.loads(line)
            key = (record["session"], record["content"])
            if record["event"] == LOG_STARTED:
                self.started[key] = None
            elif record["event"] == LOG_FINISHED:
                self.finished[key] = record

    def outcomes(self) -> list[WriteOutcome]:
        """Finished calls as their callers saw them; started, unfinished ones in doubt."""
        outcomes = []
        for session_id, content in self.started:
            record = self.finished.get((session_id, content))
            if record is None:
                outcomes.append(WriteOutcome(session_id, content, WriteStatus.IN_DOUBT))
            else:
                outcomes.append(
                    WriteOutcome(
                        session_id,
                        content,
                        WriteStatus(record["status"]),
                        record.get("error", ""),
                        record.get("latency_ms"),
                    )
                )
        return outcomes


def run_crash(
    stage: StageRef,
    base_url: str | None,
    *,
    writers: int,
    messages: int,
    kill_after: int,
    sessions: int = DEFAULT_SESSIONS,
    timeout: float = STAGE_TIMEOUT_SECONDS,
) -> dict[str, Any]:
    """Kill one writer process once `kill_after` calls have finished, then restart and audit.

    Blocking, like `run_load`. Returns a JSON-ready dict (see `_report`).
    """
    total = writers * messages
    if not 1 <= kill_after < total:
        raise ValueError(f"kill_after must be between 1 and {total - 1}, not {kill_after}")
    return asyncio.run(
        _run_crash(stage, base_url, writers, messages, kill_after, sessions, timeout)
    )


async def _run_crash(
    stage: StageRef,
    base_url: str | None,
    writers: int,
    messages: int,
    kill_after: int,
    sessions: int,
    timeout: float,
) -> dict[str, Any]:
    began = time.perf_counter()
    async with fresh_database(base_url) as url:
        prepared = await asyncio.to_thread(
            run_in_stage, stage, PREPARE_ENTRY, {"db": url, "sessions": sessions}, timeout=timeout
        )
        session_ids: list[str] = prepared["session_ids"]
        with tempfile.TemporaryDirectory(prefix="playbook-crash-") as directory:
            log = AckLogReader(Path(directory) / "acks.jsonl")
            payload = {
                "db": url,
                "session_ids": session_ids,
                "instances": 1,
                "writers": writers,
                "messages": messages,
                "label": "c",
                "ack_log": str(log.path),
            }
            kill = await asyncio.to_thread(
                _write_and_kill, stage, payload, log, kill_after, timeout
            )
        served = await asyncio.to_thread(
            run_in_stage,
            stage,
            SERVE_ENTRY,
            {"db": url, "session_ids": session_ids, "label": "after-crash"},
            timeout=timeout,
        )
        outcomes = log.outcomes()
        stored = await stored_contents(url, session_ids)
        audited = await audit(url, stored, outcomes)
    stored_keys = {(sid, content) for sid, contents in stored.items() for content in contents}
    in_doubt = [o for o in outcomes if o.status is WriteStatus.IN_DOUBT]
    return {
        "stage": stage.name,
        "database": "sqlite" if base_url is None else database_kind(base_url),
        "shape": {
            "writers": writers,
            "messages": messages,
            "sessions": sessions,
            "kill_after": kill_after,
        },
        "total": writers * messages,
        "acks_seen_at_kill": kill["acks_seen"],
        "killed_after": log.acknowledged,
        "worker": kill["worker"],
        "started": len(log.started),
        "in_doubt": len(in_doubt),
        "in_doubt_stored": sum(1 for o in in_doubt if (o.session_id, o.content) in stored_keys),
        "served_after": bool(served["served"]),
        "serve": served,
        "tally": audited["tally"],
        "integrity": audited["integrity"],
        "holds": audited["holds"] and bool(served["served"]),
        "latency_ms": latency_summary([o.latency_ms for o in outcomes if o.latency_ms is not None]),
        "seconds": round(time.perf_counter() - began, 2),
    }


def _write_and_kill(
    stage: StageRef, payload: dict[str, Any], log: AckLogReader, kill_after: int, timeout: float
) -> dict[str, Any]:
    """Start the writer, SIGKILL it once the log shows `kill_after` finished calls.

    `worker` says how it ended: "killed" (by our signal, reporting nothing, as expected), or
    "finished" when it completed before the kill could land, which makes the run prove
    nothing. A worker that failed on its own is an error of the run and raises.
    """
    process = start_in_stage(stage, WRITE_ENTRY, payload)
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        log.read()
        if len(log.finished) >= kill_after:
            break
        time.sleep(POLL_SECONDS)
    acks_seen = log.acknowledged
    process.kill()
    try:
        process.result(timeout=timeout)
        worker = "finished"
    except StageRunError:
        if process.poll() != -signal.SIGKILL:
            raise
        worker = "killed"
    log.read()
    return {"acks_seen": acks_seen, "worker": worker}
