"""A verify report as text: a scenario × kind matrix, the regressions, the intended changes."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from migration_steps.characterization.report import CheckResult, ScenarioReport, VerifyReport

KIND_ORDER = ("api", "rows", "events", "statements", "loss")
_VALUE_WIDTH = 240


def render_verify(report: VerifyReport) -> str:
    lines = [f"playbook verify — stage {report.stage} on {report.db}", ""]
    if report.approved_diff is not None:
        lines += render_approval(report)
    lines += render_matrix(report)
    for status, title in (("regression", "REGRESSION"), ("intended", "intended")):
        for scenario, check in report.with_status(status):
            lines += render_difference(title, scenario, check)
    summary = report.summary
    lines += [
        "",
        f"{sum(summary.values())} checks: {summary['same']} same, {summary['intended']} intended, "
        f"{summary['regression']} regression",
    ]
    return "\n".join(lines)


def render_approval(report: VerifyReport) -> list[str]:
    if not report.approved_diff:
        return [f"golden transcripts unchanged: {report.golden}", ""]
    return [f"golden transcripts re-recorded: {report.golden}", report.approved_diff.rstrip(), ""]


def kinds_of(report: VerifyReport) -> list[str]:
    present = {check.kind for scenario in report.scenarios for check in scenario.checks}
    return [k for k in KIND_ORDER if k in present] + sorted(present - set(KIND_ORDER))


def cell(scenario: ScenarioReport, kind: str) -> str:
    statuses = Counter(check.status for check in scenario.checks if check.kind == kind)
    if not statuses:
        return "·"
    if statuses["regression"]:
        return f"REGRESSION×{statuses['regression']}"
    if statuses["intended"]:
        return f"intended×{statuses['intended']}"
    return "same"


def render_matrix(report: VerifyReport) -> list[str]:
    kinds = kinds_of(report)
    ordered = sorted(
        report.scenarios,
        key=lambda s: (-s.count("regression"), -s.count("intended")),
    )
    rows = [["scenario", *kinds]] + [[s.name, *(cell(s, k) for k in kinds)] for s in ordered]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def render_difference(title: str, scenario: str, check: CheckResult) -> list[str]:
    lines = ["", f"{title}  {scenario} · {check.name}"]
    if check.why:
        lines.append(f"  why:      {check.why}")
    lines.append(f"  expected: {shown(check.expected)}")
    lines.append(f"  observed: {shown(check.observed)}")
    if isinstance(check.expected, list) and isinstance(check.observed, list):
        lines += [f"    - {shown(item)}" for item in only_in(check.expected, check.observed)]
        lines += [f"    + {shown(item)}" for item in only_in(check.observed, check.expected)]
    return lines


def only_in(items: list[Any], others: list[Any]) -> list[Any]:
    """Items of `items` not matched one-for-one in `others`."""
    remaining = [json.dumps(o, sort_keys=True) for o in others]
    result = []
    for item in items:
        key = json.dumps(item, sort_keys=True)
        if key in remaining:
            remaining.remove(key)
        else:
            result.append(item)
    return result


def shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _VALUE_WIDTH else text[: _VALUE_WIDTH - 1] + "…"
