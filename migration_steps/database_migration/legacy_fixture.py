"""Fills a database through the legacy schema with many conversations, as years of use would.

Runs inside the legacy stage's process. Some sessions carry what legacy's races leave behind:
two rows with the same position, and sessions that never got an agent context.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from migration_steps.stages.context import StageContext

BATCH = 5_000


async def fill(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    from app.db.tables import agent_contexts, messages, sessions  # the stage's own schema

    session_count = int(payload.get("sessions", 1_000))
    per_session = int(payload.get("messages_per_session", 50))
    app = await ctx.create_app(ctx.make_settings(database_url=payload["db"]))
    await app.close()  # the schema now exists

    from app.db.engine import create_database_engine

    engine = create_database_engine(payload["db"])
    start = datetime(2026, 1, 20, tzinfo=UTC)
    session_rows, context_rows, message_rows = [], [], []
    for index in range(session_count):
        session_id = f"legacy-{index:06d}"
        session_rows.append(
            {
                "id": session_id,
                "status": "closed" if index % 7 == 0 else "open",
                "created_at": start,
            }
        )
        if index % 3:
            context_rows.append(
                {
                    "session_id": session_id,
                    "current_agent": ("billing", "tech")[index % 2],
                    "switch_history": [
                        {
                            "from_agent": "triage",
                            "to_agent": ("billing", "tech")[index % 2],
                            "reason": "user mentioned 'invoice'",
                            "switched_at": start.isoformat(),
                        }
                    ],
                }
            )
        for position in range(per_session):
            duplicate_position = index % 50 == 0 and position == per_session - 1
            message_rows.append(
                {
                    "session_id": session_id,
                    "position": position - 1 if duplicate_position else position,
                    "role": ("user", "assistant")[position % 2],
                    "content": f"message {position} of conversation {index} — ünïcødé 'quoted'",
                    "created_at": start + timedelta(seconds=position),
                }
            )
    async with engine.begin() as connection:
        if session_rows:
            await connection.execute(insert(sessions), session_rows)
        if context_rows:
            await connection.execute(insert(agent_contexts), context_rows)
        for offset in range(0, len(message_rows), BATCH):
            await connection.execute(insert(messages), message_rows[offset : offset + BATCH])
    await engine.dispose()
    return {"sessions": len(session_rows), "messages": len(message_rows)}
