"""`playbook bench` in the main process: each stage measured in its own process, one run.

Order: every stage's own figures, then the debounce simulation (legacy, then the immediate
writer with legacy's window), then `race` on both for the lost updates. Results go to
`out/bench.json` (rewritten after each stage, so an interrupted run keeps what it measured).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from migration_steps.bench import compare
from migration_steps.bench.machine import load_average, machine
from migration_steps.bench.plan import plan_for
from migration_steps.bench.stages import LEGACY, StageTrees, immediate_writer, select_stages
from migration_steps.databases import database_kind
from migration_steps.errors import PlaybookError
from migration_steps.files import write_json_atomically
from migration_steps.stages.loader import run_in_stage

SCHEMA = "playbook-bench/1"
STAGE_TIMEOUT_SECONDS = 1800
Progress = Callable[[str], None]
Race = Callable[[str, str | None], dict[str, Any]]


def run_bench(
    url: str | None,
    requested: list[str] | None,
    *,
    quick: bool,
    out_dir: Path,
    race: Race,
    progress: Progress,
) -> dict[str, Any]:
    names = select_stages(requested)
    plan = plan_for(quick)
    started = time.perf_counter()
    report = progress

    def progress(line: str) -> None:
        report(f"{time.perf_counter() - started:6.1f}s {line}")

    result: dict[str, Any] = {
        "schema": SCHEMA,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "db": "sqlite" if url is None else database_kind(url),
        "quick": quick,
        "machine": machine(url),
        "load_average_before": load_average(),
        "plan": plan.as_payload(),
        "stages": {},
    }
    payload = {"plan": plan.as_payload(), "db": url}
    with ExitStack() as stack:
        trees = StageTrees(stack)
        for number, name in enumerate(names, start=1):
            progress(f"[{number}/{len(names)}] {name}")
            result["stages"][name] = _attempt(
                lambda name=name: run_in_stage(
                    trees.ref(name),
                    "migration_steps.bench.entry:measure",
                    {**payload, "stage": name},
                    timeout=STAGE_TIMEOUT_SECONDS,
                ),
                progress,
            )
            write_bench(out_dir, result)
        measured = [name for name in names if "error" not in result["stages"][name]]
        result["debounce"] = _debounce(trees, measured, payload, url, race, progress)
    result["bound"] = overall_bound(result["stages"])
    result["findings"] = compare.findings(result["stages"], result["db"])
    result["load_average_after"] = load_average()
    result["seconds"] = round(time.perf_counter() - started, 1)
    write_bench(out_dir, result)
    return result


def _attempt(measure: Callable[[], dict[str, Any]], progress: Progress) -> dict[str, Any]:
    """A stage that fails is recorded with its reason; the others are still measured."""
    try:
        return measure()
    except PlaybookError as error:
        progress(f"  FAILED: {error.summary}")
        return {"error": error.summary}


def _debounce(
    trees: StageTrees,
    names: list[str],
    payload: dict[str, Any],
    url: str | None,
    race: Race,
    progress: Progress,
) -> dict[str, Any]:
    immediate, note = immediate_writer(names)
    section: dict[str, Any] = {"immediate": immediate, "note": note}
    if LEGACY not in names or immediate is None:
        section["skipped"] = (
            "legacy was not measured: no debounced flush to simulate"
            if LEGACY not in names
            else note
        )
        return section
    progress("debounce: simulated arrival rates on the manual clock")

    def simulate(name: str, window: float | None) -> dict[str, Any]:
        return run_in_stage(
            trees.ref(name),
            "migration_steps.bench.entry:simulate_arrivals",
            {**payload, "stage": name, "window_seconds": window},
            timeout=STAGE_TIMEOUT_SECONDS,
        )

    try:
        legacy = simulate(LEGACY, None)
        other = simulate(immediate, legacy["window_seconds"])
        progress("lost updates: playbook race on legacy and " + immediate)
        races = {name: race(_race_target(trees, name), url) for name in (LEGACY, immediate)}
    except PlaybookError as error:
        progress(f"  FAILED: {error.summary}")
        section["error"] = error.summary
        return section
    cells = compare.compare_debounce(legacy, other, immediate)
    section.update(
        {
            "window_seconds": legacy["window_seconds"],
            "simulated_seconds": legacy["simulated_seconds"],
            "arrivals": legacy["arrivals"],
            "simulated": {LEGACY: legacy, immediate: other},
            "cells": cells,
            "verdict": compare.debounce_verdict(cells),
            "lost_updates": {name: compare.lost_updates(race) for name, race in races.items()},
        }
    )
    return section


def _race_target(trees: StageTrees, name: str) -> str:
    """A committed stage by its name, a built step stage by its tree's path."""
    ref = trees.ref(name)
    return name if name in (LEGACY, "target") else str(ref.root)


def overall_bound(stages: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The bound measured in each stage's process, and the median of those."""
    per_stage = {
        name: stage["throughput"]["bound"]
        for name, stage in stages.items()
        if "throughput" in stage
    }
    if not per_stage:
        return None

    def median_of(key: str) -> float:
        return round(statistics.median(bound[key]["median"] for bound in per_stage.values()), 1)

    return {
        "one_row_per_transaction_msg_per_s": median_of("msg_per_s"),
        "batch_rows_per_s": median_of("batch_rows_per_s"),
        "p50_ms": median_of("p50_ms"),
        "measured_in": sorted(per_stage),
        "how": "plain SQLAlchemy Core inserts into a table shaped like messages, same database",
    }


def write_bench(out_dir: Path, result: dict[str, Any]) -> Path:
    return write_json_atomically(out_dir / "bench.json", result)
