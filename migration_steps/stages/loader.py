"""Run a function inside one stage's `app`, in a process of its own.

Two stages both call their package `app`; loading each in a fresh interpreter is what keeps
their modules apart.
"""

import collections
import json
import os
import secrets
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import migration_steps
from migration_steps.errors import BadInputError, PlaybookError
from migration_steps.paths import stage_roots
from migration_steps.stages.protocol import (
    RESULT_MARKER_PREFIX,
    STATUS_ENTRY_ERROR,
    STATUS_IMPORT_ERROR,
    STATUS_OK,
)

_STDERR_TAIL_LINES = 40


@dataclass(frozen=True)
class StageRef:
    name: str
    root: Path


class StageImportError(BadInputError):
    """The stage's `app` could not be imported (syntax error, missing module, no create_app)."""


class StageRunError(PlaybookError):
    """The entry failed inside the stage; `child_traceback` holds the worker's full text."""

    def __init__(self, message: str, child_traceback: str = "") -> None:
        super().__init__(message)
        self.child_traceback = child_traceback


class StageTimeoutError(StageRunError):
    """The worker did not answer in time and was killed."""


def resolve_stage(name_or_path: str) -> StageRef:
    """A known stage name (`legacy`, `target`) or a directory holding `app/main.py`."""
    known = stage_roots()
    if name_or_path in known:
        root = known[name_or_path]
        if not (root / "app" / "main.py").is_file():
            raise BadInputError(f"stage '{name_or_path}' has no app/main.py yet ({root})")
        return StageRef(name=name_or_path, root=root.resolve())
    path = Path(name_or_path).expanduser()
    if not _looks_like_path(name_or_path) and not path.exists():
        raise BadInputError(f"no such stage '{name_or_path}' (known: {', '.join(sorted(known))})")
    if not path.exists():
        raise BadInputError(f"'{name_or_path}' does not exist")
    if not path.is_dir():
        raise BadInputError(f"'{name_or_path}' is not a directory")
    root = path.resolve()
    if root.name == "app" and (root / "main.py").is_file():
        root = root.parent
    if not (root / "app" / "main.py").is_file():
        raise BadInputError(f"'{name_or_path}' holds no app/main.py")
    return StageRef(name=name_or_path, root=root)


def _looks_like_path(text: str) -> bool:
    return os.sep in text or text.startswith((".", "~"))


def run_in_stage(stage: StageRef, entry: str, payload: dict, *, timeout: float = 600) -> dict:
    """Run `entry` ("package.module:function") on `payload` inside `stage`; return its dict.

    The worker's stderr is streamed to ours as it comes; its result arrives on stdout after a
    marker line, so stray prints by the app cannot corrupt it.
    """
    return start_in_stage(stage, entry, payload).result(timeout=timeout)


class RunningStage:
    """A worker started by `start_in_stage`: its pid, to signal it, and its result, to wait for."""

    def __init__(self, stage: StageRef, entry: str, payload: dict) -> None:
        self._stage = stage
        self._entry = entry
        self._marker = f"{RESULT_MARKER_PREFIX}{secrets.token_hex(8)}:"
        request = json.dumps(
            {
                "entry": entry,
                "payload": payload,
                "stage": stage.name,
                "root": str(stage.root),
                "marker": self._marker,
            }
        )
        self._process = subprocess.Popen(
            [sys.executable, "-m", "migration_steps.stages.worker"],
            cwd=stage.root,
            env=_worker_environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=_STDERR_TAIL_LINES)
        self._reports: list[str] = []
        assert self._process.stderr is not None and self._process.stdout is not None
        self._readers = [
            threading.Thread(
                target=_forward_stderr, args=(self._process.stderr, self._stderr_tail), daemon=True
            ),
            threading.Thread(
                target=_collect_result,
                args=(self._process.stdout, self._marker, self._reports),
                daemon=True,
            ),
        ]
        for reader in self._readers:
            reader.start()
        _send_request(self._process, request)

    @property
    def pid(self) -> int:
        return self._process.pid

    def poll(self) -> int | None:
        return self._process.poll()

    def kill(self) -> None:
        """SIGKILL the worker at once: no clean-up runs in it, as when a host dies."""
        if self._process.poll() is None:
            self._process.kill()

    def result(self, *, timeout: float = 600) -> dict:
        """Wait for the worker's result; kill it and raise StageTimeoutError after `timeout`."""
        try:
            self._process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self._finish()
            raise StageTimeoutError(
                f"stage '{self._stage.name}' did not finish {self._entry} within {timeout:g} s; "
                "its process was killed",
                "".join(self._stderr_tail),
            ) from None
        self._finish()
        return _interpret(
            self._stage,
            self._entry,
            self._process.returncode,
            self._reports,
            "".join(self._stderr_tail),
        )

    def _finish(self) -> None:
        self.kill()
        self._process.wait()
        for reader in self._readers:
            reader.join()
        for stream in (self._process.stdout, self._process.stderr):
            if stream is not None:
                stream.close()


def start_in_stage(stage: StageRef, entry: str, payload: dict) -> RunningStage:
    """Start `entry` in its own worker process and return at once (see `run_in_stage`)."""
    return RunningStage(stage, entry, payload)


def _worker_environment() -> dict[str, str]:
    environment = dict(os.environ)
    toolkit_parent = str(Path(migration_steps.__file__).resolve().parent.parent)
    existing = environment.get("PYTHONPATH")
    environment["PYTHONPATH"] = (
        toolkit_parent if not existing else os.pathsep.join([toolkit_parent, existing])
    )
    environment["PYTHONUNBUFFERED"] = "1"
    # Stage trees are compared byte for byte; keep __pycache__ out of them.
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    return environment


def _send_request(process: subprocess.Popen, request: str) -> None:
    assert process.stdin is not None
    try:
        process.stdin.write(request.encode())
        process.stdin.close()
    except BrokenPipeError:
        pass  # the worker died before reading; its exit code and stderr tell why


def _forward_stderr(stream: IO[bytes], tail: collections.deque[str]) -> None:
    for raw_line in stream:
        line = raw_line.decode(errors="replace")
        tail.append(line)
        sys.stderr.write(line)
        sys.stderr.flush()


def _collect_result(stream: IO[bytes], marker: str, reports: list[str]) -> None:
    for raw_line in stream:
        line = raw_line.decode(errors="replace")
        if line.startswith(marker):
            reports.append(line[len(marker) :])
        elif line.strip():
            sys.stderr.write(line)
            sys.stderr.flush()


def _interpret(
    stage: StageRef, entry: str, returncode: int, reports: list[str], stderr_tail: str
) -> dict:
    if not reports:
        raise StageRunError(
            f"stage '{stage.name}' exited with code {returncode} before reporting a result "
            f"for {entry}",
            stderr_tail,
        )
    report = json.loads(reports[-1])
    status = report["status"]
    if status == STATUS_OK:
        return report["result"]
    if status == STATUS_IMPORT_ERROR:
        raise StageImportError(f"cannot load stage '{stage.name}': {report['reason']}")
    if status == STATUS_ENTRY_ERROR:
        raise StageRunError(report["reason"], report.get("traceback", ""))
    raise StageRunError(
        f"{entry} failed in stage '{stage.name}': {report['reason']}",
        report.get("traceback", ""),
    )
