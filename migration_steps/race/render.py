"""The race result as text a person reads top to bottom."""

from __future__ import annotations

from typing import Any

SCENARIO_TITLES = {
    "seed-timeline": "The analysis's timeline: an operator's reply vs. the debounced flush",
    "agent-revert": "A supervisor's agent switch vs. stale memory",
    "two-instances": "Two instances serving one session",
}


def render_race(result: dict[str, Any]) -> str:
    lines = [f"playbook race — stage {result['stage']} on {result['db']}", ""]
    for name, outcome in result["scenarios"].items():
        lines += render_scenario(name, outcome)
    lines += render_statements(result["statements_per_message"])
    return "\n".join(lines)


def render_scenario(name: str, outcome: dict[str, Any]) -> list[str]:
    lines = [f"{name}: {SCENARIO_TITLES.get(name, '')}"]
    for entry in outcome["timeline"]:
        result = f" → {entry['result']}" if entry["result"] else ""
        lines.append(f"  t={entry['t']:>4.1f}s  {entry['actor']:<15} {entry['action']}{result}")
        for change in entry["database_change"]:
            lines.append(f"  {'':>7}  {'database':<15} {change}")
    lines.append(f"  expected ({len(outcome['expected'])}): {'; '.join(outcome['expected'])}")
    lines.append(f"  stored   ({len(outcome['stored'])}): {'; '.join(outcome['stored'])}")
    if "expected_agent" in outcome:
        lines.append(
            f"  agent: expected {outcome['expected_agent']}, stored {outcome['stored_agent']}"
        )
    lost = outcome["lost"]
    lines.append(f"  LOST     ({len(lost)}): {'; '.join(lost)}" if lost else "  lost: nothing")
    lines.append("")
    return lines


def render_statements(statements: dict[str, Any]) -> list[str]:
    by_verb = ", ".join(f"{verb} {count:g}" for verb, count in statements["by_verb"].items())
    return [
        f"statements per message ({statements['messages']} messages, every window closing):",
        f"  {by_verb}",
        f"  message rewrites (DELETE + INSERT on messages): {statements['message_rewrites']:g}",
    ]
