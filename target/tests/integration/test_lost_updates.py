"""The lost updates of DESIGN §1, through `Application` only, timed by the manual clock.

Legacy lost these writes: a debounced flush rewrote the database from stale memory.
Nothing rewrites sessions from memory any more, so every write stays stored.
"""

from __future__ import annotations

from app.application import Application
from tests.support.apps import AppFactory, drain
from tests.support.clock import ManualClock
from tests.support.probe import DatabaseProbe

# Stored at the end of the seed timeline: the operator's "assistant: Good" stays.
SEED_TIMELINE_STORED = [
    ("user", "Hello"),
    ("assistant", "Hi"),
    ("user", "How are you?"),
    ("assistant", "Good"),
]

# Stored agent after an explicit switch to billing: the switch stays.
AGENT_AFTER_EXPLICIT_SWITCH = "billing"

# Stored at the end of the two-instance race: both instances' turns stay.
TWO_INSTANCES_STORED = [
    ("user", "Hello"),
    ("assistant", "Hi"),
    ("user", "Thanks"),
    ("assistant", "You're welcome."),
    ("user", "How are you?"),
]


async def tick(clock: ManualClock, seconds: float, *apps: Application) -> None:
    """Let `seconds` pass, then wait for the background work that became due."""
    await clock.advance(seconds)
    for app in apps:
        await drain(app)


async def test_seed_timeline_keeps_the_operator_reply(
    app: Application, clock: ManualClock, probe: DatabaseProbe
) -> None:
    session_id = await app.create_session()
    assert (await app.post_user_turn(session_id, "Hello")).reply == "Hi"  # t=0
    await tick(clock, 2, app)
    await tick(clock, 1, app)
    assert (await app.post_user_turn(session_id, "How are you?")).reply is None  # t=3
    await tick(clock, 1, app)
    await app.add_message(session_id, "assistant", "Good")  # t=4
    assert ("assistant", "Good") in await probe.messages(session_id)
    await tick(clock, 1, app)  # t=5: the window opened at t=3 closes

    assert await probe.messages(session_id) == SEED_TIMELINE_STORED


async def test_explicit_agent_switch_stays_stored(
    app: Application, clock: ManualClock, probe: DatabaseProbe
) -> None:
    session_id = await app.create_session()
    await app.post_user_turn(session_id, "Hello")  # t=0: memory serves with triage
    await tick(clock, 1, app)
    switch = await app.switch_agent(session_id, "billing", "operator decision")  # t=1
    assert (switch.current_agent, switch.previous_agent) == ("billing", "triage")
    assert await probe.current_agent(session_id) == "billing"
    await tick(clock, 1, app)  # t=2: the window opened at t=0 closes

    assert await probe.current_agent(session_id) == AGENT_AFTER_EXPLICIT_SWITCH


async def test_two_instances_keep_each_others_messages(
    make_app: AppFactory, clock: ManualClock, probe: DatabaseProbe
) -> None:
    first, second = await make_app(), await make_app()
    session_id = await first.create_session()
    await first.post_user_turn(session_id, "Hello")  # t=0
    await tick(clock, 2, first, second)
    assert (await second.post_user_turn(session_id, "Thanks")).reply == "You're welcome."  # t=2
    await tick(clock, 1, first, second)
    await first.post_user_turn(session_id, "How are you?")  # t=3: first's memory lacks "Thanks"
    assert await probe.messages(session_id) == [
        ("user", "Hello"),
        ("assistant", "Hi"),
        ("user", "Thanks"),
        ("assistant", "You're welcome."),
        ("user", "How are you?"),
    ]
    await tick(clock, 1, first, second)  # t=4: second's window closes
    await tick(clock, 1, first, second)  # t=5: first's window closes

    assert await probe.messages(session_id) == TWO_INSTANCES_STORED
