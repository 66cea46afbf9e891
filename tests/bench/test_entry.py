"""The in-stage measurements on a real stage and database: counts are exact, timings only sane."""

import pytest

from migration_steps.bench.plan import BenchPlan
from migration_steps.paths import stage_roots
from migration_steps.stages.loader import resolve_stage, run_in_stage

TARGET_EXISTS = (stage_roots()["target"] / "app" / "main.py").is_file()


def test_legacy_rewrites_each_message_twice_and_loses_what_bypasses_memory(
    legacy_measured: dict,
) -> None:
    add = legacy_measured["per_call"]["add_message"]
    assert add["statements_by_table"]["INSERT messages"] == 2
    assert add["statements_by_table"]["DELETE messages"] == 2
    # Each flush puts the conversation back to memory's copy: add_message's rows are gone.
    assert add["stored_after"] < legacy_measured["per_call"]["calls"]
    turn = legacy_measured["per_call"]["chat_turn"]
    assert turn["messages_per_turn"] == 2
    assert turn["stored_after"] == 2 * legacy_measured["per_call"]["calls"]


def test_legacy_rows_per_message_follow_the_conversation_length(legacy_measured: dict) -> None:
    at = legacy_measured["growth"]["per_call_at_length"]
    assert at["1000"]["rows_written"]["INSERT"] >= 2 * 1000
    assert at["10"]["rows_written"]["INSERT"] < 2 * 100
    assert at["10"]["statements_total"] == at["1000"]["statements_total"]


def test_timings_are_medians_of_the_repeats_and_ordered(
    legacy_measured: dict, tiny_plan: BenchPlan
) -> None:
    speed = legacy_measured["throughput"]
    for run in ("sequential", "concurrent", "bound"):
        figures = speed[run]
        assert figures["msg_per_s"]["repeats"] == tiny_plan.repeats
        assert figures["msg_per_s"]["min"] <= figures["msg_per_s"]["median"]
        assert figures["msg_per_s"]["median"] <= figures["msg_per_s"]["max"]
        assert figures["p50_ms"]["median"] <= figures["p99_ms"]["median"]
    assert 0 < speed["fraction_of_bound"]["sequential"]["median"]
    assert set(legacy_measured["growth"]["latency_us"]) == {"10", "100", "1000"}


def test_churn_counts_every_row_written_for_the_rows_kept(
    legacy_measured: dict, tiny_plan: BenchPlan
) -> None:
    churn = legacy_measured["churn"]
    assert churn["live_rows"] == churn["messages_sent"] == tiny_plan.churn_messages
    assert churn["rows_inserted"] > churn["live_rows"]
    assert churn["sqlite"]["database_bytes"] > 0


def simulate(plan: BenchPlan, stage: str, window: float | None = None) -> dict:
    return run_in_stage(
        resolve_stage(stage),
        "migration_steps.bench.entry:simulate_arrivals",
        {"plan": plan.as_payload(), "db": None, "stage": stage, "window_seconds": window},
    )


def test_debounce_simulation_splits_service_writes_from_the_flush(tiny_plan: BenchPlan) -> None:
    result = simulate(tiny_plan, "legacy")
    assert result["window_seconds"] == result["flush_delay_seconds"] == 2.0
    simulated = [cell for cell in result["cells"] if cell["skipped"] is None]
    assert simulated
    for cell in simulated:
        parts = [cell[part]["write_statements_per_s"] for part in ("service", "flush", "total")]
        assert parts[0] + parts[1] == pytest.approx(parts[2], abs=0.2)
        assert parts[1] > 0
    skipped = [cell for cell in result["cells"] if cell["skipped"]]
    assert all("cap" in cell["skipped"] for cell in skipped)


@pytest.mark.skipif(not TARGET_EXISTS, reason="target/ is not there yet")
def test_the_append_only_target_writes_nothing_in_the_background(tiny_plan: BenchPlan) -> None:
    result = simulate(tiny_plan, "target", window=2.0)
    for cell in result["cells"]:
        if cell["skipped"] is None:
            assert cell["flush"]["write_statements_per_s"] == 0
            assert cell["total"]["write_statements_per_s"] == pytest.approx(2 * cell["rate"])
