"""The tests' clock: sleepers wake at their deadline and only when the clock is advanced."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.clock import ManualClock


async def test_sleeper_wakes_only_once_its_deadline_is_reached() -> None:
    clock = ManualClock()
    woke_at: list[float] = []

    async def sleeper() -> None:
        await clock.sleep(2.0)
        woke_at.append(clock.now())

    task = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    await clock.advance(1.5)
    assert woke_at == []

    await clock.advance(1.0)
    await asyncio.wait_for(task, timeout=1)

    assert woke_at == [2.0]
    assert clock.now() == 2.5


async def test_sleepers_wake_in_deadline_order() -> None:
    clock = ManualClock()
    order: list[str] = []

    async def sleeper(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        order.append(name)

    tasks = [asyncio.create_task(sleeper("late", 3)), asyncio.create_task(sleeper("early", 1))]
    await asyncio.sleep(0)
    await clock.advance(5)
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=1)

    assert order == ["early", "late"]


async def test_clock_refuses_to_go_back() -> None:
    with pytest.raises(ValueError, match="does not go back"):
        await ManualClock().advance(-1)
