"""Charts for the docs: static SVG from measured figures, deterministic, tolerant of gaps."""

import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path

import pytest

from migration_steps.bench.charts import render_charts
from migration_steps.bench.plan import BenchPlan


@pytest.fixture
def bench_of(tiny_plan: BenchPlan) -> Callable[[dict], dict]:
    def make(stages: dict) -> dict:
        return {"db": "sqlite", "plan": tiny_plan.as_payload(), "stages": stages, "debounce": {}}

    return make


def test_every_chart_the_figures_allow_is_valid_svg(
    legacy_measured: dict, bench_of: Callable[[dict], dict], tmp_path: Path
) -> None:
    bench = bench_of({"legacy": legacy_measured, "broken": {"error": "could not build"}})
    paths = render_charts(bench, tmp_path)
    assert [path.name for path in paths] == [
        "bench-throughput.svg",
        "bench-growth.svg",
        "bench-writes.svg",
        "bench-churn.svg",
    ]
    for path in paths:
        root = ElementTree.parse(path).getroot()
        assert root.tag.endswith("svg")
        assert "legacy" in path.read_text()
        assert "broken" not in path.read_text()


def test_same_figures_same_bytes(
    legacy_measured: dict, bench_of: Callable[[dict], dict], tmp_path: Path
) -> None:
    first = render_charts(bench_of({"legacy": legacy_measured}), tmp_path / "a")
    second = render_charts(bench_of({"legacy": legacy_measured}), tmp_path / "b")
    assert [path.read_bytes() for path in first] == [path.read_bytes() for path in second]


def test_nothing_measured_draws_nothing(bench_of: Callable[[dict], dict], tmp_path: Path) -> None:
    assert render_charts(bench_of({}), tmp_path) == []
