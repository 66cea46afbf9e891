"""Shared fixtures: the PostgreSQL server named by PLAYBOOK_TEST_PG_URL."""

import asyncio
import os

import pytest

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
