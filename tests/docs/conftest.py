"""One real `playbook run` per session (docs off), the site built from it, and a local server."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from migration_steps import commands
from migration_steps.docs.site import DocsBuild


@pytest.fixture(scope="session")
def results_path(sqlite_run: Any) -> Path:
    assert sqlite_run.exit_code == 0, sqlite_run.output
    return sqlite_run.results_path


@pytest.fixture(scope="session")
def results(results_path: Path) -> dict[str, Any]:
    return json.loads(results_path.read_text())


@pytest.fixture(scope="session")
def built_site(results_path: Path, tmp_path_factory: pytest.TempPathFactory) -> DocsBuild:
    root = tmp_path_factory.mktemp("docs-build")
    return commands.build_docs(results_path, docs_dir=root / "docs", site_dir=root / "site")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: DocsBuild) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (search needs a server, not file://)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
