"""Step 1b (alternative route): the persistence subscriber becomes a consistency check.

Instead of rewriting sessions from manager memory, the subscriber compares memory with the
database after the same debounce window and reports any divergence (log, counter, alert hook),
never writing. The manager stays and still serves reads. This is the analysis's alternative:
it stops the lost updates and shows where memory is stale, without moving the reads yet.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from migration_steps.codemods import codemod
from migration_steps.codemods.classes import AddConstructorDependency, AddMethod
from migration_steps.codemods.components import ReplaceComponent
from migration_steps.codemods.imports import AddImport
from migration_steps.codemods.references import AddCallKeyword
from migration_steps.steps import legacy_tests, sources
from migration_steps.steps.apply import apply_step
from migration_steps.steps.model import IntendedChange, StepMetadata, StepPlan, StepResult
from migration_steps.steps.paths import (
    APPLICATION,
    CONSISTENCY_SUBSCRIBER,
    MAIN,
    PERSISTENCE_SUBSCRIBER,
)
from migration_steps.steps.plan import EditPlan
from migration_steps.steps.tree import SourceTree

step_id = "1b"
previous_step = "0"
route = "alt"

metadata = StepMetadata(
    title="replace PersistenceSubscriber with DataConsistencySubscriber",
    rationale=(
        "When removing the manager is not possible yet, the second writer can still go: the "
        "subscriber keeps listening to MessageReceived and AgentSwitched and keeps its debounce, "
        "but where it rewrote sessions from memory it now compares memory with what the "
        "repositories read, and reports a divergence by log, metric counter and alert hook. "
        "Nothing is overwritten, and every stale read of memory becomes visible."
    ),
    risk=(
        "Low for data: the check only reads. Each check costs 2 SELECTs per session, and a "
        "divergence is reported on every check until memory catches up (it never does for a "
        "write past memory), so the alert needs rate limiting in production."
    ),
    time_estimate="half a day, reviews included",
    intended_changes=(
        IntendedChange(
            "seed-timeline",
            "db.messages",
            "the operator's 'assistant: Good' is gone after the flush",
            "'assistant: Good' stays stored; a report lists it as only in the database",
            "the subscriber compares instead of rewriting",
        ),
        IntendedChange(
            "agent-revert",
            "db.current_agent",
            "the explicit switch is reverted by the flush from stale memory",
            "the switch stays stored; a report shows memory's agent and the stored one",
            "the subscriber compares instead of rewriting",
        ),
        IntendedChange(
            "two-instances",
            "db.messages",
            "one instance's flush erases the other's messages",
            "every message stays stored; each instance reports what its memory misses",
            "the subscriber compares instead of rewriting",
        ),
        IntendedChange(
            "*",
            "sql.messages",
            "each flush DELETEs and re-INSERTs every message of a dirty session",
            "each check SELECTs the session and its agent context, and writes nothing",
            "the check only reads",
        ),
        IntendedChange(
            "*",
            "api.consistency_reports",
            "no such method",
            "Application.consistency_reports() lists every divergence found",
            "the harness reads the reports; other stages do not have the method",
        ),
    ),
)

SUBSCRIBER_VARIABLE = "persistence_subscriber"
CHECKER_VARIABLE = "consistency_subscriber"
CHECKER_MODULE = "app.events.subscribers.data_consistency_subscriber"
CHECKER_CLASS = "DataConsistencySubscriber"
CONSTRUCTION = f"""{CHECKER_CLASS}(
    session_manager,
    SessionRepositoryImpl(engine),
    AgentContextRepositoryImpl(engine),
    clock,
    settings.flush_delay_seconds,
)"""
REPORTS_METHOD = '''
    def consistency_reports(self) -> list[dict[str, Any]]:
        """Divergences between manager memory and the database that the checks found."""
        return self._consistency.reports()
'''


def new_subscriber_source() -> str:
    return resources.files(sources).joinpath("data_consistency_subscriber.py").read_text("utf-8")


def plan(tree: SourceTree) -> StepPlan:
    edits = EditPlan(step_id, tree)
    if edits.exists(CONSISTENCY_SUBSCRIBER) and not edits.exists(PERSISTENCE_SUBSCRIBER):
        edits.refuse(f"already applied: {CONSISTENCY_SUBSCRIBER} replaced the subscriber")
    edits.delete(PERSISTENCE_SUBSCRIBER)
    edits.create(CONSISTENCY_SUBSCRIBER, new_subscriber_source())
    edits.transform(
        MAIN,
        codemod(
            ReplaceComponent,
            old_variable=SUBSCRIBER_VARIABLE,
            new_variable=CHECKER_VARIABLE,
            construction=CONSTRUCTION,
        ),
        codemod(AddImport, module=CHECKER_MODULE, name=CHECKER_CLASS),
        codemod(
            AddCallKeyword, callee="Application", keyword="consistency", value=CHECKER_VARIABLE
        ),
    )
    edits.transform(
        APPLICATION,
        codemod(AddImport, module=CHECKER_MODULE, name=CHECKER_CLASS),
        codemod(
            AddConstructorDependency,
            class_name="Application",
            parameter="consistency",
            annotation=CHECKER_CLASS,
            attribute="_consistency",
        ),
        codemod(
            AddMethod,
            class_name="Application",
            name="consistency_reports",
            after="session_metrics",
            source=REPORTS_METHOD,
        ),
    )
    legacy_tests.replace_persistence_subscriber(edits)
    for name in ("PersistenceSubscriber", SUBSCRIBER_VARIABLE):
        users = edits.files_using(name)
        if users:
            edits.refuse(f"{', '.join(users)} still uses {name}; cut it there by hand first")
    return edits.finish()


def apply(workspace: Path) -> StepResult:
    return apply_step(step_id, plan, workspace)
