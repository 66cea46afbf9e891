"""Which errors a caller can act on."""

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from migration_steps.reliability.caller_errors import describe, is_clear, is_in_doubt


class StorageError(Exception):
    def __init__(self, message: str, in_doubt: bool = False) -> None:
        super().__init__(message)
        self.in_doubt = in_doubt


DRIVER_ERROR = OperationalError("SELECT 1", (), sqlite3.OperationalError("database is locked"))


@pytest.mark.parametrize(
    ("error", "clear"),
    [
        (StorageError("the database refused the operation; nothing was stored"), True),
        (ValueError("no session with id 'x'"), True),
        (DRIVER_ERROR, False),
        (sqlite3.OperationalError("database is locked"), False),
        (StorageError("two\nlines"), False),
        (StorageError("[SQL: SELECT 1]"), False),
        (StorageError(""), False),
    ],
)
def test_is_clear(error: BaseException, clear: bool) -> None:
    assert is_clear(error) is clear


def test_in_doubt_only_when_the_error_says_so() -> None:
    assert is_in_doubt(StorageError("lost while committing", in_doubt=True))
    assert not is_in_doubt(StorageError("refused"))
    assert not is_in_doubt(DRIVER_ERROR)


def test_describe_is_one_bounded_line() -> None:
    text = describe(StorageError("a\nb " + "x" * 400))
    assert "\n" not in text and len(text) == 300 and text.startswith("StorageError: a b")
