"""What one model-checking run shares across its examples: stage, database, loop, reader."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import TypeVar

from migration_steps.scenarios.database_view import DatabaseView
from migration_steps.stages.context import StageContext

T = TypeVar("T")


@dataclass
class Runtime:
    """One run: the stage, its database, the loop every call runs on, a reader of the rows."""

    ctx: StageContext
    database_url: str
    loop: asyncio.AbstractEventLoop
    view: DatabaseView
    domain_error: type[Exception]
    final_sequence: list[str] | None = field(default=None)

    def run(self, awaitable: Awaitable[T]) -> T:
        return self.loop.run_until_complete(_as_coroutine(awaitable))


async def _as_coroutine(awaitable: Awaitable[T]) -> T:
    return await awaitable


def describe(error: BaseException) -> str:
    """`Type: message` on one line, cut to 300 characters."""
    text = " ".join(str(error).split())
    line = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return line if len(line) <= 300 else line[:297] + "..."
