"""Entry functions run inside a stepped tree (`run_in_stage`): does it build, and what it does.

`smoke` drives every verb of `Application` once; `consistency_timeline` replays the analysis's
lost-update timeline and a stale agent revert, then reports what a fresh instance reads from the
database and what the tree's consistency check (step 1b) reported.
"""

from __future__ import annotations

from typing import Any

from migration_steps.clock import ManualClock
from migration_steps.stages.context import StageContext

FLUSH_DELAY_SECONDS = 2.0


async def _open(ctx: StageContext, payload: dict, clock: ManualClock) -> Any:
    settings = ctx.make_settings(
        database_url=payload["database_url"], clock=clock, flush_delay_seconds=FLUSH_DELAY_SECONDS
    )
    return await ctx.create_app(settings)


def _lines(history: list[Any]) -> list[str]:
    return [f"{message.role}: {message.content}" for message in history]


async def smoke(ctx: StageContext, payload: dict) -> dict:
    clock = ManualClock()
    app = await _open(ctx, payload, clock)
    try:
        session = await app.create_session()
        greeting = await app.post_user_turn(session, "Hello")
        billing = await app.post_user_turn(session, "I was charged twice")
        await app.add_message(session, "assistant", "An operator will call you.")
        switch = await app.switch_agent(session, "tech", "operator")
        await clock.advance(FLUSH_DELAY_SECONDS)
        await app.drain()
        history = _lines(await app.get_history(session))
        agent = await app.get_current_agent(session)
        await app.close_session(session)
        return {
            "turns": [
                [greeting.agent, greeting.reply, greeting.switched_from],
                [billing.agent, billing.reply, billing.switched_from],
            ],
            "switch": [switch.current_agent, switch.previous_agent],
            "history": history,
            "agent": agent,
            "events": len(app.observed_events()),
            "metrics": app.metrics(),
        }
    finally:
        await app.close()


async def consistency_timeline(ctx: StageContext, payload: dict) -> dict:
    clock = ManualClock()
    app = await _open(ctx, payload, clock)
    try:
        timeline = await app.create_session()
        await app.post_user_turn(timeline, "Hello")
        await app.post_user_turn(timeline, "How are you?")
        await app.add_message(timeline, "assistant", "Good")
        reverted = await app.create_session()
        await app.post_user_turn(reverted, "Hello")
        await app.switch_agent(reverted, "billing", "operator")
        await clock.advance(FLUSH_DELAY_SECONDS)
        await app.drain()
        reports = app.consistency_reports() if hasattr(app, "consistency_reports") else None
        memory = {"history": _lines(await app.get_history(timeline))}
        memory["agent"] = await app.get_current_agent(reverted)
    finally:
        await app.close()
    fresh = await _open(ctx, payload, ManualClock())
    try:
        stored = {
            "history": _lines(await fresh.get_history(timeline)),
            "agent": await fresh.get_current_agent(reverted),
        }
    finally:
        await fresh.close()
    return {
        "sessions": {"timeline": timeline, "reverted": reverted},
        "reports": reports,
        "api": memory,
        "stored": stored,
    }
