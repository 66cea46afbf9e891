"""The scenario catalogue of DESIGN §5, driving a stage's `Application` only (inside the stage).

Every scenario works on sessions of its own, so all of them can share one database.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from migration_steps.characterization.recorder import Recorder
from migration_steps.scenarios.environment import ScenarioEnvironment, missing
from migration_steps.scenarios.loss import LOSS_SCENARIOS

DEFAULT_WRITERS = 50
SEED_MESSAGES = 5
UNKNOWN_SESSION = "no-such-session"
OVERSIZED_CONTENT = "x" * 100_000
CONCURRENT_WRITERS = "concurrent-writers"

ScenarioRun = Callable[[ScenarioEnvironment, Recorder], Awaitable[None]]


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    run: ScenarioRun


async def conversation(env: ScenarioEnvironment, rec: Recorder) -> None:
    app = await env.open_app("A")
    session = await rec.call(app, "create_session")
    await rec.call(app, "post_user_turn", session, "Hello")
    await env.advance(1.0)
    await rec.call(app, "post_user_turn", session, "How are you?")
    await env.advance(2.0)
    await rec.call(app, "post_user_turn", session, "thanks")
    await rec.call(app, "get_history", session)
    await rec.call(app, "get_current_agent", session)


async def router_switch(env: ScenarioEnvironment, rec: Recorder) -> None:
    app = await env.open_app("A")
    session = await rec.call(app, "create_session")
    await rec.call(app, "post_user_turn", session, "Hello")
    await rec.call(app, "post_user_turn", session, "I was charged twice")
    await env.advance(2.0)
    await rec.call(app, "post_user_turn", session, "The app crashed after the update")
    await rec.call(app, "get_current_agent", session)
    await rec.call(app, "get_history", session)


async def explicit_switch(env: ScenarioEnvironment, rec: Recorder) -> None:
    app = await env.open_app("A")
    session = await rec.call(app, "create_session")
    await rec.call(app, "post_user_turn", session, "Hello")
    await rec.call(app, "switch_agent", session, "billing", "vip customer")
    await rec.call(app, "switch_agent", session, "billing")
    await rec.call(app, "get_current_agent", session)
    await env.advance(2.0)
    await rec.call(app, "post_user_turn", session, "My login fails")
    await rec.call(app, "get_current_agent", session)
    await rec.call(app, "get_history", session)


async def close_session(env: ScenarioEnvironment, rec: Recorder) -> None:
    app = await env.open_app("A")
    session = await rec.call(app, "create_session")
    await rec.call(app, "post_user_turn", session, "Hello")
    await rec.call(app, "close_session", session)
    await rec.call(app, "add_message", session, "user", "Are you still there?")
    await rec.call(app, "post_user_turn", session, "Are you still there?")
    await rec.call(app, "switch_agent", session, "tech")
    await rec.call(app, "close_session", session)
    await rec.call(app, "get_history", session)


async def restart(env: ScenarioEnvironment, rec: Recorder) -> None:
    """Instance A serves a conversation and shuts down; instance B starts on the same database."""
    first = await env.open_app("A")
    session = await rec.call(first, "create_session")
    await rec.call(first, "post_user_turn", session, "Hello")
    await rec.call(first, "post_user_turn", session, "My invoice is wrong")
    history = await rec.call(first, "get_history", session)
    agent = await rec.call(first, "get_current_agent", session)
    await env.close_app("A")
    second = await env.open_app("B")
    reloaded = await rec.call(second, "get_history", session)
    rec.check("api: history same after restart", history == reloaded)
    reloaded_agent = await rec.call(second, "get_current_agent", session)
    rec.check("api: agent same after restart", agent == reloaded_agent)
    await rec.call(second, "post_user_turn", session, "thanks")


async def bad_inputs(env: ScenarioEnvironment, rec: Recorder) -> None:
    """Each kind of bad input, with the error it raises; nothing may be written."""
    app = await env.open_app("A")
    session = await rec.call(app, "create_session")
    closed = await rec.call(app, "create_session")
    await rec.call(app, "post_user_turn", session, "Hello")
    await rec.call(app, "close_session", closed)
    for method, args in (
        ("get_history", ()),
        ("get_current_agent", ()),
        ("post_user_turn", ("Hello",)),
        ("add_message", ("user", "Hello")),
        ("switch_agent", ("tech",)),
        ("close_session", ()),
    ):
        await rec.call(app, method, UNKNOWN_SESSION, *args)
    await rec.call(app, "get_history", 42)
    await rec.call(app, "post_user_turn", None, "Hello")
    await rec.call(app, "get_history", "")
    await rec.call(app, "add_message", session, "user", "")
    await rec.call(app, "post_user_turn", session, "")
    await rec.call(app, "add_message", session, "user", " \n\t ")
    await rec.call(app, "add_message", session, "user", OVERSIZED_CONTENT)
    await rec.call(app, "post_user_turn", session, OVERSIZED_CONTENT)
    await rec.call(app, "add_message", session, "user", 42)
    await rec.call(app, "add_message", session, "robot", "beep")
    await rec.call(app, "switch_agent", session, "sales")
    await rec.call(app, "add_message", closed, "user", "anyone there?")
    await rec.call(app, "post_user_turn", closed, "anyone there?")
    await rec.call(app, "get_history", session)


async def concurrent_writers(env: ScenarioEnvironment, rec: Recorder, *, writers: int) -> None:
    """`writers` add_message calls on one session at once, each in its own task.

    The session first gets a few messages through the service path, so the race is the
    read-modify-write of the repository alone. Statements are counted over the concurrent
    phase only and checked per write, so the figures do not depend on `writers`.
    """
    rec.racy = True
    app = await env.open_app("A")
    session = await rec.call(app, "create_session")
    for index in range(SEED_MESSAGES):
        role = "user" if index % 2 == 0 else "assistant"
        await rec.call(app, "add_message", session, role, f"seed {index}")
    seeds = await env.stored_messages(session)
    env.counter.reset()
    tasks = [
        asyncio.create_task(app.add_message(session, "user", f"write {index}"))
        for index in range(writers)
    ]
    results = await asyncio.gather(*tasks, return_exceptions=True)
    counts = env.counter.snapshot()
    outcomes = Counter(
        "ok" if not isinstance(r, BaseException) else type(r).__name__ for r in results
    )
    rec.check("api: concurrent add_message outcomes", sorted(outcomes))
    rec.info.update({"writers": writers, "outcomes": dict(outcomes)})
    for verb, count in counts["by_verb"].items():
        rec.check(f"statements per write: {verb}", round(count / writers, 3))
    for key, count in counts["by_table"].items():
        rec.check(f"statements per write: {key}", round(count / writers, 3))
    acknowledged = [
        f"user: write {index}"
        for index, result in enumerate(results)
        if not isinstance(result, BaseException)
    ]
    rec.info["lost before the flush"] = len(
        missing(acknowledged, await env.stored_messages(session))
    )
    await env.settle()
    stored = await env.stored_messages(session)
    rec.check("rows: S1 seed messages kept", stored[: len(seeds)] == seeds)
    env.collect_events()
    announced = [m for m in env.acknowledged_messages(session) if m.startswith("user: write ")]
    rec.check(
        "events: every acknowledged write announced once", sorted(announced) == sorted(acknowledged)
    )


def loss_scenario(name: str) -> ScenarioRun:
    """A `playbook race` scenario; its timeline's calls become the API checks."""

    async def run(env: ScenarioEnvironment, rec: Recorder) -> None:
        outcome = await LOSS_SCENARIOS[name](env)
        rec.label_sessions_from_events()
        for entry in env.timeline:
            if not entry.actor.endswith("background"):
                rec.check(f"api: {entry.actor} · {entry.action}", rec.labels.value(entry.value))
        rec.info["timeline steps"] = len(outcome.get("timeline", []))

    return run


def catalogue(writers: int = DEFAULT_WRITERS) -> list[Scenario]:
    return [
        Scenario("conversation", "Plain conversation with agent replies", conversation),
        Scenario("router-switch", "The router hands the session to other agents", router_switch),
        Scenario("explicit-switch", "An operator switches the agent explicitly", explicit_switch),
        Scenario("close-session", "Closing a session, then writing to it", close_session),
        Scenario("restart", "A new instance on the same database reads the session", restart),
        Scenario("bad-inputs", "Every kind of bad input and its error", bad_inputs),
        Scenario(
            "seed-timeline",
            "The analysis's timeline: an operator's reply vs. the flush",
            loss_scenario("seed-timeline"),
        ),
        Scenario(
            "agent-revert",
            "A supervisor's switch vs. stale memory",
            loss_scenario("agent-revert"),
        ),
        Scenario(
            "two-instances", "Two instances serving one session", loss_scenario("two-instances")
        ),
        Scenario(
            CONCURRENT_WRITERS,
            f"{writers} concurrent add_message calls on one session",
            partial(concurrent_writers, writers=writers),
        ),
    ]
