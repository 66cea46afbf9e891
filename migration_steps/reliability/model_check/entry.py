"""Runs inside the stage's process: one model-checking run on one fresh database."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from migration_steps.databases import database_kind, fresh_database
from migration_steps.reliability.model_check.runtime import Runtime
from migration_steps.reliability.model_check.search import search
from migration_steps.scenarios.database_view import DatabaseView
from migration_steps.stages.context import StageContext

DEFAULT_EXAMPLES = 30
DEFAULT_STEPS = 20


def run(ctx: StageContext, payload: dict[str, Any]) -> dict[str, Any]:
    """Synchronous on purpose: Hypothesis drives the machine, which runs each call on a loop
    of its own, and a loop cannot be run from inside another running one."""
    base_url = payload.get("db")
    examples = int(payload.get("examples", DEFAULT_EXAMPLES))
    steps = int(payload.get("steps", DEFAULT_STEPS))
    domain_error = importlib.import_module("app.domain.errors").DomainError
    loop = asyncio.new_event_loop()
    try:
        with _fresh_database(loop, base_url) as url:
            view = DatabaseView(url)
            try:
                runtime = Runtime(ctx, url, loop, view, domain_error)
                finding = search(runtime, examples=examples, steps=steps)
            finally:
                loop.run_until_complete(view.close())
    finally:
        _close(loop)
    return {
        "stage": ctx.name,
        "db": "sqlite" if base_url is None else database_kind(base_url),
        "examples": examples,
        "steps": steps,
        "found": finding.found,
        "sequence": finding.sequence,
        "violation": finding.violation,
    }


@contextmanager
def _fresh_database(loop: asyncio.AbstractEventLoop, base_url: str | None) -> Iterator[str]:
    manager = fresh_database(base_url)
    url = loop.run_until_complete(manager.__aenter__())
    try:
        yield url
    finally:
        loop.run_until_complete(manager.__aexit__(None, None, None))


def _close(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what an interrupted example left running, then close the loop."""
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()
