"""ReplaceConstant and RenameFunction (the steps' edits of the app's own tests)."""

import pytest

from migration_steps.codemods import Changed, CodemodSpec, Failed, Skipped, codemod
from migration_steps.codemods.constants import RenameFunction, ReplaceConstant

TESTS = """\
from x import y

# Stored at the end: legacy loses "Good".
STORED = [
    ("user", "Hello"),
]

# Agent after the switch.
AGENT = "triage"


async def test_timeline_loses_the_reply() -> None:
    assert y() == STORED
"""

TABLE = [
    pytest.param(
        codemod(
            ReplaceConstant,
            name="STORED",
            value='[\n    ("user", "Hello"),\n    ("assistant", "Good"),\n]',
            comment='Stored at the end: "Good" stays.',
        ),
        TESTS,
        TESTS.replace('legacy loses "Good"', '"Good" stays').replace(
            '("user", "Hello"),\n]', '("user", "Hello"),\n    ("assistant", "Good"),\n]'
        ),
        id="constant-and-its-comment",
    ),
    pytest.param(
        codemod(ReplaceConstant, name="AGENT", value='"billing"'),
        TESTS,
        TESTS.replace('AGENT = "triage"', 'AGENT = "billing"'),
        id="constant-keeping-its-comment",
    ),
    pytest.param(
        codemod(RenameFunction, old="test_timeline_loses_the_reply", new="test_timeline_keeps_it"),
        TESTS,
        TESTS.replace("test_timeline_loses_the_reply", "test_timeline_keeps_it"),
        id="rename",
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


def test_a_missing_constant_is_refused() -> None:
    outcome = codemod(ReplaceConstant, name="GONE", value="1").run(TESTS)
    assert outcome == Failed("no module constant `GONE`")
