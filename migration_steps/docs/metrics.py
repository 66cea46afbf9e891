"""The numbers a step page compares before and after the step, read from a stage's results."""

from __future__ import annotations

from collections import Counter
from typing import Any

Metrics = dict[str, float | int | None]


def stage_metrics(stage: dict[str, Any] | None) -> Metrics:
    """Named figures of one stage, in display order; an absent stage gives {}."""
    if stage is None:
        return {}
    metrics: Metrics = {}
    race = stage.get("race") or {}
    statements = race.get("statements_per_message") or {}
    if statements:
        metrics["message writes per message (DELETE + INSERT on messages)"] = statements.get(
            "message_rewrites"
        )
        for verb, count in statements.get("by_verb", {}).items():
            metrics[f"SQL {verb} per message"] = count
    for name, outcome in (race.get("scenarios") or {}).items():
        metrics[f"race {name}: messages lost"] = len(outcome.get("lost", []))
    verify = stage.get("verify") or {}
    scenarios = {scenario["name"]: scenario for scenario in verify.get("scenarios", [])}
    writers = scenarios.get("concurrent-writers", {}).get("info", {})
    for key in ("lost", "duplicated"):
        if key in writers:
            metrics[f"concurrent writers: messages {key}"] = writers[key]
    rows: Counter[str] = Counter()
    for scenario in scenarios.values():
        rows.update(scenario.get("info", {}).get("rows written", {}))
    for kind, count in sorted(rows.items()):
        metrics[f"rows written by the catalogue: {kind}"] = count
    for status, count in (verify.get("summary") or {}).items():
        metrics[f"checks {status}"] = count
    return metrics


GROUPS = ("message writes", "SQL ", "race ", "concurrent writers", "rows written", "checks ")
COUNTED = ("SQL ", "rows written")
"""Figures a stage leaves out when they are zero (a statement kind it never ran)."""


def compare(before: Metrics, after: Metrics) -> list[dict[str, Any]]:
    """Rows of name, before, after and change, for every figure either side has, by group."""
    names = list(before) + [name for name in after if name not in before]
    names.sort(key=_group)
    rows = []
    for name in names:
        old, new = _value(before, name), _value(after, name)
        change = None if old is None or new is None else new - old
        rows.append({"name": name, "before": old, "after": new, "change": change})
    return rows


def _group(name: str) -> int:
    return next((i for i, prefix in enumerate(GROUPS) if name.startswith(prefix)), len(GROUPS))


def _value(metrics: Metrics, name: str) -> float | int | None:
    if name in metrics:
        return metrics[name]
    prefix = next((prefix for prefix in COUNTED if name.startswith(prefix)), None)
    if prefix is not None and any(key.startswith(prefix) for key in metrics):
        return 0
    return None
