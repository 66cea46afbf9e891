"""Edits of the application's own tests (`tests/` of the tree) that the steps make.

The lost-update tests state each scenario's stored outcome as a module constant; a step that
fixes a loss sets the constant to what is now kept, and renames the test to say so.
"""

from __future__ import annotations

import json
from importlib import resources

from migration_steps.codemods import CodemodSpec, codemod
from migration_steps.codemods.constants import RenameFunction, ReplaceConstant
from migration_steps.codemods.docstrings import ReplaceModuleDocstring
from migration_steps.codemods.references import RemoveCallKeyword
from migration_steps.steps import sources
from migration_steps.steps.plan import EditPlan

CONFTEST = "tests/conftest.py"
SUBSCRIBER_TESTS = "tests/integration/test_persistence_subscriber.py"
LOST_UPDATES = "tests/integration/test_lost_updates.py"
CONSISTENCY_TESTS = "tests/integration/test_data_consistency_subscriber.py"
MANAGER_TEST_MARK = "session_manager"


def _rows(*rows: tuple[str, str]) -> str:
    """A list of (role, content) rows, one per line, as ruff formats it."""
    lines = "".join(f"    ({json.dumps(role)}, {json.dumps(text)}),\n" for role, text in rows)
    return f"[\n{lines}]"


TIMELINE = (("user", "Hello"), ("assistant", "Hi"), ("user", "How are you?"))
BOTH_INSTANCES = (
    ("user", "Hello"),
    ("assistant", "Hi"),
    ("user", "Thanks"),
    ("assistant", "You're welcome."),
    ("user", "How are you?"),
)
LOST_UPDATES_DOCSTRING = (
    "The lost updates of DESIGN §1, through `Application` only, timed by the manual clock.\n"
    "\n"
    "Legacy lost these writes: a debounced flush rewrote the database from stale memory.\n"
    "Nothing rewrites sessions from memory any more, so every write stays stored.\n"
)

NOTHING_LOST: tuple[CodemodSpec, ...] = (
    codemod(ReplaceModuleDocstring, text=LOST_UPDATES_DOCSTRING),
    codemod(
        ReplaceConstant,
        name="SEED_TIMELINE_STORED",
        value=_rows(*TIMELINE, ("assistant", "Good")),
        comment='Stored at the end of the seed timeline: the operator\'s "assistant: Good" stays.',
    ),
    codemod(
        ReplaceConstant,
        name="AGENT_AFTER_EXPLICIT_SWITCH",
        value='"billing"',
        comment="Stored agent after an explicit switch to billing: the switch stays.",
    ),
    codemod(
        ReplaceConstant,
        name="TWO_INSTANCES_STORED",
        value=_rows(*BOTH_INSTANCES),
        comment="Stored at the end of the two-instance race: both instances' turns stay.",
    ),
    codemod(
        RenameFunction,
        old="test_seed_timeline_loses_the_operator_reply",
        new="test_seed_timeline_keeps_the_operator_reply",
    ),
    codemod(
        RenameFunction,
        old="test_explicit_agent_switch_is_reverted_by_a_flush_from_memory",
        new="test_explicit_agent_switch_stays_stored",
    ),
    codemod(
        RenameFunction,
        old="test_one_instance_flush_erases_the_other_instance_messages",
        new="test_two_instances_keep_each_others_messages",
    ),
)


def remove_persistence_subscriber(edits: EditPlan) -> None:
    """Step 1: the subscriber's tests go, the lost updates are kept, and no test configures the
    debounce through `Settings(...)` any more."""
    edits.delete(SUBSCRIBER_TESTS)
    edits.transform(LOST_UPDATES, *NOTHING_LOST)
    fields = ("flush_delay_seconds", "clock")
    users = {path for field in fields for path in edits.attribute_readers(field)}
    for path in sorted(user for user in users if user.startswith("tests/")):
        edits.transform_where_applicable(
            path,
            codemod(RemoveCallKeyword, callee="Settings", keyword="flush_delay_seconds"),
            codemod(RemoveCallKeyword, callee="Settings", keyword="clock"),
        )


def remove_session_manager(edits: EditPlan) -> None:
    """Step 2: the manager's own tests go."""
    for path in edits.python_files("tests"):
        name = path.rsplit("/", 1)[-1]
        if name.startswith("test_") and MANAGER_TEST_MARK in name:
            edits.delete(path)


def replace_persistence_subscriber(edits: EditPlan) -> None:
    """Step 1b: the subscriber's tests go, the lost updates are kept, the check gets tests."""
    edits.delete(SUBSCRIBER_TESTS)
    edits.transform(LOST_UPDATES, *NOTHING_LOST)
    text = resources.files(sources).joinpath("consistency_subscriber_tests.py").read_text("utf-8")
    edits.create(CONSISTENCY_TESTS, text)
