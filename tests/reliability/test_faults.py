"""Injected faults on a stage: the database refusing each statement of a write in turn, the
PostgreSQL backend killed at each, observability subscribers that raise."""

from typing import Any

import pytest

from migration_steps.reliability.stress import run_faults
from migration_steps.stages.loader import resolve_stage

POSITIONS = 12


def applied(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: fault for name, fault in report["faults"].items() if fault["applies"]}


def assert_nothing_lost_and_every_error_clear(report: dict[str, Any]) -> None:
    for name, fault in applied(report).items():
        tally = fault["tally"]
        assert (tally["lost"], tally["duplicated"], tally["phantom"]) == (0, 0, 0), name
        assert fault["served_after"], name
        if "trials" in fault:
            assert fault["clear_errors"] == fault["caller_errors"] == fault["faults_fired"], name
    assert report["integrity"]["ok"], report["integrity"]["problems"]


def test_target_on_sqlite_survives_every_refused_statement() -> None:
    report = run_faults(resolve_stage("target"), None, positions=POSITIONS)
    assert_nothing_lost_and_every_error_clear(report)
    refused = report["faults"]["refused-statement"]
    hit = {(trial["write"], trial["at"]) for trial in refused["trials"]}
    assert ("add_message", "statement 2 (UPDATE sessions)") in hit
    assert ("add_message", "statement 3 (INSERT messages)") in hit
    assert any(write == "post_user_turn" and "INSERT" in at for write, at in hit)
    assert all(not trial["in_doubt"] for trial in refused["trials"])
    assert report["faults"]["killed-backend"]["applies"] is False
    observer = report["faults"]["failing-observer"]
    assert observer["subscriber_failures"] > 0 and observer["caller_errors"] == 0


@pytest.mark.postgres
def test_target_on_postgres_survives_refused_statements_and_killed_backends(pg_url: str) -> None:
    report = run_faults(resolve_stage("target"), pg_url, positions=POSITIONS)
    assert_nothing_lost_and_every_error_clear(report)
    killed = report["faults"]["killed-backend"]
    assert killed["faults_fired"] >= 4
    at_commit = [trial for trial in killed["trials"] if trial["at"] == "commit"]
    assert at_commit and all(trial["in_doubt"] for trial in at_commit)
    assert all("lost" in trial["error"] for trial in killed["trials"])


def test_legacy_answers_with_driver_errors_and_loses_writes_after_a_fault() -> None:
    report = run_faults(resolve_stage("legacy"), None, positions=POSITIONS)
    refused = report["faults"]["refused-statement"]
    assert refused["caller_errors"] > 0 and refused["clear_errors"] == 0
    assert all("[SQL:" in trial["error"] for trial in refused["trials"])
    assert refused["tally"]["lost"] > 0
