"""`playbook stress` as text: one line per part, the promise first."""

from __future__ import annotations

from typing import Any

NOT_MEASURED = "–"


def render_stress(report: dict[str, Any]) -> str:
    summary = report["summary"]
    verdict = "holds" if summary["holds"] else "BROKEN"
    lines = [
        f"stress: {report['stage']} on {report['db']} — {verdict}: {summary['lost']} lost, "
        f"{summary['duplicated']} duplicated, {summary['phantom']} written though refused, of "
        f"{summary['acknowledged']} acknowledged writes",
        "",
        *_load_lines(report["load"]),
    ]
    if report["crash"] is not None:
        lines += _crash_lines(report["crash"])
    lines += _fault_lines(report["faults"])
    lines.append(
        f"integrity  {summary['integrity_problems']} problem(s) across every database checked"
    )
    if report["model"] is not None:
        lines += _model_lines(report["model"])
    return "\n".join(lines)


def _tally_text(tally: dict[str, Any]) -> str:
    text = (
        f"{tally['acknowledged']} acknowledged, {tally['stored']} stored, {tally['lost']} lost, "
        f"{tally['duplicated']} duplicated"
    )
    if tally["phantom"]:
        text += f", {tally['phantom']} written though refused"
    examples = tally["examples"]["lost"] or tally["examples"]["duplicated"]
    return text + (f" (e.g. {examples[0]!r})" if examples else "")


def _ms(value: float | None) -> str:
    return NOT_MEASURED if value is None else f"{value:g} ms"


def _load_lines(load: dict[str, Any]) -> list[str]:
    shape, latency = load["shape"], load["latency_ms"]
    rate = load["messages_per_second"]
    return [
        f"load       {shape['processes']} process(es) × {shape['instances']} instance(s) × "
        f"{shape['writers']} writers × {shape['messages']} messages on {shape['sessions']} "
        "sessions",
        f"           {_tally_text(load['tally'])}; {load['errors']['total']} failed call(s)",
        f"           latency p50 {_ms(latency['p50'])}, p95 {_ms(latency['p95'])}, "
        f"p99 {_ms(latency['p99'])}, max {_ms(latency['max'])}; "
        f"{NOT_MEASURED if rate is None else f'{rate:g}'} msg/s",
    ]


def _crash_lines(crash: dict[str, Any]) -> list[str]:
    served = "yes" if crash["served_after"] else "NO"
    return [
        f"SIGKILL    killed after {crash['killed_after']} finished writes; "
        f"{crash['tally']['in_doubt']} in flight, {crash['in_doubt_stored']} of them stored",
        f"           {_tally_text(crash['tally'])}; serves after restart: {served}",
    ]


def _fault_lines(faults: dict[str, Any]) -> list[str]:
    lines = []
    for name, fault in faults["faults"].items():
        label = f"{name:<18}"
        if not fault.get("applies"):
            lines.append(f"fault      {label} not applicable: {fault.get('why', '')}")
            continue
        served = "yes" if fault["served_after"] else "NO"
        if "faults_fired" in fault:
            head = (
                f"{fault['faults_fired']} fired, {fault['clear_errors']}/{fault['caller_errors']} "
                "errors clear"
            )
        else:
            head = (
                f"{fault['subscriber_failures']} subscriber failures, "
                f"{fault['caller_errors']} reached a caller"
            )
        lines.append(f"fault      {label} {head}; serves after: {served}")
        lines.append(f"           {'':<18} {_tally_text(fault['tally'])}")
    return lines


def _model_lines(model: dict[str, Any]) -> list[str]:
    head = f"model      {model['examples']} random histories × up to {model['steps']} steps: "
    if not model["found"]:
        return [head + "no history breaks the model"]
    return [
        head + f"broken — {model['violation']}",
        *(f"           {step}" for step in model["sequence"]),
    ]
