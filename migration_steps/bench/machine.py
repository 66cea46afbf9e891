"""What the numbers were measured on: they mean little without it."""

from __future__ import annotations

import asyncio
import os
import platform
import sqlite3
from typing import Any

import sqlalchemy
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from migration_steps.databases import database_kind


def machine(url: str | None) -> dict[str, Any]:
    affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(affinity) if affinity is not None else os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlalchemy": sqlalchemy.__version__,
        "sqlite": sqlite3.sqlite_version,
        "postgresql": _postgres_version(url),
    }


def load_average() -> list[float] | None:
    """1, 5 and 15-minute load: how busy the shared machine was around the run."""
    if not hasattr(os, "getloadavg"):
        return None
    return [round(value, 2) for value in os.getloadavg()]


def _postgres_version(url: str | None) -> str | None:
    if url is None or database_kind(url) != "postgresql":
        return None
    return asyncio.run(_server_version(url))


async def _server_version(url: str) -> str:
    engine = create_async_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            return (await connection.execute(text("SHOW server_version"))).scalar_one()
    finally:
        await engine.dispose()
