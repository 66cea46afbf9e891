"""A writer process SIGKILLed mid-load: what it acknowledged stays, the app serves again.

Writes in flight when the kill landed may or may not be stored (their callers never heard
back), but never twice, and the tables hold no half-written state.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from migration_steps.reliability.crash import AckLogReader, run_crash
from migration_steps.reliability.ledger import WriteOutcome, WriteStatus
from migration_steps.reliability.load import LOG_FINISHED, LOG_STARTED
from migration_steps.stages.loader import resolve_stage

WRITERS, MESSAGES, KILL_AFTER = 50, 20, 300


def crash_target(base_url: str | None) -> dict[str, Any]:
    return run_crash(
        resolve_stage("target"), base_url, writers=WRITERS, messages=MESSAGES, kill_after=KILL_AFTER
    )


def assert_survives_the_kill(report: dict[str, Any]) -> None:
    assert report["worker"] == "killed"
    assert KILL_AFTER <= report["killed_after"] < WRITERS * MESSAGES, "the kill landed mid-load"
    tally = report["tally"]
    assert tally["acknowledged"] == report["killed_after"]
    assert tally["in_doubt"] == report["in_doubt"] == report["started"] - report["killed_after"]
    assert (tally["lost"], tally["duplicated"], tally["phantom"]) == (0, 0, 0), tally["examples"]
    assert tally["stored"] == tally["acknowledged"] + report["in_doubt_stored"]
    assert 0 <= report["in_doubt_stored"] <= report["in_doubt"]
    assert report["served_after"], report["serve"]
    assert report["integrity"]["ok"], report["integrity"]["problems"]
    assert report["holds"]


def test_target_on_sqlite_survives_a_sigkill_mid_load() -> None:
    assert_survives_the_kill(crash_target(None))


@pytest.mark.postgres
def test_target_on_postgres_survives_a_sigkill_mid_load(pg_url: str) -> None:
    assert_survives_the_kill(crash_target(pg_url))


def test_a_kill_point_past_the_last_write_is_refused() -> None:
    with pytest.raises(ValueError, match="kill_after must be between 1 and 9"):
        run_crash(resolve_stage("target"), None, writers=2, messages=5, kill_after=10)


def test_the_ack_log_reader_holds_back_a_torn_line_and_puts_unfinished_calls_in_doubt(
    tmp_path: Path,
) -> None:
    path = tmp_path / "acks.jsonl"
    log = AckLogReader(path)
    started = {"event": LOG_STARTED, "session": "s", "content": "a"}
    finished = {**started, "event": LOG_FINISHED, "status": "acknowledged", "error": ""}
    path.write_text(
        json.dumps(started)
        + "\n"
        + json.dumps(finished | {"latency_ms": 1.5})
        + "\n"
        + json.dumps(started | {"content": "b"})
        + "\n"
        + '{"event": "fini'
    )

    log.read()

    assert log.outcomes() == [
        WriteOutcome("s", "a", WriteStatus.ACKNOWLEDGED, "", 1.5),
        WriteOutcome("s", "b", WriteStatus.IN_DOUBT),
    ]
    with path.open("a") as stream:
        stream.write('shed", "session": "s", "content": "b", "status": "failed", "error": "E"}\n')
    log.read()
    assert log.outcomes()[1].status is WriteStatus.FAILED
