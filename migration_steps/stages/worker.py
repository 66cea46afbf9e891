"""Child process of `run_in_stage`: load one stage's `app` and run one entry function in it.

Reads `{"entry", "payload", "stage", "root", "marker"}` as JSON on stdin and writes one line
`<marker><json>` on stdout. Everything else the app prints goes to stderr.
"""

import asyncio
import importlib
import inspect
import json
import logging
import os
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from migration_steps.stages.context import StageContext
from migration_steps.stages.protocol import (
    STATUS_ENTRY_ERROR,
    STATUS_IMPORT_ERROR,
    STATUS_OK,
    STATUS_RUN_ERROR,
)


class _StageLoadError(Exception):
    """The stage's own code could not be imported; the message is one line."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _describe_exception(error: BaseException) -> str:
    return _one_line(f"{type(error).__name__}: {error}") if str(error) else type(error).__name__


def _relative(path: str, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root))
    except ValueError:
        return path


def _import_failure_reason(error: BaseException, root: Path) -> str:
    """`app/main.py:3: ImportError: ...`: the deepest frame inside the stage, not a traceback."""
    if isinstance(error, SyntaxError) and error.filename:
        return f"{_relative(error.filename, root)}:{error.lineno}: SyntaxError: {error.msg}"
    frames = traceback.extract_tb(error.__traceback__)
    in_stage = [frame for frame in frames if Path(frame.filename).resolve().is_relative_to(root)]
    frame = in_stage[-1] if in_stage else (frames[-1] if frames else None)
    where = f"{_relative(frame.filename, root)}:{frame.lineno}: " if frame else ""
    return where + _describe_exception(error)


def _package_locations(package: ModuleType) -> list[Path]:
    return [Path(location).resolve() for location in getattr(package, "__path__", [])]


def _load_stage(name: str, root: Path) -> StageContext:
    sys.path.insert(0, str(root))
    try:
        main = importlib.import_module("app.main")
        config = importlib.import_module("app.config")
    except Exception as error:
        raise _StageLoadError(_import_failure_reason(error, root)) from error
    app_package = sys.modules["app"]
    locations = _package_locations(app_package)
    if not locations or not all(location.is_relative_to(root) for location in locations):
        found = ", ".join(str(location) for location in locations) or "nowhere"
        raise _StageLoadError(f"'import app' found {found}, not {root / 'app'}")
    create_app = getattr(main, "create_app", None)
    if not callable(create_app):
        raise _StageLoadError("app/main.py defines no create_app")
    settings_class = getattr(config, "Settings", None)
    if not isinstance(settings_class, type):
        raise _StageLoadError("app/config.py defines no Settings class")
    return StageContext(
        name=name,
        root=root,
        main=main,
        create_app=create_app,
        settings_class=settings_class,
    )


def _import_entry(entry: str) -> Any:
    module_name, _, function_name = entry.partition(":")
    if not module_name or not function_name:
        raise ValueError(f"entry {entry!r} is not 'package.module:function'")
    function = getattr(importlib.import_module(module_name), function_name)
    if not callable(function):
        raise TypeError(f"entry {entry!r} is not callable")
    return function


def _call_entry(function: Any, context: StageContext, payload: dict) -> Any:
    outcome = function(context, payload)
    if inspect.iscoroutine(outcome):
        return asyncio.run(outcome)
    return outcome


def _run(request: dict) -> dict:
    root = Path(request["root"]).resolve()
    entry = request["entry"]
    try:
        context = _load_stage(request["stage"], root)
    except _StageLoadError as error:
        return {"status": STATUS_IMPORT_ERROR, "reason": str(error)}
    try:
        function = _import_entry(entry)
    except Exception as error:
        return {
            "status": STATUS_ENTRY_ERROR,
            "reason": f"cannot import entry {entry}: {_describe_exception(error)}",
            "traceback": traceback.format_exc(),
        }
    try:
        result = _call_entry(function, context, request["payload"])
        if not isinstance(result, dict):
            raise TypeError(f"entry {entry} returned {type(result).__name__}, not dict")
        json.dumps(result)
    except BaseException as error:
        return {
            "status": STATUS_RUN_ERROR,
            "reason": _describe_exception(error),
            "traceback": traceback.format_exc(),
        }
    return {"status": STATUS_OK, "result": result}


def _send(result_stream: TextIO, marker: str, report: dict) -> None:
    result_stream.write("\n" + marker + json.dumps(report) + "\n")
    result_stream.flush()


def _route_stage_logs() -> None:
    """The stage's log records go to PLAYBOOK_STAGE_LOG if set, else nowhere: the app logs
    what it detects (a divergence, a failed subscriber), and the harness records behaviour
    through the API, not through log lines on the user's terminal."""
    destination = os.environ.get("PLAYBOOK_STAGE_LOG")
    handler: logging.Handler = (
        logging.FileHandler(destination) if destination else logging.NullHandler()
    )
    logging.getLogger().addHandler(handler)


def main() -> None:
    _route_stage_logs()
    request = json.load(sys.stdin)
    result_stream = sys.stdout
    sys.stdout = sys.stderr
    report = _run(request)
    _send(result_stream, request["marker"], report)
    sys.stderr.flush()
    # Exit at once: a stage that left a non-daemon thread behind (an unclosed aiosqlite
    # connection) would otherwise keep this process alive until the parent's timeout.
    os._exit(0 if report["status"] == STATUS_OK else 1)


if __name__ == "__main__":
    main()
