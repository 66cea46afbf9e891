"""Database failures reach callers as one StorageError in plain words, never as a driver's
exception carrying SQL.

Constraint violations are left as they are: the repositories turn the ones they expect into
domain errors. Every transaction of the app is one `engine.begin()` block, so a failure before
the commit leaves nothing stored; only a connection lost during the commit leaves the outcome
unknown, and the error says so.
"""

from __future__ import annotations

import re

from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

_DRIVER_CLASS_PREFIX = re.compile(r"^<class '(?:\w+\.)*(\w+)'>: ")
_REASON_LENGTH = 200


class StorageError(Exception):
    """The database failed, not the caller's input.

    `in_doubt` is True when the connection was lost while committing: the change may have been
    stored, so read it back before writing it again.
    """

    def __init__(self, message: str, *, in_doubt: bool = False) -> None:
        super().__init__(message)
        self.in_doubt = in_doubt


def raise_storage_errors(engine: AsyncEngine) -> None:
    """Make `engine` raise StorageError for every database failure but constraint violations."""
    event.listen(engine.sync_engine, "handle_error", _as_storage_error)


def _as_storage_error(context: ExceptionContext) -> None:
    wrapped = context.sqlalchemy_exception
    if wrapped is None or isinstance(wrapped, IntegrityError):
        return
    reason = _reason(context.original_exception)
    if context.connection is None:
        raise StorageError(f"the database cannot be reached ({reason}); nothing was stored")
    if context.is_disconnect and context.statement is None:
        raise StorageError(
            f"the connection to the database was lost while committing ({reason}); the change "
            "may have been stored: read it back before writing it again",
            in_doubt=True,
        )
    if context.is_disconnect:
        raise StorageError(
            f"the connection to the database was lost ({reason}); nothing was stored, and the "
            "next call reconnects"
        )
    raise StorageError(f"the database refused the operation ({reason}); nothing was stored")


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    text = _DRIVER_CLASS_PREFIX.sub(r"\1: ", text)
    if ": " not in text.split(" ", 1)[0]:
        text = f"{type(error).__name__}: {text}"
    return text if len(text) <= _REASON_LENGTH else text[: _REASON_LENGTH - 1] + "…"
