"""`playbook docs build|serve` and `playbook run --no-docs` through the command line."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from migration_steps.cli import playbook

SERVE_TIMEOUT_SECONDS = 30


def small_results() -> dict[str, Any]:
    """A results file of one legacy stage and one step, as `playbook run` shapes it."""
    check = {"name": "rows: S1 messages", "status": "same", "expected": ["user: Hi"]}
    moment = {
        "t": 0.0,
        "actor": "A · chat",
        "action": "user says 'Hi'",
        "result": "",
        "database_change": ["+ user: Hi"],
    }
    race = {
        "scenarios": {
            "seed-timeline": {
                "expected": ["user: Hi", "assistant: Good"],
                "stored": ["user: Hi"],
                "lost": ["assistant: Good"],
                "timeline": [moment],
            }
        },
        "statements_per_message": {
            "messages": 1,
            "by_verb": {"INSERT": 2.0},
            "message_rewrites": 4.0,
        },
    }
    verify = {
        "scenarios": [{"name": "conversation", "checks": [check], "info": {}}],
        "summary": {"same": 1, "intended": 0, "regression": 0},
    }
    step = {
        "id": "1",
        "previous": "0",
        "route": "main",
        "title": "remove PersistenceSubscriber",
        "rationale": "The second writer goes.",
        "risk": "Low.",
        "time_estimate": "an hour",
        "intended_changes": [],
    }
    diff = (
        "diff --git a/app/x.py b/app/x.py\n--- a/app/x.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x = 1\n"
    )
    row = {
        "same": 1,
        "intended": 0,
        "regression": 0,
        "lost_messages": 1,
        "message_writes_per_message": 4.0,
        "error": None,
    }
    return {
        "schema": "playbook-run/1",
        "generated_at": "2026-01-01T00:00:00+00:00",
        "db": "sqlite",
        "seconds": 1.5,
        "stages": [
            {
                "name": "legacy",
                "route": "main",
                "step": None,
                "diff": "",
                "verify": verify,
                "race": race,
            },
            {
                "name": "step-1",
                "route": "main",
                "step": step,
                "diff": diff,
                "verify": verify,
                "race": race,
            },
        ],
        "summary": {
            "stages": {"legacy": row, "step-1": {**row, "lost_messages": 0}},
            "failed_stages": [],
        },
    }


@pytest.fixture
def results_file(tmp_path: Path) -> Path:
    path = tmp_path / "build" / "results.json"
    path.parent.mkdir()
    path.write_text(json.dumps(small_results()))
    return path


def docs_build(*args: str) -> Any:
    return CliRunner().invoke(playbook, ["docs", "build", *args])


def test_docs_build_renders_and_builds_the_site(tmp_path: Path, results_file: Path) -> None:
    site = tmp_path / "site"
    result = docs_build(
        "--results",
        str(results_file),
        "--docs-dir",
        str(tmp_path / "docs"),
        "--site-dir",
        str(site),
    )
    assert result.exit_code == 0, result.output
    assert f"site: {site}" in result.output
    assert "mkdocs build --strict" in result.output
    home = (site / "index.html").read_text()
    assert "remove PersistenceSubscriber" in home
    assert (site / "route" / "step-1" / "index.html").is_file()
    assert (site / "javascripts" / "mermaid.min.js").stat().st_size > 1_000_000
    assert (tmp_path / "docs" / "running.md").is_file(), "hand-written pages are copied"


def test_docs_build_without_results_is_a_usage_error(tmp_path: Path) -> None:
    result = docs_build("--results", str(tmp_path / "nothing.json"))
    assert result.exit_code == 2
    assert "Error: no results file at" in result.output


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "is not valid JSON"),
        (json.dumps({"schema": "playbook-bench/1"}), "expected 'playbook-run/1'"),
        (json.dumps({"schema": "playbook-run/1", "stages": []}), "missing 'generated_at'"),
    ],
)
def test_docs_build_refuses_a_corrupted_results_file(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "results.json"
    path.write_text(content)
    result = docs_build("--results", str(path), "--docs-dir", str(tmp_path / "docs"))
    assert result.exit_code == 2
    assert reason in result.output
    assert not (tmp_path / "docs" / "generated").exists()


def test_run_offers_no_docs() -> None:
    result = CliRunner().invoke(playbook, ["run", "--help"])
    assert result.exit_code == 0
    assert "--no-docs" in result.output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_docs_serve_serves_the_generated_pages(tmp_path: Path, results_file: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    command = [sys.executable, "-c", "from migration_steps.cli import main; main()"]
    args = ["docs", "serve", "--results", str(results_file), "--docs-dir", str(tmp_path / "docs")]
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*command, *args, "--dev-addr", f"127.0.0.1:{port}"],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        page = wait_for(f"http://127.0.0.1:{port}/", server, log)
        assert "The persistence-migration playbook" in page
        assert "javascripts/mermaid.min.js" in page
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_for(url: str, server: subprocess.Popen, log: Path) -> str:
    deadline = time.monotonic() + SERVE_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"docs serve exited with {server.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"docs serve did not answer at {url} in {SERVE_TIMEOUT_SECONDS} s")


def test_docs_serve_without_pages_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        playbook,
        ["docs", "serve", "--results", str(tmp_path / "none.json"), "--docs-dir", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert "no generated pages" in result.output
