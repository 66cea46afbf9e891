"""AddTableArgument, ReplaceTableColumn and AddImportedName: source in, source out."""

import pytest

from migration_steps.codemods import Changed, CodemodSpec, Failed, Skipped, codemod
from migration_steps.codemods.import_names import AddImportedName
from migration_steps.codemods.tables import AddTableArgument, ReplaceTableColumn

SCHEMA = """\
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
)

metadata = MetaData()

sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("role", Integer),
)
"""

TABLE = [
    pytest.param(
        codemod(AddTableArgument, table="sessions", source='Column("last_seq", Integer)'),
        SCHEMA,
        SCHEMA.replace(
            '    Column("id", Integer, primary_key=True),\n)\n\nmessages',
            '    Column("id", Integer, primary_key=True),\n    Column("last_seq", Integer),\n)'
            "\n\nmessages",
        ),
        id="column-at-the-end",
    ),
    pytest.param(
        codemod(
            AddTableArgument, table="messages", source='Column("seq", Integer)', after="position"
        ),
        SCHEMA,
        SCHEMA.replace(
            '    Column("position", Integer, nullable=False),\n',
            '    Column("position", Integer, nullable=False),\n    Column("seq", Integer),\n',
        ),
        id="column-after-another",
    ),
    pytest.param(
        codemod(
            ReplaceTableColumn,
            table="messages",
            column="position",
            source='Column("seq", Integer, nullable=False)',
        ),
        SCHEMA,
        SCHEMA.replace('Column("position", Integer', 'Column("seq", Integer'),
        id="replace-column",
    ),
    pytest.param(
        codemod(AddImportedName, module="sqlalchemy", name="UniqueConstraint"),
        SCHEMA,
        SCHEMA.replace("    Table,\n)", "    Table,\n    UniqueConstraint,\n)"),
        id="name-into-parenthesized-import",
    ),
    pytest.param(
        codemod(AddImportedName, module="sqlalchemy", name="JSON"),
        SCHEMA,
        SCHEMA.replace("(\n    Column,", "(\n    JSON,\n    Column,"),
        id="constants-sort-first",
    ),
    pytest.param(
        codemod(AddImportedName, module="sqlalchemy.engine", name="Connection"),
        "from sqlalchemy.engine import make_url\n",
        "from sqlalchemy.engine import Connection, make_url\n",
        id="class-before-function",
    ),
    pytest.param(
        codemod(AddImportedName, module="app.errors", name="BError"),
        "from app.errors import AError, CError\n",
        "from app.errors import AError, BError, CError\n",
        id="inline-middle",
    ),
    pytest.param(
        codemod(AddImportedName, module="app.domain.errors", name="InvalidContentError"),
        "from app.domain.errors import ConcurrentUpdateError, SessionClosedError, SessionNotFoun\n",
        "from app.domain.errors import (\n    ConcurrentUpdateError,\n    InvalidContentError,\n"
        "    SessionClosedError,\n    SessionNotFoun,\n)\n",
        id="too-long-becomes-one-per-line",
    ),
]


def run(spec: CodemodSpec, source: str) -> str:
    outcome = spec.run(source)
    assert isinstance(outcome, Changed), outcome
    return outcome.code


@pytest.mark.parametrize(("spec", "before", "after"), TABLE)
def test_before_after(spec: CodemodSpec, before: str, after: str) -> None:
    assert run(spec, before) == after


@pytest.mark.parametrize(("spec", "before", "after"), TABLE)
def test_applying_twice_skips_with_a_reason(spec: CodemodSpec, before: str, after: str) -> None:
    assert isinstance(spec.run(run(spec, before)), Skipped)


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        (
            codemod(AddTableArgument, table="agents", source='Column("v", Integer)'),
            "no table `agents` is defined here",
        ),
        (
            codemod(AddTableArgument, table="messages", source='Column("v", Integer)', after="x"),
            "the table `messages` has no column `x`",
        ),
        (
            codemod(ReplaceTableColumn, table="sessions", column="position", source='Column("s")'),
            "the table `sessions` has no column `position`",
        ),
        (
            codemod(AddImportedName, module="sqlalchemy.orm", name="Session"),
            "nothing is imported from `sqlalchemy.orm` to add to",
        ),
    ],
)
def test_a_tree_not_in_shape_fails_with_a_reason(spec: CodemodSpec, reason: str) -> None:
    assert spec.run(SCHEMA) == Failed(reason)
