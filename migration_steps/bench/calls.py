"""SQL statements and rows written per `add_message` and per chat turn (inside a stage)."""

from __future__ import annotations

from typing import Any

from migration_steps.bench.instance import GREETING, BenchInstance
from migration_steps.bench.seeding import ConversationSeeder
from migration_steps.bench.sql import WriteCounter, per_unit


async def per_call(
    instance: BenchInstance, counter: WriteCounter, seeder: ConversationSeeder, calls: int
) -> dict[str, Any]:
    """A new conversation of `calls` add_message calls, then `calls` greeting turns on another;
    every debounce window closes after each call, so a flush is counted where the stage has one.

    `stored_after` is what the database holds at the end: legacy's flush rewrites a conversation
    from memory, which add_message bypasses, so there it is short (the lost update), and so
    are the rows each later rewrite has to write.
    """
    app = instance.app
    message_session = await app.create_session()
    turn_session = await app.create_session()
    await instance.close_windows()

    counter.reset()
    for index in range(calls):
        role = "user" if index % 2 == 0 else "assistant"
        await app.add_message(message_session, role, f"message {index}")
        await instance.close_windows()
    add_message = per_unit(counter.totals(), calls)
    with counter.paused():
        add_message["stored_after"] = await seeder.stored(message_session)

    counter.reset()
    for _ in range(calls):
        await app.post_user_turn(turn_session, GREETING)
        await instance.close_windows()
    chat_turn = per_unit(counter.totals(), calls)
    with counter.paused():
        chat_turn["stored_after"] = await seeder.stored(turn_session)
    chat_turn["messages_per_turn"] = chat_turn["stored_after"] / calls
    return {"calls": calls, "add_message": add_message, "chat_turn": chat_turn}
