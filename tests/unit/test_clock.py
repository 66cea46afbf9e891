import asyncio

import pytest

from migration_steps.clock import ManualClock


async def test_now_moves_only_when_advanced() -> None:
    clock = ManualClock(start=10.0)
    assert clock.now() == 10.0
    await clock.advance(2.5)
    assert clock.now() == 12.5


async def test_advance_wakes_only_due_sleepers() -> None:
    clock = ManualClock()
    woken: list[str] = []

    async def sleeper(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woken.append(name)

    tasks = [asyncio.create_task(sleeper(name, s)) for name, s in [("a", 1), ("b", 3)]]
    await asyncio.sleep(0)
    await clock.advance(2)
    assert woken == ["a"]
    assert clock.pending_sleepers == 1
    await clock.advance(1)
    assert woken == ["a", "b"]
    await asyncio.gather(*tasks)


async def test_sleepers_wake_in_deadline_order_and_see_their_deadline() -> None:
    clock = ManualClock()
    woken: list[tuple[str, float]] = []

    async def sleeper(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woken.append((name, clock.now()))

    tasks = [
        asyncio.create_task(sleeper(name, seconds))
        for name, seconds in [("late", 5), ("early", 1), ("middle", 2)]
    ]
    await asyncio.sleep(0)
    await clock.advance(10)
    assert woken == [("early", 1), ("middle", 2), ("late", 5)]
    assert clock.now() == 10
    await asyncio.gather(*tasks)


async def test_a_task_that_sleeps_again_within_the_window_wakes_again() -> None:
    clock = ManualClock()
    ticks: list[float] = []

    async def every_two_seconds() -> None:
        while True:
            await clock.sleep(2)
            ticks.append(clock.now())

    task = asyncio.create_task(every_two_seconds())
    await asyncio.sleep(0)
    await clock.advance(7)
    assert ticks == [2, 4, 6]
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_cancelled_sleeper_is_skipped() -> None:
    clock = ManualClock()
    task = asyncio.create_task(clock.sleep(1))
    await asyncio.sleep(0)
    task.cancel()
    await asyncio.sleep(0)
    await clock.advance(5)
    assert task.cancelled()
    assert clock.pending_sleepers == 0


async def test_advance_refuses_to_go_back() -> None:
    with pytest.raises(ValueError):
        await ManualClock().advance(-1)
