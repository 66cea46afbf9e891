"""RemoveDefinitions, RemoveClassField, RemoveUnusedLocal: source in, source out."""

import pytest

from migration_steps.codemods import Changed, CodemodSpec, Failed, Skipped, codemod
from migration_steps.codemods.definitions import (
    RemoveClassField,
    RemoveDefinitions,
    RemoveUnusedLocal,
)

CLOCKS = '''\
"""Time sources."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...


class SystemClock:
    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def utc_now() -> datetime:
    return datetime.now(UTC)
'''

CLOCKS_AFTER = '''\
"""Time sources."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
'''

SETTINGS = """\
from dataclasses import dataclass

from app.clock import Clock


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite://"
    delay: float = 2.0
    clock: Clock | None = None

    def describe(self) -> str:
        return self.database_url


class Other:
    clock: Clock | None = None
"""

LOCAL = """\
def create_app(settings):
    clock = settings.clock or SystemClock()
    engine = make_engine(settings)
    return engine
"""

TABLE = [
    pytest.param(
        codemod(RemoveDefinitions, names=["Clock", "SystemClock"]),
        CLOCKS,
        CLOCKS_AFTER,
        id="definitions-and-their-imports-keeping-the-section-blank-line",
    ),
    pytest.param(
        codemod(RemoveClassField, class_name="Settings", field="delay"),
        SETTINGS,
        SETTINGS.replace("    delay: float = 2.0\n", ""),
        id="field",
    ),
    pytest.param(
        codemod(RemoveUnusedLocal, function="create_app", variable="clock"),
        LOCAL,
        LOCAL.replace("    clock = settings.clock or SystemClock()\n", ""),
        id="unused-local",
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


def test_removing_both_clock_fields_drops_the_clock_import() -> None:
    once = run(codemod(RemoveClassField, class_name="Settings", field="clock"), SETTINGS)
    assert "from app.clock import Clock" in once  # Other still uses it
    without_other = SETTINGS.split("\n\nclass Other")[0] + "\n"
    twice = run(codemod(RemoveClassField, class_name="Settings", field="clock"), without_other)
    assert "app.clock" not in twice
    assert twice.startswith("from dataclasses import dataclass\n\n\n@dataclass")


def test_only_the_named_class_loses_the_field() -> None:
    after = run(codemod(RemoveClassField, class_name="Settings", field="clock"), SETTINGS)
    assert after.count("clock: Clock | None = None") == 1


def test_a_definition_gone_by_hand_while_its_sibling_stays_is_refused() -> None:
    hand_edited = CLOCKS.replace("class Clock(Protocol):\n    def now(self) -> float: ...\n", "")
    outcome = codemod(RemoveDefinitions, names=["Clock", "SystemClock"]).run(hand_edited)
    assert outcome == Failed("expected to remove Clock too, but it is gone")


def test_a_local_still_used_is_skipped_with_a_reason() -> None:
    source = LOCAL.replace("return engine", "return engine, clock")
    outcome = codemod(RemoveUnusedLocal, function="create_app", variable="clock").run(source)
    assert outcome == Skipped("`clock` is still used in `create_app`")
