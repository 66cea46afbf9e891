"""Graded hints for each workshop step: a nudge, then where to look, then the concrete change.

Which hints a learner was given is kept in `.git/playbook-hints.json`, so each `hint` goes one
level further for the step they are on, and the facilitator's report can count them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from migration_steps.workshop import state


@dataclass(frozen=True)
class Hint:
    level: str  # "nudge", "where to look", "the change"
    text: str


HINTS: dict[str, tuple[Hint, ...]] = {
    "1": (
        Hint(
            "nudge",
            "Every change is saved twice: at once by the domain services, and again two "
            "seconds later by someone else. Which of the two writers knows every change, "
            "and which one writes from a copy that can be stale? Keep the first.",
        ),
        Hint(
            "where to look",
            "app/events/subscribers/persistence_subscriber.py: its flush saves each dirty "
            "session from AsyncSessionManager memory (`_db_service.save_session`). "
            "app/main.py builds it in create_app, subscribes it to the bus and hands it to "
            "Application as background work and as a shutdown hook. Its test is "
            "tests/integration/test_persistence_subscriber.py.",
        ),
        Hint(
            "the change",
            "Delete persistence_subscriber.py. In app/main.py delete its import, the lines "
            "that build it and call subscribe(bus), and pass `background=[]` and "
            "`shutdown_hooks=[engine.dispose]` to Application. Delete its test; tests that "
            "waited for the flush no longer need to. Then: playbook workshop check .",
        ),
    ),
    "2": (
        Hint(
            "nudge",
            "After step 1 nothing keeps AsyncSessionManager's memory true: operator messages, "
            "explicit switches, hand-off notes and other instances write past it. Where do "
            "get_history and get_current_agent read from? Where is the truth?",
        ),
        Hint(
            "where to look",
            "app/handlers/chat_handler.py: every `self._session_manager.get(...)` and every "
            "use of `state`. The services already read the database: "
            "SessionManagementService.get_session(id).messages and "
            "AgentOrchestrationService.get_context(id).current_agent. The manager itself is "
            "built in app/main.py and lives in app/session_manager/.",
        ),
        Hint(
            "the change",
            "In ChatHandler: get_history returns `(await "
            "self._sessions.get_session(session_id)).messages`; get_current_agent returns "
            "`(await self._orchestration.get_context(session_id)).current_agent`; "
            "handle_user_turn reads the current agent the same way into a local variable, "
            "sets it to `switch.to_agent` on a switch and no longer appends to `state`; "
            "close_session only calls `self._sessions.close_session(session_id)`. Then drop "
            "the `session_manager` parameter, the manager in app/main.py, their imports, "
            "app/session_manager/ and tests/integration/test_async_session_manager.py.",
        ),
    ),
    "3": (
        Hint(
            "nudge",
            "One writer is not enough. add_message still loads the whole session, appends in "
            "memory and rewrites every message. What happens when two requests do that at the "
            "same moment? (Try: playbook race --stage .)",
        ),
        Hint(
            "where to look",
            "app/repositories/session_repository.py: save() deletes and re-inserts every "
            "message. app/services/session_management.py: add_message() is load, modify, "
            "save. app/db/tables.py: a message row has no number of its own within its "
            "session, so nothing stops two writers from taking the same place.",
        ),
        Hint(
            "the change",
            "Give sessions a `last_seq` column and messages a `seq` column (unique per "
            "session). Append a message in one transaction with two statements: `UPDATE "
            "sessions SET last_seq = last_seq + 1 WHERE id = :id RETURNING last_seq`, then "
            "INSERT the one message row with that seq. Never DELETE messages; read the "
            "history ORDER BY seq. Put `AND status = 'open'` in that UPDATE: when it matches "
            "no row, one SELECT tells an unknown session from a closed one, for the right "
            "error. Do not rely on SELECT ... FOR UPDATE: SQLite ignores it. (Legacy builds "
            "its tables with create_all, so fresh databases get the new columns; migrating "
            "existing data with Alembic is the extension exercise.)",
        ),
    ),
}


@dataclass(frozen=True)
class GivenHint:
    step_id: str
    number: int  # 1-based
    of: int
    hint: Hint | None  # None: every hint of the step was given already
    total_given: int


def hints_used(root: Path) -> int:
    return len(state.load_hints(root).get("given", []))


def given_for(hints: dict[str, Any], step_id: str) -> int:
    return sum(1 for entry in hints.get("given", []) if entry.get("step") == step_id)


def next_hint(root: Path, step_id: str) -> GivenHint:
    """The next hint of `step_id` for the learner at `root`, remembered as given."""
    steps = HINTS[step_id]
    hints = state.load_hints(root)
    count = given_for(hints, step_id)
    if count >= len(steps):
        return GivenHint(step_id, len(steps), len(steps), None, len(hints.get("given", [])))
    hint = steps[count]
    entry = {
        "step": step_id,
        "level": hint.level,
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    hints["given"] = [*hints.get("given", []), entry]
    state.save_hints(root, hints)
    return GivenHint(step_id, count + 1, len(steps), hint, len(hints["given"]))
