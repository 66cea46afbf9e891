"""Database URLs and throwaway databases for runs and tests (SQLite file or PostgreSQL)."""

import asyncio
import os
import secrets
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from migration_steps.errors import BadInputError

DATABASE_URL_ENV = "PLAYBOOK_DATABASE_URL"
REACHABLE_TIMEOUT_SECONDS = 5.0

DatabaseKind = Literal["sqlite", "postgresql"]

_POSTGRES_BACKENDS = {"postgresql", "postgres"}
_SQLITE_SIDECAR_SUFFIXES = ("", "-wal", "-shm", "-journal")


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise BadInputError(f"'{url}' is not a database URL") from None


def redact(url: str) -> str:
    """The URL without its password, fit for a message."""
    parsed = _parse(url)
    without_password = URL.create(
        drivername=parsed.drivername,
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return without_password.render_as_string(hide_password=False)


def database_kind(url: str) -> DatabaseKind:
    backend = _parse(url).get_backend_name()
    if backend == "sqlite":
        return "sqlite"
    if backend in _POSTGRES_BACKENDS:
        return "postgresql"
    raise BadInputError(
        f"unsupported database '{backend}' in {redact(url)} (use sqlite or postgresql)"
    )


def async_url(url: str) -> str:
    """The URL with the async driver the app uses: aiosqlite or asyncpg."""
    parsed = _parse(url)
    driver = "sqlite+aiosqlite" if database_kind(url) == "sqlite" else "postgresql+asyncpg"
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def default_url_from_env() -> str | None:
    return os.environ.get(DATABASE_URL_ENV) or None


@asynccontextmanager
async def fresh_database(
    base_url: str | None, workdir: Path | None = None, *, keep: bool = False
) -> AsyncIterator[str]:
    """Yield the async URL of a brand-new empty database; remove it afterwards unless `keep`.

    SQLite (or no URL): a new file in `workdir` or the temp directory. PostgreSQL: a new
    database `pb_<hex>` on the server of `base_url`, created through that URL's database.
    """
    if base_url is None or database_kind(base_url) == "sqlite":
        async with _fresh_sqlite(workdir, keep=keep) as url:
            yield url
    else:
        async with _fresh_postgres(base_url, keep=keep) as url:
            yield url


@asynccontextmanager
async def _fresh_sqlite(workdir: Path | None, *, keep: bool) -> AsyncIterator[str]:
    directory = Path(workdir) if workdir is not None else Path(tempfile.gettempdir())
    directory.mkdir(parents=True, exist_ok=True)
    path = directory.resolve() / f"playbook-{secrets.token_hex(6)}.sqlite3"
    try:
        yield f"sqlite+aiosqlite:///{path}"
    finally:
        if not keep:
            for suffix in _SQLITE_SIDECAR_SUFFIXES:
                Path(f"{path}{suffix}").unlink(missing_ok=True)


@asynccontextmanager
async def _fresh_postgres(base_url: str, *, keep: bool) -> AsyncIterator[str]:
    admin_url = async_url(base_url)
    database_name = f"pb_{secrets.token_hex(6)}"
    await _admin_execute(admin_url, f'CREATE DATABASE "{database_name}"')
    try:
        yield _parse(admin_url).set(database=database_name).render_as_string(hide_password=False)
    finally:
        if not keep:
            await _admin_execute(
                admin_url, f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)'
            )


def asyncpg_dsn(url: str) -> str:
    """postgresql+asyncpg://… → postgresql://…, as asyncpg.connect takes it."""
    return _parse(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _import_asyncpg() -> ModuleType:
    try:
        import asyncpg
    except ImportError:
        raise BadInputError(
            "PostgreSQL needs asyncpg: pip install 'persistence-migration-playbook[postgres]'"
        ) from None
    return asyncpg


async def _admin_execute(url: str, statement: str) -> None:
    asyncpg = _import_asyncpg()
    connection = await _connect(asyncpg, url)
    try:
        await connection.execute(statement)
    except asyncpg.PostgresError as error:
        raise BadInputError(f"{statement} failed on {redact(url)}: {_reason(error)}") from None
    finally:
        await connection.close()


async def _connect(asyncpg: ModuleType, url: str) -> Any:
    try:
        return await asyncio.wait_for(
            asyncpg.connect(asyncpg_dsn(url), timeout=REACHABLE_TIMEOUT_SECONDS),
            REACHABLE_TIMEOUT_SECONDS + 1,
        )
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        raise BadInputError(f"cannot reach database at {redact(url)}: {_reason(error)}") from None


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


async def check_reachable(url: str) -> None:
    """Raise BadInputError within about 5 s when the database cannot be used."""
    if database_kind(url) == "sqlite":
        _check_sqlite_location(url)
        return
    asyncpg = _import_asyncpg()
    connection = await _connect(asyncpg, async_url(url))
    try:
        await connection.fetchval("SELECT 1")
    finally:
        await connection.close()


def _check_sqlite_location(url: str) -> None:
    database = _parse(url).database
    if not database or database == ":memory:":
        return
    directory = Path(database).expanduser().resolve().parent
    if not directory.is_dir():
        raise BadInputError(
            f"cannot reach database at {redact(url)}: directory {directory} does not exist"
        )
