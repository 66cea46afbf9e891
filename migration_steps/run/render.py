"""The run's summary table: one row per stage."""

from __future__ import annotations

from typing import Any


def render_run_summary(results: dict[str, Any]) -> str:
    header = (
        f"{'stage':<12}{'same':>6}{'intended':>10}{'regression':>12}{'lost':>6}{'writes/msg':>12}"
        f"{'lost under load':>17}"
    )
    lines = [f"playbook run on {results['db']} in {results['seconds']} s", "", header]
    for name, row in results["summary"]["stages"].items():
        if row["error"]:
            lines.append(f"{name:<12}FAILED: {row['error']}")
            continue
        writes = row["message_writes_per_message"]
        lines.append(
            f"{name:<12}{row['same']:>6}{row['intended']:>10}{row['regression']:>12}"
            f"{row['lost_messages']:>6}{'' if writes is None else format(writes, 'g'):>12}"
            f"{_under_load(row):>17}"
        )
    return "\n".join(lines)


def _under_load(row: dict[str, Any]) -> str:
    lost = row.get("lost_under_load")
    if lost is None:
        return "–"
    return f"{lost} BROKEN" if row.get("broken_promise") else str(lost)
