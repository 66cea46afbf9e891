"""The goals of each workshop step: named criteria over one check's evidence, with advice.

A step is reached by behaviour, whatever the code looks like: step 1 when no session is
rewritten from memory (nothing acknowledged is lost, each message is saved once), step 2 when
besides reads come from the database and no module uses the session manager, step 3 when
besides concurrent writers lose nothing and a message costs the same whatever the conversation's
length. The predicates are in `predicates`; a step's title is its step module's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from migration_steps.steps.catalogue import catalogue
from migration_steps.workshop.evidence import Evidence, Finding
from migration_steps.workshop.predicates import (
    agent_from_database,
    concurrent_writers_lose_nothing,
    constant_cost,
    history_from_database,
    manager_deleted,
    manager_unused,
    nothing_lost,
    one_save_per_message,
)

Predicate = Callable[[Evidence], list[Finding]]


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str
    advice: str
    predicate: Predicate

    def findings(self, evidence: Evidence) -> list[Finding]:
        return self.predicate(evidence)


@dataclass(frozen=True)
class WorkshopStep:
    step_id: str
    goal: str
    criteria: tuple[Criterion, ...]

    @property
    def title(self) -> str:
        """The step's title, as its step module declares it."""
        step = catalogue().get(self.step_id)
        return step.title if step is not None else self.goal


STEP_1 = WorkshopStep(
    "1",
    "no session is rewritten from memory",
    (
        Criterion(
            "nothing-lost",
            "nothing acknowledged is lost (seed-timeline, agent-revert, two-instances, ...)",
            "Find who saves a session from AsyncSessionManager memory after the services have "
            "saved it, and take that writer out: the services already store every change.",
            nothing_lost,
        ),
        Criterion(
            "one-save-per-message",
            "each message is saved once, by the service that stored it",
            "Something still saves the session a second time after each message: look for "
            "writes that do not go through SessionManagementService or "
            "AgentOrchestrationService.",
            one_save_per_message,
        ),
    ),
)
STEP_2 = WorkshopStep(
    "2",
    "reads come from the database, and nothing uses the session manager",
    (
        Criterion(
            "history-from-database",
            "get_history serves what the database holds",
            "Make ChatHandler.get_history read the session through SessionManagementService "
            "(get_session(...).messages) instead of manager memory.",
            history_from_database,
        ),
        Criterion(
            "agent-from-database",
            "get_current_agent serves the stored agent",
            "Make ChatHandler read the current agent through AgentOrchestrationService "
            "(get_context(...).current_agent), in get_current_agent and in handle_user_turn.",
            agent_from_database,
        ),
        Criterion(
            "manager-unused",
            "no module of app/ imports or uses the session manager",
            "Remove the session_manager parameter of ChatHandler, the manager built in "
            "app/main.py, and their imports.",
            manager_unused,
        ),
        Criterion(
            "manager-deleted",
            "app/session_manager/ is deleted",
            "Delete app/session_manager/ (and tests/integration/test_async_session_manager.py).",
            manager_deleted,
        ),
    ),
)
STEP_3 = WorkshopStep(
    "3",
    "concurrent writers lose nothing, and add_message costs the same at any length",
    (
        Criterion(
            "concurrent-writers-lose-nothing",
            "50 concurrent add_message calls on one session: all stored, none twice",
            "Stop read-modify-write in add_message: append the one new row in one transaction, "
            "taking the session's next number atomically (UPDATE sessions SET last_seq = "
            "last_seq + 1 ... RETURNING last_seq).",
            concurrent_writers_lose_nothing,
        ),
        Criterion(
            "constant-cost",
            "a message is one new row: nothing deleted, nothing re-inserted",
            "Save a new message as one INSERT of its own row; never DELETE and re-INSERT the "
            "conversation in SessionRepositoryImpl.",
            constant_cost,
        ),
    ),
)
WORKSHOP_STEPS: tuple[WorkshopStep, ...] = (STEP_1, STEP_2, STEP_3)


def workshop_step(step_id: str) -> WorkshopStep | None:
    return next((step for step in WORKSHOP_STEPS if step.step_id == step_id), None)
