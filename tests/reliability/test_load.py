"""Nothing acknowledged is lost under load: many writers, two instances or processes, one database.

Full size as the issue asks (2000 writes per run); legacy's small run shows the audit can fail.
"""

from typing import Any

import pytest

from migration_steps.reliability.load_run import default_shape, run_load
from migration_steps.stages.loader import resolve_stage

FULL_SIZE = 2000


def assert_nothing_acknowledged_is_lost(report: dict[str, Any]) -> None:
    tally = report["tally"]
    assert tally["attempted"] == FULL_SIZE
    assert tally["acknowledged"] == FULL_SIZE, report["errors"]
    assert tally["stored"] == FULL_SIZE
    assert (tally["lost"], tally["duplicated"], tally["phantom"]) == (0, 0, 0), tally["examples"]
    assert report["integrity"]["ok"], report["integrity"]["problems"]
    assert "sequence" in report["integrity"]["checks"]
    assert report["holds"]
    assert report["close_errors"] == []


def assert_latency_is_measured(report: dict[str, Any]) -> None:
    latency = report["latency_ms"]
    assert latency["calls"] == FULL_SIZE
    assert 0 < latency["p50"] <= latency["p95"] <= latency["p99"] <= latency["max"]
    assert report["messages_per_second"] > 0


@pytest.fixture(scope="module")
def target_sqlite_load() -> dict[str, Any]:
    """Two application instances in one process × 50 writers × 20 messages, one SQLite file."""
    return run_load(resolve_stage("target"), None, **default_shape(None))


@pytest.fixture(scope="module")
def target_postgres_load(pg_url: str) -> dict[str, Any]:
    """Two application processes × 50 writers × 20 messages on one PostgreSQL database."""
    return run_load(resolve_stage("target"), pg_url, **default_shape(pg_url))


def test_target_on_sqlite_stores_every_acknowledged_write_once(
    target_sqlite_load: dict[str, Any],
) -> None:
    assert target_sqlite_load["shape"]["instances"] == 2
    assert_nothing_acknowledged_is_lost(target_sqlite_load)
    assert "sqlite_integrity_check" in target_sqlite_load["integrity"]["checks"]


def test_target_on_sqlite_reports_latency_percentiles(target_sqlite_load: dict[str, Any]) -> None:
    assert_latency_is_measured(target_sqlite_load)


@pytest.mark.postgres
def test_target_on_postgres_stores_every_acknowledged_write_once(
    target_postgres_load: dict[str, Any],
) -> None:
    assert target_postgres_load["shape"]["processes"] == 2
    assert target_postgres_load["database"] == "postgresql"
    assert_nothing_acknowledged_is_lost(target_postgres_load)


@pytest.mark.postgres
def test_target_on_postgres_reports_latency_percentiles(
    target_postgres_load: dict[str, Any],
) -> None:
    assert_latency_is_measured(target_postgres_load)


def test_legacy_loses_acknowledged_writes_so_the_audit_can_fail() -> None:
    report = run_load(
        resolve_stage("legacy"), None, processes=1, instances=2, writers=10, messages=5, sessions=2
    )

    tally = report["tally"]
    assert tally["acknowledged"] == 100
    assert tally["lost"] > 0
    assert tally["stored"] == tally["acknowledged"] - tally["lost"]
    assert not report["holds"]
    assert report["integrity"]["skipped"] == ["sequence"]


def test_a_shape_without_writers_is_refused() -> None:
    with pytest.raises(ValueError, match="writers must be at least 1"):
        run_load(
            resolve_stage("target"),
            None,
            processes=1,
            instances=1,
            writers=0,
            messages=1,
            sessions=1,
        )
