"""Time: the `Clock` protocol of injectable time sources, and UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


def utc_now() -> datetime:
    return datetime.now(UTC)
