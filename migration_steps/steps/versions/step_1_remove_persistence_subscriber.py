"""Step 1: remove PersistenceSubscriber, the second writer.

The domain services already save every change at once; the subscriber saved it again, later,
from manager memory, and so overwrote whatever memory had not seen. Without it, events serve
observability only. Reads still come from manager memory until step 2.
"""

from __future__ import annotations

from pathlib import Path

from migration_steps.codemods import codemod
from migration_steps.codemods.components import RemoveComponent
from migration_steps.codemods.definitions import (
    RemoveClassField,
    RemoveDefinitions,
    RemoveUnusedLocal,
)
from migration_steps.codemods.docstrings import ReplaceModuleDocstring
from migration_steps.codemods.references import RemoveListEntries
from migration_steps.steps import legacy_tests
from migration_steps.steps.apply import apply_step
from migration_steps.steps.model import StepMetadata, StepPlan, StepResult
from migration_steps.steps.no_second_writer import STOPS_OVERWRITING
from migration_steps.steps.paths import CLOCK, CONFIG, MAIN, PERSISTENCE_SUBSCRIBER
from migration_steps.steps.plan import EditPlan, identifiers
from migration_steps.steps.tree import SourceTree

step_id = "1"
previous_step = "0"
route = "main"

metadata = StepMetadata(
    title="remove PersistenceSubscriber",
    rationale=(
        "Every change is saved twice: at once by the domain services, and again 2 s later by "
        "PersistenceSubscriber from AsyncSessionManager memory (DELETE + INSERT of the whole "
        "session). The second save rewrites the database from a copy that misses every write "
        "made past memory (operator messages, explicit switches, hand-off notes, a second "
        "instance): those are lost. The services are the one writer that knows every change; "
        "the subscriber goes, and events keep serving observability."
    ),
    risk=(
        "Low. Nothing but the subscriber wrote from memory, and the services already saved every "
        "change first. Reads still come from memory, so the API can now show a history older "
        "than the database: step 2 fixes that, and the harness must show it in between."
    ),
    time_estimate="1-2 hours, reviews included",
    intended_changes=STOPS_OVERWRITING,
)

SUBSCRIBER_VARIABLE = "persistence_subscriber"
CLOCKS = ("Clock", "SystemClock")
CLOCK_DOCSTRINGS = {
    (): "Time: timestamps are timezone-aware UTC.",
    ("Clock",): "Time: the `Clock` protocol of injectable time sources, and UTC timestamps.",
    ("SystemClock",): "Time: the system's monotonic clock, and UTC timestamps.",
}


def plan(tree: SourceTree) -> StepPlan:
    edits = EditPlan(step_id, tree)
    main = edits.read(MAIN)
    if not edits.exists(PERSISTENCE_SUBSCRIBER) and "PersistenceSubscriber" not in identifiers(
        main
    ):
        edits.refuse(f"already applied: {PERSISTENCE_SUBSCRIBER} is gone and unwired")
    edits.delete(PERSISTENCE_SUBSCRIBER)
    edits.transform(
        MAIN,
        codemod(RemoveListEntries, variable=SUBSCRIBER_VARIABLE),
        codemod(RemoveComponent, variable=SUBSCRIBER_VARIABLE),
    )
    edits.transform_where_applicable(
        MAIN, codemod(RemoveUnusedLocal, function="create_app", variable="clock")
    )
    legacy_tests.remove_persistence_subscriber(edits)
    _drop_unused_settings(edits)
    _drop_unused_clocks(edits)
    _refuse_leftover_uses(edits)
    return edits.finish()


def apply(workspace: Path) -> StepResult:
    return apply_step(step_id, plan, workspace)


def _drop_unused_settings(edits: EditPlan) -> None:
    """Settings fields that only the subscriber's debounce read go with it."""
    for field in ("flush_delay_seconds", "clock"):
        if not edits.attribute_readers(field, besides=CONFIG):
            edits.transform_where_applicable(
                CONFIG, codemod(RemoveClassField, class_name="Settings", field=field)
            )


def _drop_unused_clocks(edits: EditPlan) -> None:
    """`Clock` and `SystemClock` each go once no file but app/clock.py names it; `utc_now` stays."""
    unused = [name for name in CLOCKS if not edits.files_using(name, besides=CLOCK)]
    if not unused:
        return
    kept = [name for name in CLOCKS if name not in unused]
    edits.transform_where_applicable(
        CLOCK,
        codemod(RemoveDefinitions, names=unused),
        codemod(ReplaceModuleDocstring, text=CLOCK_DOCSTRINGS[tuple(kept)]),
    )


def _refuse_leftover_uses(edits: EditPlan) -> None:
    for name in ("PersistenceSubscriber", SUBSCRIBER_VARIABLE):
        users = edits.files_using(name)
        if users:
            edits.refuse(f"{', '.join(users)} still uses {name}; cut it there by hand first")
