"""Shared fixtures: the PostgreSQL server named by PLAYBOOK_TEST_PG_URL, one real run."""

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from migration_steps.cli import playbook
from migration_steps.databases import check_reachable
from migration_steps.errors import BadInputError

PG_URL_ENV = "PLAYBOOK_TEST_PG_URL"


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The PostgreSQL URL to test against; skip without one, unless CI_REQUIRE_PG=1."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        if os.environ.get("CI_REQUIRE_PG") == "1":
            pytest.fail(f"CI_REQUIRE_PG=1 but {PG_URL_ENV} is not set", pytrace=False)
        pytest.skip(f"{PG_URL_ENV} is not set")
    problem = _unreachable_reason(url)
    if problem:
        pytest.fail(f"{PG_URL_ENV} is set but unusable: {problem}", pytrace=False)
    return url


def _unreachable_reason(url: str) -> str | None:
    try:
        asyncio.run(check_reachable(url))
    except BadInputError as error:
        return error.summary
    return None


@dataclass(frozen=True)
class RunOutcome:
    exit_code: int
    output: str
    results_path: Path


@pytest.fixture(scope="session")
def sqlite_run(tmp_path_factory: pytest.TempPathFactory) -> RunOutcome:
    """`playbook run --no-docs` on SQLite through click, once per session (it takes ~20 s)."""
    out = tmp_path_factory.mktemp("run")
    result = CliRunner().invoke(playbook, ["run", "--no-docs", "--out", str(out)])
    return RunOutcome(result.exit_code, result.output, out / "results.json")
