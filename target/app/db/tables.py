"""The schema: sessions, their messages appended one row each with a number per session, and
agent contexts with a version for optimistic concurrency.

The Alembic revisions in `app/db/migrations` create and upgrade it; this module is their head.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seq", Integer, nullable=False, server_default="0"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(36), ForeignKey("sessions.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("role", String(16), nullable=False),
    Column("content", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session_id", "seq", name="uq_messages_session_seq"),
)

agent_contexts = Table(
    "agent_contexts",
    metadata,
    Column("session_id", String(36), ForeignKey("sessions.id"), primary_key=True),
    Column("current_agent", String(32), nullable=False),
    Column("switch_history", JSON, nullable=False),
    Column("version", Integer, nullable=False, server_default="0"),
)
