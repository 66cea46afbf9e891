"""Brings a database to the schema of `app.db.tables` with Alembic, whoever made it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).with_name("migrations")
LEGACY_BASELINE = "0001"
"""The revision describing exactly the tables legacy's `create_all` made."""


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(connection: Connection) -> None:
    """Upgrade inside the caller's transaction, so a failure leaves the database as it was.

    A database the legacy application made (its tables, no Alembic history) is first stamped
    with the baseline revision, which describes exactly those tables.
    """
    config = alembic_config(connection)
    if current_revision(connection) is None and inspect(connection).has_table("sessions"):
        command.stamp(config, LEGACY_BASELINE)
    command.upgrade(config, "head")
