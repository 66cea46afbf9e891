"""Database failures: the caller gets one StorageError in plain words, nothing is half-written,
and the application goes on serving."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.application import Application
from app.db.storage_errors import StorageError
from tests.support.probe import DatabaseProbe

MISSING_TABLE = "SELECT * FROM storage_error_test_missing_table"


@contextmanager
def rejected(statement_start: str, skip: int = 0) -> Iterator[list[str]]:
    """The database rejects the statement starting with `statement_start` that comes after
    `skip` such ones: it is swapped for one the database itself refuses, in the same
    transaction."""
    seen: list[str] = []
    swapped: list[str] = []

    def swap(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> tuple[str, Any]:
        if not swapped and statement.lstrip().upper().startswith(statement_start):
            seen.append(statement)
            if len(seen) > skip:
                swapped.append(statement)
                return MISSING_TABLE, ()
        return statement, parameters

    event.listen(Engine, "before_cursor_execute", swap, retval=True)
    try:
        yield swapped
    finally:
        event.remove(Engine, "before_cursor_execute", swap)


@pytest.mark.parametrize("failing", ["UPDATE SESSIONS", "INSERT INTO MESSAGES"])
async def test_a_rejected_statement_stores_nothing_and_says_so(
    app: Application, probe: DatabaseProbe, failing: str
) -> None:
    session_id = await app.create_session()
    await app.add_message(session_id, "user", "before")
    before = await probe.snapshot()
    with rejected(failing) as swapped, pytest.raises(StorageError) as raised:
        await app.add_message(session_id, "user", "lost in the failure")
    assert swapped, "the fault was never injected"
    message = str(raised.value)
    assert message.startswith("the database refused the operation (")
    assert message.endswith("nothing was stored")
    assert "\n" not in message and "SELECT" not in message and "[SQL" not in message
    assert not raised.value.in_doubt
    assert await probe.snapshot() == before
    await app.add_message(session_id, "user", "after")
    assert await probe.messages(session_id) == [("user", "before"), ("user", "after")]


async def test_a_turn_whose_reply_fails_keeps_the_user_message_it_announced(
    app: Application, probe: DatabaseProbe
) -> None:
    session_id = await app.create_session()
    events_before = len(app.observed_events())
    with rejected("INSERT INTO MESSAGES", skip=1) as swapped, pytest.raises(StorageError):
        await app.post_user_turn(session_id, "Hello")
    assert len(swapped) == 1
    announced = [
        (record["role"], record["content"])
        for record in app.observed_events()[events_before:]
        if record["event"] == "MessageReceived"
    ]
    assert await probe.messages(session_id) == announced == [("user", "Hello")]
