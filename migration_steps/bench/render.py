"""The bench result as text: one table per question, medians with their spread."""

from __future__ import annotations

from typing import Any


def _spread(figure: dict[str, Any]) -> str:
    spread = figure.get("spread")
    return f"±{spread * 50:.0f}%" if spread is not None else ""


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(
        cell.rjust(width) if i else cell.ljust(width)
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
    )


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
    return [_row(header, widths), *(_row(line, widths) for line in rows), ""]


def stage_rows(stages: dict[str, Any]) -> list[list[str]]:
    rows = []
    for name, stage in stages.items():
        if "error" in stage:
            rows.append([name, "FAILED (see below)", *[""] * 9])
            continue
        add = stage["per_call"]["add_message"]
        speed = stage["throughput"]
        growth = stage["growth"]
        seq = speed["sequential"]
        rows.append(
            [
                name,
                f"{add['write_statements']:g}",
                f"{add['rows_written_total']:g}",
                f"{stage['per_call']['chat_turn']['write_statements']:g}",
                f"{seq['msg_per_s']['median']:.0f} {_spread(seq['msg_per_s'])}",
                f"{speed['concurrent']['msg_per_s']['median']:.0f}",
                f"{seq['p50_ms']['median']:.2f}/{seq['p99_ms']['median']:.1f}",
                f"{speed['fraction_of_bound']['sequential']['median']:.0%}",
                f"{growth['latency_us']['1000']['median'] / 1000:.2f}",
                f"{growth['slope_us_per_message']['median']:.2f}",
                f"{stage['churn']['rows_written_per_live_row']:g}",
            ]
        )
    return rows


STAGE_HEADER = [
    "stage",
    "writes/msg",
    "rows/msg",
    "writes/turn",
    "msg/s (1 session)",
    "msg/s (8)",
    "p50/p99 ms",
    "of bound",
    "ms @1000",
    "µs/msg slope",
    "churn rows/live",
]


def render_bench(result: dict[str, Any]) -> str:
    machine = result["machine"]
    lines = [
        f"playbook bench on {result['db']}{' (quick)' if result['quick'] else ''} — "
        f"{machine['cpu_count']} CPUs, Python {machine['python']}, SQLite {machine['sqlite']}"
        + (f", PostgreSQL {machine['postgresql']}" if machine.get("postgresql") else ""),
        "",
    ]
    lines += _table(STAGE_HEADER, stage_rows(result["stages"]))
    lines += [
        f"{name} FAILED: {stage['error']}"
        for name, stage in result["stages"].items()
        if "error" in stage
    ]
    lines += lost_by_add_message(result["stages"])
    bound = result.get("bound")
    if bound:
        lines.append(
            f"bare-driver bound: {bound['one_row_per_transaction_msg_per_s']:.0f} msg/s one row "
            f"per transaction, {bound['batch_rows_per_s']:.0f} rows/s in one batch"
        )
        lines.append("")
    lines += render_debounce(result.get("debounce", {}))
    lines += [
        f"{'holds ' if f['holds'] else 'FAILS ' if f['holds'] is False else 'n/a   '}"
        f"{f['claim']}: {f['measured']}"
        for f in result.get("findings", [])
    ]
    return "\n".join(lines)


def lost_by_add_message(stages: dict[str, Any]) -> list[str]:
    """Why a stage's rows per add_message can look low: its flush threw the messages away."""
    lines = []
    for name, stage in stages.items():
        if "error" in stage:
            continue
        calls = stage["per_call"]["calls"]
        stored = stage["per_call"]["add_message"]["stored_after"]
        if stored < calls:
            lines.append(
                f"note: {name} kept {stored} of {calls} add_message calls: its flush rewrites the "
                "conversation from memory, which add_message bypasses, so its rows per message "
                "are low (see the chat turns)"
            )
    return [*lines, ""] if lines else []


def render_debounce(section: dict[str, Any]) -> list[str]:
    if not section:
        return []
    if "cells" not in section:
        return [f"debounce: not compared ({section.get('skipped') or section.get('error')})", ""]
    name = section["immediate"]
    lines = [
        f"debounce: writes per simulated second, legacy (service + flush every "
        f"{section['window_seconds']:g} s) vs {name}",
    ]
    if section.get("note"):
        lines.append(f"  note: {section['note']}")
    rows = []
    for cell in section["cells"]:
        label = f"{cell['rate']}/s over {cell['sessions']}"
        if "skipped" in cell:
            rows.append([label, "skipped", "", "", "", ""])
            continue
        rows.append(
            [
                label,
                f"{cell['legacy_total']['write_statements_per_s']:.0f}",
                f"{cell['legacy_flush']['write_statements_per_s']:.0f}",
                f"{cell[name]['write_statements_per_s']:.0f}",
                f"{cell['legacy_total']['rows_written_per_s']:.0f}",
                f"{cell[name]['rows_written_per_s']:.0f}",
            ]
        )
    lines += _table(
        [
            "arrivals",
            "legacy writes/s",
            "of it flush",
            f"{name} writes/s",
            "legacy rows/s",
            f"{name} rows/s",
        ],
        rows,
    )
    lost = section.get("lost_updates", {})
    if lost:
        lines.append(
            "lost updates (playbook race): "
            + ", ".join(f"{stage} {figures['lost_total']}" for stage, figures in lost.items())
        )
        lines.append("")
    return lines
