"""Faults injected into a running stage from inside its process, Jepsen's "nemesis".

Each is a context manager armed around one call and reports whether it fired, so a fault that
never happened cannot pass for a fault that was survived. They act on every engine of the
process through SQLAlchemy's events: the stage's code is not touched.
"""

from __future__ import annotations

import asyncio
import importlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from migration_steps.scenarios.sql_counter import statement_verb, written_table

# A statement the database itself refuses (no such table), on SQLite and on PostgreSQL alike.
REFUSED_STATEMENT = "SELECT * FROM playbook_injected_fault"
AT_COMMIT = 0
_BACKEND_GONE_TIMEOUT_SECONDS = 5.0
# Observability subscribers whose handlers are made to raise; the audit logger stays, as it is
# how the harness sees what was announced.
OBSERVERS = {
    "app.events.subscribers.metrics_collector": "MetricsCollector",
    "app.events.subscribers.session_metrics": "SessionMetricsCollector",
}


@dataclass
class Firing:
    """What an armed fault did: the statement it hit ('' when it did not fire)."""

    hit: str = ""
    statements: list[str] = field(default_factory=list)

    @property
    def fired(self) -> bool:
        return bool(self.hit)


def _label(statement: str) -> str:
    return written_table(statement) or statement_verb(statement) or "?"


@contextmanager
def refused_statement(position: int) -> Iterator[Firing]:
    """The `position`-th statement sent while armed is swapped for one the database refuses, in
    the same transaction: the database really rejects it, as it would a constraint or a full
    disk, and the driver's real error path runs."""
    firing = Firing()

    def swap(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool
    ) -> tuple[str, Any]:
        firing.statements.append(_label(statement))
        if firing.fired or len(firing.statements) != position:
            return statement, parameters
        firing.hit = f"statement {position} ({_label(statement)})"
        return REFUSED_STATEMENT, [()] if many else ()

    event.listen(Engine, "before_cursor_execute", swap, retval=True)
    try:
        yield firing
    finally:
        event.remove(Engine, "before_cursor_execute", swap)


@contextmanager
def killed_backend(position: int, admin_url: str) -> Iterator[Firing]:
    """PostgreSQL terminates (pg_terminate_backend) the backend serving the write just before its
    `position`-th statement reaches it, or before its commit when `position` is AT_COMMIT."""
    firing = Firing()

    def kill(connection: Any, what: str) -> None:
        firing.hit = what
        pid = connection.connection.driver_connection.get_server_pid()
        _terminate_from_another_thread(admin_url, pid)

    def before_statement(
        conn: Any, _cursor: Any, statement: str, _parameters: Any, _context: Any, _many: bool
    ) -> None:
        firing.statements.append(_label(statement))
        if position != AT_COMMIT and not firing.fired and len(firing.statements) == position:
            kill(conn, f"statement {position} ({_label(statement)})")

    def before_commit(conn: Any) -> None:
        if position == AT_COMMIT and not firing.fired and firing.statements:
            kill(conn, "commit")

    event.listen(Engine, "before_cursor_execute", before_statement)
    event.listen(Engine, "commit", before_commit)
    try:
        yield firing
    finally:
        event.remove(Engine, "before_cursor_execute", before_statement)
        event.remove(Engine, "commit", before_commit)


def _terminate_from_another_thread(admin_url: str, pid: int) -> None:
    """Terminate backend `pid` and wait until it is gone. The caller runs on the event loop, in
    SQLAlchemy's synchronous event hook, so the kill runs on a loop of its own."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(_terminate(admin_url, pid))
        except BaseException as error:  # reported in the caller's thread
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


async def _terminate(admin_url: str, pid: int) -> None:
    import asyncpg

    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute("SELECT pg_terminate_backend($1)", pid)
        deadline = time.monotonic() + _BACKEND_GONE_TIMEOUT_SECONDS
        while await connection.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid
        ):
            if time.monotonic() > deadline:
                raise TimeoutError(f"backend {pid} still runs after pg_terminate_backend")
            await asyncio.sleep(0.01)
    finally:
        await connection.close()


@dataclass
class FailingObservers:
    """Counts how often a made-to-fail subscriber was called."""

    raised: int = 0
    patched: list[str] = field(default_factory=list)


@contextmanager
def failing_observers() -> Iterator[FailingObservers]:
    """Every `on_*` handler of the stage's metrics subscribers raises while armed. Arm it before
    `create_app`: the bus keeps the handlers it was given at subscription."""
    failing = FailingObservers()
    originals: list[tuple[type, str, Any]] = []

    async def broken(_self: Any, _event: Any) -> None:
        failing.raised += 1
        raise RuntimeError("injected failure of an observability subscriber")

    for module_name, class_name in OBSERVERS.items():
        try:
            observer = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            continue
        for name in [name for name in vars(observer) if name.startswith("on_")]:
            originals.append((observer, name, vars(observer)[name]))
            setattr(observer, name, broken)
            failing.patched.append(f"{class_name}.{name}")
    try:
        yield failing
    finally:
        for observer, name, original in originals:
            setattr(observer, name, original)
