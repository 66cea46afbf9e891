"""Step 1b's consistency check on the analysis's timelines: it reports, and overwrites nothing.

The same timelines after step 1 and step 2 show what each stage stores and serves.
"""

from pathlib import Path

import pytest

from migration_steps import commands
from migration_steps.stages.loader import StageRef, run_in_stage

TIMELINE = ["user: Hello", "assistant: Hi", "user: How are you?"]


def timeline(tmp_path: Path, **apply: str) -> dict:
    root = tmp_path / "ws"
    commands.init_workspace(root)
    if apply:
        commands.apply_steps(root, **apply)
    return run_in_stage(
        StageRef("ws", root),
        "migration_steps.steps.probes:consistency_timeline",
        {"database_url": f"sqlite+aiosqlite:///{tmp_path / 'chat.sqlite3'}"},
    )


def test_alt_reports_the_divergence_and_keeps_what_is_stored(tmp_path: Path) -> None:
    result = timeline(tmp_path, route="alt")
    sessions = result["sessions"]
    expected = [
        {
            "session_id": sessions["timeline"],
            "only_in_memory": [],
            "only_in_database": [["assistant", "Good"]],
            "memory_agent": "triage",
            "database_agent": "triage",
        },
        {
            "session_id": sessions["reverted"],
            "only_in_memory": [],
            "only_in_database": [],
            "memory_agent": "triage",
            "database_agent": "billing",
        },
    ]

    def by_session(reports: list[dict]) -> list[dict]:
        return sorted(reports, key=lambda report: report["session_id"])

    assert by_session(result["reports"]) == by_session(expected)
    assert result["stored"] == {"history": [*TIMELINE, "assistant: Good"], "agent": "billing"}
    assert result["api"] == {"history": TIMELINE, "agent": "triage"}


@pytest.mark.parametrize(
    ("apply", "stored", "served"),
    [
        ({}, {"history": TIMELINE, "agent": "triage"}, {"history": TIMELINE, "agent": "triage"}),
        (
            {"to": "1"},
            {"history": [*TIMELINE, "assistant: Good"], "agent": "billing"},
            {"history": TIMELINE, "agent": "triage"},
        ),
        (
            {"to": "2"},
            {"history": [*TIMELINE, "assistant: Good"], "agent": "billing"},
            {"history": [*TIMELINE, "assistant: Good"], "agent": "billing"},
        ),
    ],
    ids=["legacy-loses", "step-1-keeps-but-serves-stale", "step-2-keeps-and-serves"],
)
def test_each_stage_on_the_timeline(
    tmp_path: Path, apply: dict[str, str], stored: dict, served: dict
) -> None:
    result = timeline(tmp_path, **apply)
    assert result["reports"] is None
    assert result["stored"] == stored
    assert result["api"] == served
