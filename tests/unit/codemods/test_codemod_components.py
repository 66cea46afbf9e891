"""RemoveComponent and ReplaceComponent: source in, source out."""

from textwrap import dedent

import pytest

from migration_steps.codemods import Changed, CodemodSpec, Failed, Skipped, codemod
from migration_steps.codemods.components import RemoveComponent, ReplaceComponent

WIRING = """\
from app.audit import AuditLogger
from app.persistence import PersistenceSubscriber


async def create_app(settings, bus):
    audit = AuditLogger()
    audit.subscribe(bus)
    persistence = PersistenceSubscriber(settings.delay)
    persistence.subscribe(bus)
    await persistence.warm_up()

    return (audit,)
"""

WIRING_WITHOUT_PERSISTENCE = """\
from app.audit import AuditLogger


async def create_app(settings, bus):
    audit = AuditLogger()
    audit.subscribe(bus)

    return (audit,)
"""

FIRST_OF_PARAGRAPH = """\
def build():
    a = 1

    helper = Helper()
    helper.start()
    return a
"""

FIRST_OF_PARAGRAPH_AFTER = """\
def build():
    a = 1

    return a
"""

TABLE = [
    pytest.param(
        codemod(RemoveComponent, variable="persistence"),
        WIRING,
        WIRING_WITHOUT_PERSISTENCE,
        id="remove-construction-calls-and-import",
    ),
    pytest.param(
        codemod(RemoveComponent, variable="helper"),
        FIRST_OF_PARAGRAPH,
        FIRST_OF_PARAGRAPH_AFTER,
        id="remove-keeps-the-blank-line-of-the-paragraph",
    ),
    pytest.param(
        codemod(
            ReplaceComponent,
            old_variable="persistence",
            new_variable="checker",
            construction="Checker(settings.delay)",
        ),
        WIRING,
        WIRING.replace("persistence = PersistenceSubscriber", "checker = Checker")
        .replace("persistence.", "checker.")
        .replace("from app.persistence import PersistenceSubscriber\n", ""),
        id="replace-renames-every-use",
    ),
]


def run(spec: CodemodSpec, source: str) -> str:
    outcome = spec.run(dedent(source))
    assert isinstance(outcome, Changed), outcome
    return outcome.code


@pytest.mark.parametrize(("spec", "before", "after"), TABLE)
def test_before_after(spec: CodemodSpec, before: str, after: str) -> None:
    assert run(spec, before) == after


@pytest.mark.parametrize(("spec", "before", "after"), TABLE)
def test_applying_twice_skips_with_a_reason(spec: CodemodSpec, before: str, after: str) -> None:
    second = spec.run(run(spec, before))
    assert isinstance(second, Skipped)
    assert "no component" in second.reason


def test_remove_refuses_while_the_component_is_still_used() -> None:
    source = WIRING.replace("return (audit,)", "return (audit, persistence)")
    outcome = codemod(RemoveComponent, variable="persistence").run(source)
    assert outcome == Failed(
        "`persistence` is still used after removing its construction; remove those uses first"
    )


def test_remove_refuses_to_empty_a_block() -> None:
    source = "def f():\n    x = make()\n    x.go()\n"
    outcome = codemod(RemoveComponent, variable="x").run(source)
    assert outcome == Failed("removing `x` would leave an empty block")


def test_replace_keeps_attribute_and_keyword_names() -> None:
    source = "def f(o):\n    old = Old()\n    o.old.run(old=old)\n"
    spec = codemod(ReplaceComponent, old_variable="old", new_variable="new", construction="New()")
    assert run(spec, source) == "def f(o):\n    new = New()\n    o.old.run(old=new)\n"


def test_replace_refuses_a_component_built_twice() -> None:
    source = "def f():\n    old = Old()\n    old = Old()\n"
    spec = codemod(ReplaceComponent, old_variable="old", new_variable="new", construction="New()")
    assert spec.run(source) == Failed("`old` is built more than once")


def test_a_syntax_error_fails_on_one_line() -> None:
    outcome = codemod(RemoveComponent, variable="x").run("def f(:\n")
    assert isinstance(outcome, Failed)
    assert outcome.reason.startswith("ParserSyntaxError")
    assert "\n" not in outcome.reason
