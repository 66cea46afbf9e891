"""Append-only messages numbered per session; agent contexts with a version.

Numbers every stored message 1..n within its session in conversation order (legacy `position`,
then row id: rows a racing legacy writer stored at one position keep their insertion order),
records each session's last number in `sessions.last_seq`, and gives every stored agent context
version 1.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("last_seq", sa.Integer, nullable=False, server_default="0"))
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("seq", sa.Integer, nullable=True))
    op.execute(
        "UPDATE messages SET seq = numbered.seq FROM ("
        " SELECT id, ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY position, id) AS seq"
        " FROM messages) AS numbered"
        " WHERE messages.id = numbered.id"
    )
    op.execute(
        "UPDATE sessions SET last_seq = COALESCE("
        "(SELECT MAX(seq) FROM messages WHERE messages.session_id = sessions.id), 0)"
    )
    with op.batch_alter_table("messages") as batch:
        batch.alter_column("seq", existing_type=sa.Integer, nullable=False)
        batch.drop_column("position")
        batch.create_unique_constraint("uq_messages_session_seq", ["session_id", "seq"])
    with op.batch_alter_table("agent_contexts") as batch:
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="0"))
    # Version 0 means "never stored": a session without a row is served by the initial agent.
    op.execute("UPDATE agent_contexts SET version = 1")


def downgrade() -> None:
    with op.batch_alter_table("agent_contexts") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("position", sa.Integer, nullable=True))
    op.execute("UPDATE messages SET position = seq - 1")
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint("uq_messages_session_seq", type_="unique")
        batch.alter_column("position", existing_type=sa.Integer, nullable=False)
        batch.drop_column("seq")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("last_seq")
