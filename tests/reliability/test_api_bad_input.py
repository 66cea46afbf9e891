"""Bad input through the Application API: the target refuses it with a one-line DomainError and
writes nothing, or stores exactly what it was given; copies of the target broken on purpose
are caught."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from migration_steps.paths import stage_roots
from migration_steps.reliability.bad_input import check_bad_input
from migration_steps.stages.loader import StageRef, resolve_stage

EXAMPLES = 200
BROKEN_EXAMPLES = 20
# Methods with arguments: each must have been seen both taking input and refusing it.
JUDGED_BOTH_WAYS = (
    "get_history",
    "get_current_agent",
    "close_session",
    "add_message",
    "post_user_turn",
    "switch_agent",
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest) -> str | None:
    """None for SQLite files, else the PostgreSQL server of PLAYBOOK_TEST_PG_URL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("pg_url")


def outcomes_of(result: dict[str, Any], method: str) -> set[str]:
    return {
        outcome
        for label, counts in result["outcomes"].items()
        if label.startswith(f"{method}(")
        for outcome in counts
    }


def test_the_target_refuses_bad_input_cleanly_and_stores_good_input_exactly(
    database: str | None,
) -> None:
    result = check_bad_input(resolve_stage("target"), database, examples=EXAMPLES)

    assert result["refused"] > 0 and result["stored"] > 0
    for method in JUDGED_BOTH_WAYS:
        assert {"accepted", "refused"} <= outcomes_of(result, method), method
    assert result["violation_count"] == 0, result["violations"]


def broken_target(root: Path, edits: list[tuple[str, str, str]]) -> StageRef:
    """A copy of target's app/ under `root` with each (file, old, new) edit made once."""
    shutil.copytree(
        stage_roots()["target"] / "app", root / "app", ignore=shutil.ignore_patterns("__pycache__")
    )
    for relative, old, new in edits:
        path = root / "app" / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"app/{relative} no longer holds {old!r}: update this breakage"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return resolve_stage(str(root))


BREAKAGES = {
    "a bare ValueError for an unknown role": (
        [
            (
                "domain/models.py",
                "raise UnknownRoleError(value, tuple(r.value for r in Role)) from None",
                "raise",
            )
        ],
        "add_message(role)",
        "escaped, not a DomainError: ValueError",
    ),
    "NUL and lone surrogates let through": (
        [("domain/models.py", "if not is_storable_text(content):", "if False:")],
        "add_message(content)",
        "'a\\x00b'",
    ),
    "a draft written before the message is validated": (
        [
            (
                "services/session_management.py",
                "        message = Message.create(role, content, self._now())\n",
                "        await self._repository.append_message(\n"
                "            require_session_id(session_id), Message.create('system', '…', "
                "self._now())\n"
                "        )\n"
                "        message = Message.create(role, content, self._now())\n",
            )
        ],
        "add_message(content)",
        "changed: messages",
    ),
}


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_a_broken_copy_of_the_target_is_caught(tmp_path: Path, name: str) -> None:
    edits, label, problem = BREAKAGES[name]

    result = check_bad_input(broken_target(tmp_path, edits), None, examples=BROKEN_EXAMPLES)

    assert result["violations_by_call"].get(label, 0) > 0, result["violations"]
    assert any(problem in violation for violation in result["violations"]), result["violations"]
