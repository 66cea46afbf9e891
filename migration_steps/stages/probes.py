"""Tiny entry functions that report on the stage they run in; the loader's tests use them."""

import asyncio
import sys
import time

from migration_steps.stages.context import StageContext


def describe(ctx: StageContext, payload: dict) -> dict:
    """Which `app` this process loaded, and the Settings built from `payload["settings"]`."""
    settings = ctx.make_settings(**payload.get("settings", {}))
    return {
        "stage": ctx.name,
        "root": str(ctx.root),
        "app_file": sys.modules["app"].__file__,
        "main_file": ctx.main.__file__,
        "settings_fields": ctx.settings_field_names(),
        "settings_repr": repr(settings),
    }


async def echo(ctx: StageContext, payload: dict) -> dict:
    await asyncio.sleep(0)
    return {"stage": ctx.name, "payload": payload}


def chatter(ctx: StageContext, payload: dict) -> dict:
    """Prints to stdout and stderr the way a careless app would."""
    print("a stray line on stdout")
    print(payload.get("progress", "working"), file=sys.stderr)
    return {"ok": True}


def fail(ctx: StageContext, payload: dict) -> dict:
    raise RuntimeError(payload.get("message", "probe failed on purpose"))


def stall(ctx: StageContext, payload: dict) -> dict:
    time.sleep(payload.get("seconds", 60))
    return {}
