"""Ratios and verdicts computed from measured figures: the debounce comparison and the checks
of the expected picture (DESIGN §1, issue 7). Nothing here is measured; nothing is typed in."""

from __future__ import annotations

from typing import Any

BOUND_GOAL = 0.4
APPEND_ONLY = ("step-3", "target")


def compare_debounce(
    legacy: dict[str, Any], immediate: dict[str, Any], immediate_name: str
) -> list[dict[str, Any]]:
    """Cell by cell: legacy (service writes + flush) and its flush alone vs the immediate writer."""
    others = {(cell["rate"], cell["sessions"]): cell for cell in immediate["cells"]}
    rows = []
    for cell in legacy["cells"]:
        other = others.get((cell["rate"], cell["sessions"]))
        row: dict[str, Any] = {"rate": cell["rate"], "sessions": cell["sessions"]}
        if cell["skipped"] or other is None or other["skipped"]:
            row["skipped"] = cell["skipped"] or (other or {}).get("skipped") or "not simulated"
            rows.append(row)
            continue
        row["sampled_sessions"] = cell["sampled_sessions"]
        for part in ("total", "service", "flush"):
            row[f"legacy_{part}"] = _figures(cell[part])
        row[immediate_name] = _figures(other["total"])
        row["immediate"] = immediate_name
        mine, theirs = cell["total"], other["total"]
        flush = cell["flush"]
        row["legacy_writes_less"] = {
            "statements": mine["write_statements_per_s"] < theirs["write_statements_per_s"],
            "rows": mine["rows_written_per_s"] < theirs["rows_written_per_s"],
        }
        row["flush_alone_writes_less"] = {
            "statements": flush["write_statements_per_s"] < theirs["write_statements_per_s"],
            "rows": flush["rows_written_per_s"] < theirs["rows_written_per_s"],
        }
        row["write_statement_ratio"] = _ratio(
            mine["write_statements_per_s"], theirs["write_statements_per_s"]
        )
        row["row_ratio"] = _ratio(mine["rows_written_per_s"], theirs["rows_written_per_s"])
        rows.append(row)
    return rows


def _figures(part: dict[str, Any]) -> dict[str, float]:
    return {
        "write_statements_per_s": part["write_statements_per_s"],
        "statements_per_s": part["statements_per_s"],
        "rows_written_per_s": part["rows_written_per_s"],
    }


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 2) if denominator else None


def debounce_verdict(cells: list[dict[str, Any]]) -> dict[str, Any]:
    compared = [cell for cell in cells if "skipped" not in cell]

    def where(test: str, measure: str) -> list[str]:
        return [f"{c['rate']}/s over {c['sessions']}" for c in compared if c[test][measure]]

    return {
        "cells_compared": len(compared),
        "legacy_writes_fewer_statements_in": where("legacy_writes_less", "statements"),
        "legacy_writes_fewer_rows_in": where("legacy_writes_less", "rows"),
        "flush_alone_writes_fewer_statements_in": where("flush_alone_writes_less", "statements"),
        "flush_alone_writes_fewer_rows_in": where("flush_alone_writes_less", "rows"),
    }


def lost_updates(race: dict[str, Any]) -> dict[str, Any]:
    scenarios = race["scenarios"]
    lost = {name: len(outcome["lost"]) for name, outcome in scenarios.items()}
    return {"lost_by_scenario": lost, "lost_total": sum(lost.values())}


def _per_message(stage: dict[str, Any], key: str) -> float:
    return stage["per_call"]["add_message"]["statements_by_table"].get(key, 0.0)


def findings(stages: dict[str, dict[str, Any]], db_kind: str) -> list[dict[str, Any]]:
    """The expected picture, claim by claim, with the figures that confirm or refute it."""
    measured = {name: stage for name, stage in stages.items() if "error" not in stage}
    results = []
    if "legacy" in measured:
        inserts = _per_message(measured["legacy"], "INSERT messages")
        deletes = _per_message(measured["legacy"], "DELETE messages")
        results.append(
            {
                "claim": "legacy writes every message twice (DELETE + INSERT of the messages, "
                "by the service and again by the debounced flush)",
                "holds": inserts >= 2 and deletes >= 2,
                "measured": {"INSERT messages": inserts, "DELETE messages": deletes},
            }
        )
    if "legacy" in measured and "step-1" in measured:
        legacy_writes = measured["legacy"]["per_call"]["add_message"]["write_statements"]
        step_writes = measured["step-1"]["per_call"]["add_message"]["write_statements"]
        results.append(
            {
                "claim": "legacy writes per message at least as much as step-1",
                "holds": legacy_writes >= step_writes,
                "measured": {"legacy": legacy_writes, "step-1": step_writes},
            }
        )
    if "step-2" in measured:
        growth = measured["step-2"]["growth"]
        slope = growth["slope_us_per_message"]["median"]
        at = growth["per_call_at_length"]
        results.append(
            {
                "claim": "step-2's cost per message grows with the conversation's length",
                "holds": slope > 0
                and at["1000"]["rows_written_total"] > at["10"]["rows_written_total"],
                "measured": {
                    "slope_us_per_message": slope,
                    "rows_written_at_10": at["10"]["rows_written_total"],
                    "rows_written_at_1000": at["1000"]["rows_written_total"],
                },
            }
        )
    for name in APPEND_ONLY:
        if name not in measured:
            continue
        stage = measured[name]
        at = stage["growth"]["per_call_at_length"]
        results.append(
            {
                "claim": f"{name} issues a constant number of statements per message",
                "holds": at["10"]["statements_total"] == at["1000"]["statements_total"],
                "measured": {
                    "statements_at_10": at["10"]["statements_total"],
                    "statements_at_1000": at["1000"]["statements_total"],
                },
            }
        )
        if "step-2" in measured:
            mine = stage["growth"]["slope_us_per_message"]["median"]
            theirs = measured["step-2"]["growth"]["slope_us_per_message"]["median"]
            results.append(
                {
                    "claim": f"{name}'s cost grows less with length than step-2's",
                    "holds": mine < theirs,
                    "measured": {f"{name}_slope": mine, "step-2_slope": theirs},
                }
            )
        fraction = stage["throughput"]["fraction_of_bound"]["sequential"]["median"]
        results.append(
            {
                "claim": f"{name} reaches at least {BOUND_GOAL:.0%} of the bare-driver bound "
                "(goal on SQLite)",
                "holds": fraction >= BOUND_GOAL if db_kind == "sqlite" else None,
                "measured": {"fraction_of_bound": fraction, "db": db_kind},
            }
        )
    return results
