"""InsertStatement, ReplaceExpression, RemoveMethod, ReplaceMethod, AddClassField, AddDefinition,
AddModuleConstant: source in, source out."""

import pytest

from migration_steps.codemods import Changed, CodemodSpec, Failed, Skipped, codemod
from migration_steps.codemods.methods import AddClassField, RemoveMethod, ReplaceMethod
from migration_steps.codemods.module_level import AddDefinition, AddModuleConstant
from migration_steps.codemods.statements import InsertStatement, ReplaceExpression

ENGINE = """\
from sqlalchemy import event

from app.db.tables import metadata


def create_engine(url):
    if url.startswith("sqlite"):
        engine = make(url)
        event.listen(engine, "connect", configure)
        return engine
    return make(url)


def configure(connection, record):
    \"\"\"Per connection.\"\"\"
    connection.execute("PRAGMA foreign_keys=ON")


async def create_schema(connection):
    await connection.run_sync(metadata.create_all)
"""

REPOSITORY = """\
from dataclasses import dataclass, field

from sqlalchemy import delete, insert


@dataclass
class Context:
    session_id: str
    switches: list = field(default_factory=list)


class Repository:
    def find(self, key):
        return key

    def save(self, context):
        delete(context)
        insert(context)
"""

NEW_SAVE = '''
    def save(self, context):
        """Over the version read."""
        insert(context)
'''

TABLE = [
    pytest.param(
        codemod(
            InsertStatement,
            function="create_engine",
            source='event.listen(engine, "begin", begin)\n',
            after='event.listen(engine, "connect", configure)',
        ),
        ENGINE,
        ENGINE.replace(
            '        event.listen(engine, "connect", configure)\n',
            '        event.listen(engine, "connect", configure)\n'
            '        event.listen(engine, "begin", begin)\n',
        ),
        id="insert-in-a-nested-block",
    ),
    pytest.param(
        codemod(
            InsertStatement,
            function="configure",
            source="# Why.\nconnection.isolation_level = None\n",
        ),
        ENGINE,
        ENGINE.replace(
            '    """Per connection."""\n',
            '    """Per connection."""\n    # Why.\n    connection.isolation_level = None\n',
        ),
        id="insert-first-after-the-docstring",
    ),
    pytest.param(
        codemod(
            ReplaceExpression,
            function="create_schema",
            old="metadata.create_all",
            new="upgrade_to_head",
        ),
        ENGINE,
        ENGINE.replace(
            "from sqlalchemy import event\n\nfrom app.db.tables import metadata\n",
            "from sqlalchemy import event\n",
        ).replace("metadata.create_all", "upgrade_to_head"),
        id="replace-expression-and-drop-its-import",
    ),
    pytest.param(
        codemod(
            AddDefinition,
            name="begin",
            source='def begin(connection):\n    connection.exec_driver_sql("BEGIN")\n',
            after="configure",
        ),
        ENGINE,
        ENGINE.replace(
            "\n\nasync def create_schema",
            '\n\ndef begin(connection):\n    connection.exec_driver_sql("BEGIN")\n'
            "\n\nasync def create_schema",
        ),
        id="definition-after-another",
    ),
    pytest.param(
        codemod(AddModuleConstant, name="ATTEMPTS", value="5", comment="How often."),
        ENGINE,
        ENGINE.replace("import metadata\n", "import metadata\n\n# How often.\nATTEMPTS = 5\n"),
        id="constant-after-the-imports",
    ),
    pytest.param(
        codemod(RemoveMethod, class_name="Repository", name="save"),
        REPOSITORY,
        REPOSITORY.replace("\nfrom sqlalchemy import delete, insert\n", "").replace(
            "\n    def save(self, context):\n        delete(context)\n        insert(context)\n",
            "",
        ),
        id="remove-method-and-its-imports",
    ),
    pytest.param(
        codemod(
            ReplaceMethod,
            class_name="Repository",
            name="save",
            source=NEW_SAVE,
            replaces=("delete",),
        ),
        REPOSITORY,
        REPOSITORY.replace("import delete, insert", "import insert").replace(
            "        delete(context)\n", '        """Over the version read."""\n'
        ),
        id="rewrite-method-keeping-imports-it-still-uses",
    ),
    pytest.param(
        codemod(
            AddClassField,
            class_name="Context",
            source="# Read at.\nversion: int = 0\n",
            after="switches",
        ),
        REPOSITORY,
        REPOSITORY.replace(
            "    switches: list = field(default_factory=list)\n",
            "    switches: list = field(default_factory=list)\n    # Read at.\n"
            "    version: int = 0\n",
        ),
        id="field-after-another",
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
    ("spec", "source", "reason"),
    [
        (
            codemod(InsertStatement, function="create_engine", source="x = 1\n", after="y = 2"),
            ENGINE,
            "`create_engine` has no single statement `y = 2`",
        ),
        (
            codemod(InsertStatement, function="missing", source="x = 1\n"),
            ENGINE,
            "no function `missing` is defined here",
        ),
        (
            codemod(
                ReplaceMethod,
                class_name="Repository",
                name="save",
                source=NEW_SAVE,
                replaces=("delete",),
            ),
            REPOSITORY.replace("        delete(context)\n", ""),
            "`Repository.save` no longer uses delete; rewrite it by hand",
        ),
        (
            codemod(AddClassField, class_name="Context", source="v: int = 0\n", after="x"),
            REPOSITORY,
            "`Context` has no field `x`",
        ),
        (
            codemod(AddDefinition, name="f", source="def f():\n    pass\n", after="g"),
            ENGINE,
            "no top-level `g` to add `f` after",
        ),
        (
            codemod(RemoveMethod, class_name="Missing", name="save"),
            REPOSITORY,
            "no class `Missing` is defined here",
        ),
    ],
)
def test_a_tree_not_in_shape_fails_with_a_reason(
    spec: CodemodSpec, source: str, reason: str
) -> None:
    assert spec.run(source) == Failed(reason)
