"""The three lost-update scenarios of DESIGN §1, driven through `Application` only.

Each returns what the services acknowledged (`expected`), what the database holds at the end
(`stored`) and the difference (`lost`), plus the timeline that led there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from migration_steps.scenarios.environment import ScenarioEnvironment, missing

LossScenario = Callable[[ScenarioEnvironment], Awaitable[dict[str, Any]]]


async def seed_timeline(env: ScenarioEnvironment) -> dict[str, Any]:
    """The analysis's own timeline: an operator's "Good" is overwritten by the debounced flush."""
    app = await env.open_app("A")
    session_id = await app.create_session()
    env.watch(session_id)
    await env.step(
        "A", "chat", "user says 'Hello'", lambda: app.post_user_turn(session_id, "Hello")
    )
    await env.advance(2.0)
    await env.advance(1.0)
    await env.step(
        "A",
        "chat",
        "user says 'How are you?'",
        lambda: app.post_user_turn(session_id, "How are you?"),
    )
    await env.advance(1.0)
    await env.step(
        "A",
        "operator",
        "operator answers 'Good' through SessionManagementService",
        lambda: app.add_message(session_id, "assistant", "Good"),
    )
    await env.advance(1.0)
    await env.settle()
    return await message_outcome(env, session_id)


async def agent_revert(env: ScenarioEnvironment) -> dict[str, Any]:
    """A supervisor's switch to tech is reverted by a flush of the stale in-memory agent."""
    app = await env.open_app("A")
    session_id = await app.create_session()
    env.watch(session_id)
    await env.step(
        "A",
        "chat",
        "user says 'I was charged twice'",
        lambda: app.post_user_turn(session_id, "I was charged twice"),
    )
    await env.advance(2.0)
    await env.advance(1.0)
    await env.step(
        "A",
        "supervisor",
        "switch to tech through AgentOrchestrationService",
        lambda: app.switch_agent(session_id, "tech", "customer reports a crash"),
    )
    await env.advance(2.0)
    await env.settle()
    expected = env.acknowledged_switches(session_id)
    stored_agent, stored = await env.stored_agent(session_id)
    outcome = {
        "expected": expected,
        "stored": stored,
        "lost": missing(expected, stored),
        "expected_agent": expected[-1].split(" → ")[-1] if expected else None,
        "stored_agent": stored_agent,
        "messages": await message_outcome(env, session_id),
    }
    outcome["timeline"] = outcome["messages"].pop("timeline")
    return outcome


async def two_instances(env: ScenarioEnvironment) -> dict[str, Any]:
    """Two instances serve one session; each one's flush erases what the other wrote."""
    first = await env.open_app("A")
    second = await env.open_app("B")
    session_id = await first.create_session()
    env.watch(session_id)
    await env.step(
        "A", "chat", "user says 'Hello'", lambda: first.post_user_turn(session_id, "Hello")
    )
    await env.advance(2.0)
    await env.advance(1.0)
    await env.step(
        "B",
        "chat",
        "user says 'Hello from my phone' (served by instance B)",
        lambda: second.post_user_turn(session_id, "Hello from my phone"),
    )
    await env.advance(1.0)
    await env.step(
        "A",
        "chat",
        "user says 'Are you still there?' (served by instance A)",
        lambda: first.post_user_turn(session_id, "Are you still there?"),
    )
    await env.advance(1.0)
    await env.advance(1.0)
    await env.settle()
    return await message_outcome(env, session_id)


async def message_outcome(env: ScenarioEnvironment, session_id: str) -> dict[str, Any]:
    expected = env.acknowledged_messages(session_id)
    stored = await env.stored_messages(session_id)
    return {
        "expected": expected,
        "stored": stored,
        "lost": missing(expected, stored),
        "duplicated": missing(stored, expected),
        "timeline": [entry.as_dict() for entry in env.timeline],
    }


LOSS_SCENARIOS: dict[str, LossScenario] = {
    "seed-timeline": seed_timeline,
    "agent-revert": agent_revert,
    "two-instances": two_instances,
}


async def statements_per_message(env: ScenarioEnvironment, messages: int = 10) -> dict[str, Any]:
    """SQL statements per stored message over a plain conversation, every window closing."""
    app = await env.open_app("A")
    session_id = await app.create_session()
    await env.advance(2.0)
    env.counter.reset()
    for index in range(messages):
        role = "user" if index % 2 == 0 else "assistant"
        await app.add_message(session_id, role, f"message {index}")
        await env.advance(2.0)
    counts = env.counter.snapshot()
    return {
        "messages": messages,
        "by_verb": {verb: n / messages for verb, n in counts["by_verb"].items()},
        "by_table": {key: n / messages for key, n in counts["by_table"].items()},
        "message_rewrites": (
            counts["by_table"].get("DELETE messages", 0)
            + counts["by_table"].get("INSERT messages", 0)
        )
        / messages,
    }
