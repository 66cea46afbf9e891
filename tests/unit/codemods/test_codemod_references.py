"""RemoveListEntries, RemoveCallArgument and AddCallKeyword: source in, source out."""

import pytest

from migration_steps.codemods import Changed, CodemodSpec, Skipped, codemod
from migration_steps.codemods.references import (
    AddCallKeyword,
    RemoveCallArgument,
    RemoveCallKeyword,
    RemoveListEntries,
)

ONE_PER_LINE = """\
app = Application(
    chat=chat,
    background=[subscriber],
    shutdown_hooks=[subscriber.shutdown, engine.dispose],
)
"""

TABLE = [
    pytest.param(
        codemod(RemoveListEntries, variable="subscriber"),
        ONE_PER_LINE,
        ONE_PER_LINE.replace("[subscriber]", "[]").replace("subscriber.shutdown, ", ""),
        id="list-entries-and-attributes",
    ),
    pytest.param(
        codemod(RemoveListEntries, variable="subscriber"),
        "hooks = [engine.dispose, subscriber.shutdown]\nother = [subscribers]\n",
        "hooks = [engine.dispose]\nother = [subscribers]\n",
        id="last-entry-takes-no-trailing-comma",
    ),
    pytest.param(
        codemod(RemoveListEntries, variable="subscriber"),
        "hooks = [\n    subscriber.shutdown,\n    engine.dispose,\n]\n",
        "hooks = [\n    engine.dispose,\n]\n",
        id="one-entry-per-line",
    ),
    pytest.param(
        codemod(RemoveCallArgument, callee="ChatHandler", variable="manager"),
        "chat = ChatHandler(sessions, router, manager)\nother = Other(manager)\n",
        "chat = ChatHandler(sessions, router)\nother = Other(manager)\n",
        id="argument-of-the-named-callee-only",
    ),
    pytest.param(
        codemod(RemoveCallArgument, callee="ChatHandler", variable="manager"),
        "chat = ChatHandler(manager, sessions)\n",
        "chat = ChatHandler(sessions)\n",
        id="first-argument",
    ),
    pytest.param(
        codemod(RemoveCallKeyword, callee="Settings", keyword="clock"),
        "s = Settings(\n    url=url, clock=clock\n)\nother = Other(clock=clock)\n",
        "s = Settings(\n    url=url\n)\nother = Other(clock=clock)\n",
        id="keyword-of-the-named-callee-closing-whitespace-kept",
    ),
    pytest.param(
        codemod(AddCallKeyword, callee="Application", keyword="consistency", value="checker"),
        ONE_PER_LINE,
        ONE_PER_LINE.replace(
            "engine.dispose],\n)", "engine.dispose],\n    consistency=checker,\n)"
        ),
        id="keyword-on-a-line-of-its-own",
    ),
    pytest.param(
        codemod(AddCallKeyword, callee="Application", keyword="consistency", value="checker"),
        "app = Application(chat=chat)\n",
        "app = Application(chat=chat, consistency=checker)\n",
        id="keyword-on-one-line",
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
    second = spec.run(run(spec, before))
    assert isinstance(second, Skipped)
    assert second.reason.startswith("no ")


def test_removing_the_last_use_of_an_import_removes_the_import() -> None:
    source = "from app.sub import make\n\nhooks = [make.shutdown, other]\n"
    assert run(codemod(RemoveListEntries, variable="make"), source) == "\nhooks = [other]\n"
