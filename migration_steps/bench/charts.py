"""Static SVG charts of a bench result, for the docs site (matplotlib, Agg: no display, no JS).

`render_charts(bench, out_dir)` writes one SVG per question the bench answers and returns their
paths; a chart whose figures are missing (a stage that failed, a skipped comparison) is left
out or drawn without them. Output is deterministic for the same figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

VERBS = ("SELECT", "INSERT", "UPDATE", "DELETE")
VERB_COLOURS = {"SELECT": "#9db4c0", "INSERT": "#2a9d8f", "UPDATE": "#e9c46a", "DELETE": "#e76f51"}
SERIES = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
_STYLE = {
    "svg.hashsalt": "playbook-bench",
    "svg.fonttype": "none",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _measured(bench: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: stage for name, stage in bench.get("stages", {}).items() if "error" not in stage}


def _save(figure: Any, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, format="svg", metadata={"Date": None})
    plt.close(figure)
    return path


def _errors(figures: list[dict[str, Any]]) -> list[list[float]]:
    """Matplotlib's asymmetric error bars from each figure's min and max around its median."""
    return [
        [figure["median"] - figure["min"] for figure in figures],
        [figure["max"] - figure["median"] for figure in figures],
    ]


def throughput_chart(bench: dict[str, Any], path: Path) -> Path | None:
    stages = _measured(bench)
    if not stages:
        return None
    names = list(stages)
    series = (
        ("one session", "sequential"),
        (f"{bench['plan']['concurrent_sessions']} sessions at once", "concurrent"),
        ("bare-driver bound", "bound"),
    )
    figure, axes = plt.subplots(figsize=(8, 4))
    width = 0.8 / len(series)
    for offset, (label, key) in enumerate(series):
        figures = [stages[name]["throughput"][key]["msg_per_s"] for name in names]
        positions = [index + (offset - 1) * width for index in range(len(names))]
        axes.bar(
            positions,
            [figure["median"] for figure in figures],
            width,
            yerr=_errors(figures),
            capsize=3,
            label=label,
            color=SERIES[offset],
        )
    axes.set_xticks(range(len(names)), names)
    axes.set_ylabel("add_message per second (median, min–max)")
    axes.set_title(f"Throughput on {bench['db']}")
    axes.legend(frameon=False)
    return _save(figure, path)


def growth_chart(bench: dict[str, Any], path: Path) -> Path | None:
    stages = _measured(bench)
    if not stages:
        return None
    figure, axes = plt.subplots(figsize=(8, 4))
    for index, (name, stage) in enumerate(stages.items()):
        growth = stage["growth"]
        lengths = growth["lengths"]
        figures = [growth["latency_us"][str(length)] for length in lengths]
        slope = growth["slope_us_per_message"]["median"]
        axes.errorbar(
            lengths,
            [figure["median"] / 1000 for figure in figures],
            yerr=[[value / 1000 for value in side] for side in _errors(figures)],
            marker="o",
            capsize=3,
            color=SERIES[index % len(SERIES)],
            label=f"{name} ({slope:.1f} µs per stored message)",
        )
    axes.set_xscale("log")
    axes.set_xlabel("messages already stored in the conversation")
    axes.set_ylabel("ms per add_message (median)")
    axes.set_title(f"Cost growth on {bench['db']}")
    axes.legend(frameon=False)
    return _save(figure, path)


def writes_chart(bench: dict[str, Any], path: Path) -> Path | None:
    stages = _measured(bench)
    if not stages:
        return None
    names = list(stages)
    figure, (statements, rows) = plt.subplots(1, 2, figsize=(9, 4))
    bottoms = [0.0] * len(names)
    for verb in VERBS:
        values = [
            stages[name]["per_call"]["add_message"]["statements"].get(verb, 0.0) for name in names
        ]
        statements.bar(names, values, bottom=bottoms, label=verb, color=VERB_COLOURS[verb])
        bottoms = [bottom + value for bottom, value in zip(bottoms, values, strict=True)]
    statements.set_ylabel("statements per add_message")
    statements.set_title("Statements per message, by verb")
    statements.legend(frameon=False)
    for index, length in enumerate(bench["plan"]["growth_lengths"]):
        values = [
            stages[name]["growth"]["per_call_at_length"][str(length)]["rows_written_total"]
            for name in names
        ]
        width = 0.8 / len(bench["plan"]["growth_lengths"])
        positions = [position + (index - 1) * width for position in range(len(names))]
        rows.bar(positions, values, width, label=f"{length} stored", color=SERIES[index])
    rows.set_xticks(range(len(names)), names)
    rows.set_yscale("log")
    rows.set_ylabel("rows written per add_message")
    rows.set_title("Rows written per message, by length")
    rows.legend(frameon=False)
    return _save(figure, path)


def churn_chart(bench: dict[str, Any], path: Path) -> Path | None:
    stages = _measured(bench)
    if not stages:
        return None
    names = list(stages)
    churn = [stages[name]["churn"] for name in names]
    figure, axes = plt.subplots(figsize=(8, 4))
    width = 0.27
    kinds = (
        ("rows inserted", "rows_inserted"),
        ("rows deleted", "rows_deleted"),
        ("live rows kept", "live_rows"),
    )
    for offset, (label, key) in enumerate(kinds):
        positions = [index + (offset - 1) * width for index in range(len(names))]
        values = [item[key] for item in churn]
        # A log scale has no zero: a zero is drawn as a sliver, and labelled with its value.
        bars = axes.bar(
            positions, [max(value, 1) for value in values], width, label=label, color=SERIES[offset]
        )
        axes.bar_label(bars, labels=[f"{value:,}" for value in values], fontsize=7)
    axes.set_xticks(range(len(names)), names)
    axes.set_yscale("log")
    axes.set_ylabel("rows (log scale)")
    axes.set_title(f"Table churn: one conversation of {bench['plan']['churn_messages']} messages")
    axes.legend(frameon=False)
    return _save(figure, path)


def debounce_chart(bench: dict[str, Any], path: Path) -> Path | None:
    section = bench.get("debounce") or {}
    cells = [cell for cell in section.get("cells", []) if "skipped" not in cell]
    if not cells:
        return None
    name = section["immediate"]
    labels = [f"{cell['rate']}/s\n×{cell['sessions']}" for cell in cells]
    figure, panels = plt.subplots(1, 2, figsize=(12, 4.5))
    measures = (
        ("write_statements_per_s", "write statements per simulated second"),
        ("rows_written_per_s", "rows written per simulated second"),
    )
    for axes, (key, title) in zip(panels, measures, strict=True):
        width = 0.27
        for offset, (label, part) in enumerate(
            (
                ("legacy: service + flush", "legacy_total"),
                ("legacy: flush alone", "legacy_flush"),
                (name, name),
            )
        ):
            positions = [index + (offset - 1) * width for index in range(len(cells))]
            values = [max(cell[part][key], 0.1) for cell in cells]
            axes.bar(positions, values, width, label=label, color=SERIES[offset])
        axes.set_xticks(range(len(cells)), labels, fontsize=8)
        axes.set_xlabel("arrival rate × sessions")
        axes.set_yscale("log")
        axes.set_title(title)
    panels[0].legend(frameon=False, fontsize=8)
    figure.suptitle(
        f"Debounced flush vs {name} at simulated arrival rates "
        f"({section['window_seconds']:g} s window)"
    )
    return _save(figure, path)


CHARTS = {
    "bench-throughput.svg": throughput_chart,
    "bench-growth.svg": growth_chart,
    "bench-writes.svg": writes_chart,
    "bench-churn.svg": churn_chart,
    "bench-debounce.svg": debounce_chart,
}


def render_charts(bench: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write every chart the figures allow into `out_dir`; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with plt.rc_context(_STYLE):
        for file_name, chart in CHARTS.items():
            path = chart(bench, out_dir / file_name)
            if path is not None:
                written.append(path)
    return written
