"""The benchmark page's content: tables read from `bench.json`, charts when the bench can draw."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_CHART_MODULES = ("migration_steps.bench", "migration_steps.bench.charts")
_MAX_DEPTH = 4


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def _bench_function(candidates: tuple[str, ...], name: str) -> Callable[..., Any] | None:
    for module_name in candidates:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, name, None)
        if callable(function):
            return function
    return None


@dataclass
class Charts:
    paths: list[Path] = field(default_factory=list)
    problem: str | None = None  # why there are none, when the renderer failed


def render_charts(bench: dict[str, Any], out_dir: Path) -> Charts:
    """SVG charts from the benchmark package's `render_charts(bench, out_dir)`, if installed.

    A renderer that fails leaves the page with its tables and the reason, not a failed build:
    the figures are all in the tables.
    """
    renderer = _bench_function(_CHART_MODULES, "render_charts")
    if renderer is None:
        return Charts()
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        return Charts([Path(path) for path in renderer(bench, out_dir)])
    except Exception as error:  # any failure of an optional renderer
        return Charts(problem=f"{type(error).__name__}: {error}")


def bench_text(bench: dict[str, Any]) -> str | None:
    """The benchmark as `playbook bench` prints it, when its renderer accepts this file."""
    renderer = _bench_function(("migration_steps.bench.render",), "render_bench")
    if renderer is None:
        return None
    try:
        return str(renderer(bench))
    except Exception:  # a file it cannot read still gets the generic tables
        return None


def bench_tables(bench: dict[str, Any]) -> list[Table]:
    """Every part of bench.json as a table: scalars as key/value, lists of records as rows."""
    tables: list[Table] = []
    _collect(bench, "Benchmark", tables, 0)
    return [table for table in tables if table.rows]


def _collect(value: Any, title: str, tables: list[Table], depth: int) -> None:
    if isinstance(value, dict):
        scalars = {key: item for key, item in value.items() if _is_scalar(item)}
        if scalars:
            tables.append(Table(title, ["", "value"], [[k, v] for k, v in scalars.items()]))
        records = {key: item for key, item in value.items() if _is_record(item)}
        if len(records) > 1:
            headers = _headers(records.values())
            rows = [[key, *(record.get(h) for h in headers)] for key, record in records.items()]
            tables.append(Table(title, ["", *headers], rows))
        else:
            records = {}
        for key, item in value.items():
            if key not in scalars and key not in records and depth < _MAX_DEPTH:
                _collect(item, f"{title} › {key}", tables, depth + 1)
    elif isinstance(value, list) and value and all(_is_record(item) for item in value):
        headers = _headers(value)
        tables.append(Table(title, headers, [[item.get(h) for h in headers] for item in value]))
    elif isinstance(value, list) and value and all(_is_scalar(item) for item in value):
        tables.append(Table(title, ["value"], [[item] for item in value]))


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _is_record(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(_is_scalar(v) for v in value.values())


def _headers(records: Any) -> list[str]:
    return list(dict.fromkeys(key for record in records for key in record))
