"""Step 1b (alternative route): the persistence subscriber becomes a consistency check.

Instead of rewriting sessions from manager memory, the subscriber compares memory with the
database after the same debounce window and reports any divergence (log, counter, alert hook),
never writing. The manager stays and still serves reads. This is the analysis's alternative:
it stops the lost updates and shows where memory is stale, without moving the reads yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from migration_steps.characterization.compare import ABSENT
from migration_steps.codemods import codemod
from migration_steps.codemods.classes import AddConstructorDependency, AddMethod
from migration_steps.codemods.components import ReplaceComponent
from migration_steps.codemods.imports import AddImport
from migration_steps.codemods.references import AddCallKeyword
from migration_steps.steps import legacy_tests, sources
from migration_steps.steps.apply import apply_step
from migration_steps.steps.model import (
    IntendedChange,
    StepMetadata,
    StepPlan,
    StepResult,
    per_scenario,
)
from migration_steps.steps.no_second_writer import (
    NOTE_CHARGED,
    NOTE_CRASHED,
    NOTE_INVOICE,
    STOPS_OVERWRITING,
    login_note,
)
from migration_steps.steps.paths import (
    APPLICATION,
    CONSISTENCY_SUBSCRIBER,
    MAIN,
    PERSISTENCE_SUBSCRIBER,
)
from migration_steps.steps.plan import EditPlan
from migration_steps.steps.tree import SourceTree


def divergence(
    database_agent: str,
    *,
    memory_agent: str | None = None,
    only_in_database: Sequence[str] = (),
    only_in_memory: Sequence[str] = (),
) -> dict[str, Any]:
    """One consistency report on session S1 as the harness records it; messages as 'role: text'."""
    return {
        "session_id": "S1",
        "database_agent": database_agent,
        "memory_agent": database_agent if memory_agent is None else memory_agent,
        "only_in_database": [message.split(": ", 1) for message in only_in_database],
        "only_in_memory": [message.split(": ", 1) for message in only_in_memory],
    }


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
        *STOPS_OVERWRITING,
        *per_scenario(
            "statements: SELECT",
            {
                "conversation": (12, 18),
                "router-switch": (20, 26),
                "explicit-switch": (15, 21),
                "close-session": (15, 18),
                "restart": (19, 25),
                "bad-inputs": (20, 23),
                "seed-timeline": (10, 16),
                "agent-revert": (10, 16),
                "two-instances": (14, 23),
            },
            "each check of a session reads it back: 3 SELECTs (session, messages, agent context)",
        ),
        IntendedChange(
            "*",
            "consistency: * reports",
            ABSENT,
            [],
            "a new check, at this stage only: memory and database agreed at every check",
        ),
        *per_scenario(
            "consistency: A reports",
            {
                "router-switch": (
                    ABSENT,
                    [
                        divergence("billing", only_in_database=[NOTE_CHARGED]),
                        divergence("tech", only_in_database=[NOTE_CHARGED, NOTE_CRASHED]),
                    ],
                ),
                "explicit-switch": (
                    ABSENT,
                    [
                        divergence("billing", memory_agent="triage"),
                        divergence("tech", only_in_database=[login_note("billing")]),
                    ],
                ),
                "close-session": (ABSENT, [divergence("tech", memory_agent="triage")]),
                "restart": (ABSENT, [divergence("billing", only_in_database=[NOTE_INVOICE])]),
                "seed-timeline": (
                    ABSENT,
                    [divergence("triage", only_in_database=["assistant: Good"])],
                ),
                "agent-revert": (
                    ABSENT,
                    [
                        divergence("billing", only_in_database=[NOTE_CHARGED]),
                        divergence("tech", memory_agent="billing", only_in_database=[NOTE_CHARGED]),
                    ],
                ),
                "two-instances": (
                    ABSENT,
                    [
                        divergence(
                            "triage",
                            only_in_database=["user: Hello from my phone", "assistant: Hi"],
                        )
                    ],
                ),
            },
            "the check reports each write memory missed and changes nothing",
        ),
        IntendedChange(
            "two-instances",
            "consistency: B reports",
            ABSENT,
            [divergence("triage", only_in_database=["user: Are you still there?"])],
            "instance B's check reports the turn instance A stored past B's memory",
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
