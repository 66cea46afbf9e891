"""Twenty verifies of legacy in a row give the same verdicts (ten on PostgreSQL, where each costs
more), although the raw outcome of the concurrent writers varies (kept as information).

In a row, not in parallel: three verifies at once exhaust PostgreSQL's 100 connections (50
writers each) and the concurrent writers then fail, which the harness rightly reports.
"""

from collections import Counter

import pytest

from migration_steps import commands

RUNS = 20
RUNS_ON_POSTGRES = 5


def verdicts_of_runs(db: str | None, runs: int) -> tuple[Counter[str], list[dict]]:
    verdicts: Counter[str] = Counter()
    concurrent = []
    for _ in range(runs):
        report = commands.verify("legacy", db)
        statuses = {
            (scenario.name, check.name): check.status
            for scenario in report.scenarios
            for check in scenario.checks
        }
        verdicts[repr(sorted(statuses.items()))] += 1
        assert set(statuses.values()) == {"same"}, report.with_status("regression")
        info = next(s.info for s in report.scenarios if s.name == "concurrent-writers")
        concurrent.append({key: info[key] for key in ("lost", "duplicated", "outcomes")})
    return verdicts, concurrent


@pytest.mark.slow
def test_twenty_verifies_on_sqlite_agree() -> None:
    verdicts, concurrent = verdicts_of_runs(None, RUNS)
    assert list(verdicts.values()) == [RUNS], concurrent


@pytest.mark.slow
@pytest.mark.postgres
def test_five_verifies_on_postgres_agree(pg_url: str) -> None:
    verdicts, concurrent = verdicts_of_runs(pg_url, RUNS_ON_POSTGRES)
    assert list(verdicts.values()) == [RUNS_ON_POSTGRES], concurrent
