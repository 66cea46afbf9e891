"""Step 2: remove AsyncSessionManager; reads come from the database through the services.

With the persistence subscriber gone (step 1), nothing persists manager memory; it only serves
reads, and those go stale as soon as anything writes past it. The chat handler now asks the
services: the history from `SessionManagementService.get_session(...).messages`, the current
agent from `AgentOrchestrationService.get_context(...).current_agent`. This is the analysis's
recommended architecture.
"""

from __future__ import annotations

from pathlib import Path

from migration_steps.codemods import codemod
from migration_steps.codemods.classes import RemoveConstructorDependency
from migration_steps.codemods.components import RemoveComponent
from migration_steps.codemods.docstrings import ReplaceModuleDocstring
from migration_steps.codemods.inline import InlineReturnedLocal
from migration_steps.codemods.memory import DropMemoryWrites, MemoryReadsToServices
from migration_steps.codemods.references import RemoveCallArgument
from migration_steps.steps import legacy_tests
from migration_steps.steps.apply import apply_step
from migration_steps.steps.model import (
    IntendedChange,
    StepMetadata,
    StepPlan,
    StepResult,
    per_scenario,
)
from migration_steps.steps.no_second_writer import (
    EXPLICIT_SWITCH_STORED,
    NOTE_CHARGED,
    NOTE_CRASHED,
    NOTE_INVOICE,
    RESTART_READ,
    ROUTER_SWITCH_STORED,
    login_note,
    with_note,
)
from migration_steps.steps.paths import (
    CHAT_HANDLER,
    MAIN,
    PERSISTENCE_SUBSCRIBER,
    SESSION_MANAGER,
    SESSION_MANAGER_PACKAGE,
)
from migration_steps.steps.plan import EditPlan, identifiers
from migration_steps.steps.tree import SourceTree

step_id = "2"
previous_step = "1"
route = "main"

metadata = StepMetadata(
    title="remove AsyncSessionManager",
    rationale=(
        "After step 1 the manager's memory is a cache that nothing keeps true: writes past it "
        "(operators, explicit switches, hand-off notes, other instances) never reach it, so "
        "get_history and get_current_agent answer from a stale copy. The services already read "
        "sessions and agent contexts through the repositories; the chat handler uses them, and "
        "the manager, its private `_db_service` and its second copy of the schema mapping go."
    ),
    risk=(
        "Medium. Every read now costs SELECTs (2 for a history, 1 for the agent), and the API "
        "shows what is stored, which differs from legacy wherever memory was stale. Concurrent "
        "writers on one session still lose messages (read-modify-write with DELETE + INSERT): "
        "step 3 fixes that."
    ),
    time_estimate="half a day, reviews included",
    intended_changes=(
        IntendedChange(
            "router-switch",
            "api: get_history(S1)",
            ROUTER_SWITCH_STORED,
            with_note(
                with_note(ROUTER_SWITCH_STORED, "user: I was charged twice", NOTE_CHARGED),
                "user: The app crashed after the update",
                NOTE_CRASHED,
            ),
            "history is read from the database, which keeps both hand-off notes",
        ),
        IntendedChange(
            "explicit-switch",
            "api: get_history(S1)",
            EXPLICIT_SWITCH_STORED,
            with_note(EXPLICIT_SWITCH_STORED, "user: My login fails", login_note("billing")),
            "history is read from the database, which keeps the hand-off note",
        ),
        IntendedChange(
            "restart",
            "api: get_history(S1)",
            RESTART_READ,
            with_note(RESTART_READ, "user: My invoice is wrong", NOTE_INVOICE),
            "instance A reads the database too, so both instances serve the hand-off note",
        ),
        IntendedChange(
            "explicit-switch",
            "api: get_current_agent(S1)",
            "triage",
            "billing",
            "the current agent is read from the database, which holds the operator's switch",
        ),
        *per_scenario(
            "statements: SELECT",
            {
                "conversation": (12, 16),
                "router-switch": (20, 24),
                "explicit-switch": (15, 19),
                "close-session": (15, 17),
                "restart": (19, 24),
                "bad-inputs": (20, 22),
                "agent-revert": (10, 9),
                "two-instances": (14, 13),
            },
            "reads go to the database (each turn, get_history and get_current_agent select); "
            "memory's one-off load per instance is gone",
        ),
    ),
)

MANAGER_VARIABLE = "session_manager"
HANDLER_DOCSTRING = (
    "The chat path: a user's turn goes through the services, which save every change at once.\n"
    "\n"
    "History and the current agent are read from the database through the services.\n"
)
SERVICE_READS = {
    "messages": "(await self._sessions.get_session(session_id)).messages",
    "current_agent": "(await self._orchestration.get_context(session_id)).current_agent",
}


def plan(tree: SourceTree) -> StepPlan:
    edits = EditPlan(step_id, tree)
    manager_files = [path for path in tree.files() if path.startswith(SESSION_MANAGER_PACKAGE)]
    handler = edits.read(CHAT_HANDLER)
    if not manager_files and "AsyncSessionManager" not in identifiers(handler):
        edits.refuse(f"already applied: {SESSION_MANAGER_PACKAGE} is gone and unused")
    if edits.exists(PERSISTENCE_SUBSCRIBER):
        edits.refuse(f"step 1 is not applied: {PERSISTENCE_SUBSCRIBER} still writes from memory")
    edits.read(SESSION_MANAGER)
    edits.transform(
        CHAT_HANDLER,
        codemod(DropMemoryWrites, variable="state", fields=("messages", "switches", "status")),
        codemod(
            MemoryReadsToServices,
            class_name="ChatHandler",
            variable="state",
            loader=f"self._{MANAGER_VARIABLE}.get",
            sources=SERVICE_READS,
        ),
        codemod(InlineReturnedLocal, class_name="ChatHandler"),
        codemod(RemoveConstructorDependency, class_name="ChatHandler", parameter=MANAGER_VARIABLE),
        codemod(ReplaceModuleDocstring, text=HANDLER_DOCSTRING),
    )
    edits.transform(
        MAIN,
        codemod(RemoveCallArgument, callee="ChatHandler", variable=MANAGER_VARIABLE),
        codemod(RemoveComponent, variable=MANAGER_VARIABLE),
    )
    for path in manager_files:
        edits.delete(path)
    legacy_tests.remove_session_manager(edits)
    for name in ("AsyncSessionManager", "SessionDbService", MANAGER_VARIABLE):
        users = edits.files_using(name)
        if users:
            edits.refuse(f"{', '.join(users)} still uses {name}; cut it there by hand first")
    return edits.finish()


def apply(workspace: Path) -> StepResult:
    return apply_step(step_id, plan, workspace)
