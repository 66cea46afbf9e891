"""Whether the error a caller saw is one it can act on: one line, its own words, no SQL.

A driver's exception (sqlalchemy, asyncpg, sqlite3) with the failed statement attached tells an
operator what broke, not the caller what happened to their write.
"""

from __future__ import annotations

_DRIVER_PACKAGES = {"sqlalchemy", "asyncpg", "sqlite3", "aiosqlite"}


def describe(error: BaseException) -> str:
    """`Type: message` on one line, cut to 300 characters."""
    text = " ".join(str(error).split())
    line = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return line if len(line) <= 300 else line[:297] + "..."


def is_clear(error: BaseException) -> bool:
    text = str(error).strip()
    package = type(error).__module__.split(".")[0]
    return (
        bool(text) and "\n" not in text and "[SQL:" not in text and package not in _DRIVER_PACKAGES
    )


def is_in_doubt(error: BaseException) -> bool:
    """The error says the write may have been stored (a connection lost during its commit)."""
    return bool(getattr(error, "in_doubt", False))
