"""`playbook docs build|serve`: render the pages from a results file, then run mkdocs on them."""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migration_steps.docs.bench import Charts, render_charts
from migration_steps.docs.mermaid_asset import install_mermaid
from migration_steps.docs.pages import Sources, plan_site
from migration_steps.docs.render import reset_directory, write_pages
from migration_steps.docs.results import load_results
from migration_steps.errors import BadInputError, ChecksFailed
from migration_steps.files import make_directory, require_creatable_directory
from migration_steps.paths import project_root

GENERATED = "generated"
"""Generated pages live in docs/generated/ and are published at the site's root (see hooks)."""
MERMAID_SCRIPT = "javascripts/mermaid.min.js"
_SHOWN_WARNINGS = 5


@dataclass(frozen=True)
class DocsBuild:
    results: Path
    docs_dir: Path
    generated_dir: Path
    site_dir: Path
    pages: list[Path]
    render_seconds: float
    mkdocs_seconds: float


def config_file() -> Path:
    return project_root() / "mkdocs.yml"


def default_docs_dir() -> Path:
    return project_root() / "docs"


def default_site_dir() -> Path:
    return project_root() / "site"


def generate_pages(
    results_path: Path, docs_dir: Path | None = None, bench_path: Path | None = None
) -> list[Path]:
    """Render every page of `results_path` into DOCS/generated/, replacing what was there.

    When `docs_dir` is not the project's docs/, the hand-written pages are copied there first.
    `bench_path` defaults to bench.json next to the results; no file, no benchmark page.
    """
    results = load_results(results_path)
    bench = _load_bench(bench_path or results_path.parent / "bench.json")
    docs_dir = (docs_dir or default_docs_dir()).resolve()
    _stage_handwritten(docs_dir)
    generated = docs_dir / GENERATED
    reset_directory(generated)
    charts = render_charts(bench, generated / "benchmark") if bench is not None else Charts()
    sources = Sources(
        legacy_root=project_root() / "legacy",
        bench=bench,
        bench_charts=tuple(_published(path, generated) for path in charts.paths),
        bench_chart_problem=charts.problem,
        handwritten=tuple(_handwritten_pages(docs_dir)),
        workshop=tuple(_handwritten_pages(docs_dir / "workshop", prefix="workshop/")),
    )
    pages, nav = plan_site(results, sources)
    written = write_pages(pages, nav, generated)
    install_mermaid(generated / MERMAID_SCRIPT)
    return written


def build_site(
    results_path: Path,
    *,
    docs_dir: Path | None = None,
    site_dir: Path | None = None,
    bench_path: Path | None = None,
) -> DocsBuild:
    """Generate the pages, then `mkdocs build --strict` into `site_dir` (default: site/).

    Raises BadInputError (exit 2) for a missing or invalid results file and ChecksFailed
    (exit 1) when mkdocs reports any warning, such as a link that does not resolve.
    """
    started = time.perf_counter()
    docs_dir = require_creatable_directory((docs_dir or default_docs_dir()).resolve())
    site_dir = require_creatable_directory((site_dir or default_site_dir()).resolve())
    pages = generate_pages(results_path, docs_dir, bench_path)
    rendered = time.perf_counter()
    run_mkdocs_build(docs_dir, site_dir)
    return DocsBuild(
        results=results_path,
        docs_dir=docs_dir,
        generated_dir=docs_dir / GENERATED,
        site_dir=site_dir,
        pages=pages,
        render_seconds=round(rendered - started, 2),
        mkdocs_seconds=round(time.perf_counter() - rendered, 2),
    )


def run_mkdocs_build(docs_dir: Path, site_dir: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _captured_warnings() as warnings:
        try:
            config = load_config(
                str(config_file()), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True
            )
            build(config)
        except MkDocsException as error:
            shown = "; ".join(warnings[:_SHOWN_WARNINGS]) or str(error)
            raise ChecksFailed(f"mkdocs build --strict failed: {shown}") from error


def serve_site(
    results_path: Path | None, *, dev_addr: str = "127.0.0.1:8000", docs_dir: Path | None = None
) -> None:
    """Serve the site with live reload, regenerating the pages first when a results file is given.

    Without one, serves the pages already generated (BadInputError when there are none).
    """
    from mkdocs.commands.serve import serve

    require_dev_address(dev_addr)
    docs_dir = (docs_dir or default_docs_dir()).resolve()
    if results_path is not None:
        generate_pages(results_path, docs_dir)
    elif not (docs_dir / GENERATED / "nav.json").is_file():
        raise BadInputError(f"no generated pages in {docs_dir / GENERATED}: run `playbook run`")
    try:
        serve(str(config_file()), dev_addr=dev_addr, livereload=True, docs_dir=str(docs_dir))
    except OSError as error:  # the address is taken, or not this machine's
        raise BadInputError(f"cannot serve on {dev_addr}: {error.strerror or error}") from None


def require_dev_address(dev_addr: str) -> None:
    """Refuse an address mkdocs cannot serve on before any page is written: mkdocs itself
    only says so after, in several lines, or with a traceback for a port above 65535."""
    from mkdocs.config.base import ValidationError
    from mkdocs.config.config_options import IpAddress

    try:
        port = IpAddress().validate(dev_addr).port
    except ValidationError as error:
        raise BadInputError(f"dev address '{dev_addr}': {error}") from None
    if not 0 < port < 65536:
        raise BadInputError(f"dev address '{dev_addr}': port {port} is not in 1-65535")


def _published(chart: Path, generated: Path) -> str:
    """A chart's path in the site: charts written elsewhere are copied next to the page."""
    chart = chart.resolve()
    if not chart.is_relative_to(generated):
        target = generated / "benchmark" / chart.name
        shutil.copy2(chart, target)
        chart = target
    return chart.relative_to(generated).as_posix()


def _stage_handwritten(docs_dir: Path) -> None:
    source = default_docs_dir().resolve()
    if docs_dir == source:
        return
    make_directory(docs_dir)
    for entry in source.iterdir():
        if entry.name in (GENERATED, "dev"):
            continue
        target = docs_dir / entry.name
        if entry.is_dir():
            shutil.copytree(entry, target, dirs_exist_ok=True)
        else:
            shutil.copy2(entry, target)


GUIDE_ORDER = ("index.md", "running.md")
"""Hand-written pages listed first, in this order; the others follow by name."""


def _handwritten_pages(directory: Path, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(path, title) of each Markdown page of `directory` (not its subdirectories)."""
    if not directory.is_dir():
        return
    order = {name: index for index, name in enumerate(GUIDE_ORDER)}
    paths = sorted(
        directory.glob("*.md"), key=lambda path: (order.get(path.name, len(order)), path.name)
    )
    for path in paths:
        yield f"{prefix}{path.name}", _title(path)


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").capitalize()


def _load_bench(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        bench = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise BadInputError(f"{path} is not valid JSON ({error})") from error
    if not isinstance(bench, dict):
        raise BadInputError(f"{path} holds no JSON object: not a benchmark file")
    return bench


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


@contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """Collect mkdocs' warnings, for the one-line error a strict build ends with."""
    logger = logging.getLogger("mkdocs")
    collector = _WarningCollector()
    logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
