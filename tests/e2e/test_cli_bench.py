"""`playbook bench --quick` end to end through click: structure and internal consistency of
what it measured, never absolute speeds (the machine is shared and noisy)."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from migration_steps.bench.charts import render_charts
from migration_steps.bench.render import render_bench
from migration_steps.bench.stages import default_stages
from migration_steps.cli import playbook

APPEND_ONLY = ("target", "step-3")  # the first one there is the one compared


def run_bench(out: Path, *args: str) -> dict:
    result = CliRunner().invoke(playbook, ["bench", "--quick", "--json", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    assert "[1/" in result.stderr  # the progress display
    printed = json.loads(result.stdout)
    assert printed == json.loads((out / "bench.json").read_text())
    return printed


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return run_bench(tmp_path_factory.mktemp("bench"))


@pytest.fixture(scope="module")
def append_only(bench: dict) -> str:
    measured = [name for name in APPEND_ONLY if name in bench["stages"]]
    if not measured:
        pytest.skip("no append-only stage (step-3, target) exists yet")
    return measured[0]


def summaries(node: object) -> Iterator[dict]:
    """Every median-with-range figure anywhere in the result."""
    if isinstance(node, dict):
        if {"median", "min", "max", "repeats"} <= node.keys():
            yield node
        for value in node.values():
            yield from summaries(value)
    elif isinstance(node, list):
        for value in node:
            yield from summaries(value)


def test_every_existing_stage_is_measured_with_every_figure(bench: dict) -> None:
    assert list(bench["stages"]) == default_stages()
    assert bench["schema"] == "playbook-bench/1"
    assert (bench["db"], bench["quick"]) == ("sqlite", True)
    machine = bench["machine"]
    assert machine["cpu_count"] >= 1 and machine["python"] and machine["sqlite"]
    for name, stage in bench["stages"].items():
        assert "error" not in stage, (name, stage.get("error"))
        assert set(stage) >= {"per_call", "throughput", "growth", "churn"}, name
        assert set(stage["growth"]["latency_us"]) == {"10", "100", "1000"}, name
        assert stage["throughput"]["concurrent_sessions"] == 8
        for figure in ("sequential", "concurrent"):
            assert stage["throughput"]["fraction_of_bound"][figure]["median"] > 0
    assert bench["bound"]["one_row_per_transaction_msg_per_s"] > 0


def test_medians_lie_within_their_repeats(bench: dict) -> None:
    figures = list(summaries(bench["stages"]))
    assert figures
    for figure in figures:
        assert figure["min"] <= figure["median"] <= figure["max"], figure
        assert figure["repeats"] >= 1


def test_latency_percentiles_are_ordered(bench: dict) -> None:
    for stage in bench["stages"].values():
        for run in ("sequential", "concurrent", "bound"):
            figures = stage["throughput"][run]
            assert figures["p50_ms"]["median"] <= figures["p99_ms"]["median"]


def test_legacy_writes_per_message_at_least_what_step_1_writes(bench: dict) -> None:
    legacy = bench["stages"]["legacy"]["per_call"]
    step_1 = bench["stages"]["step-1"]["per_call"]
    for call in ("add_message", "chat_turn"):
        assert legacy[call]["write_statements"] >= step_1[call]["write_statements"], call
    assert legacy["add_message"]["statements_by_table"]["INSERT messages"] == 2
    assert step_1["add_message"]["statements_by_table"]["INSERT messages"] == 1


def test_step_2_cost_grows_faster_than_the_append_only_stage(bench: dict, append_only: str) -> None:
    step_2 = bench["stages"]["step-2"]["growth"]
    mine = bench["stages"][append_only]["growth"]
    assert step_2["slope_us_per_message"]["median"] > mine["slope_us_per_message"]["median"]
    rows = step_2["per_call_at_length"]
    assert rows["1000"]["rows_written_total"] > 10 * rows["10"]["rows_written_total"]


def test_append_only_statements_per_message_do_not_depend_on_length(
    bench: dict, append_only: str
) -> None:
    at = bench["stages"][append_only]["growth"]["per_call_at_length"]
    assert at["10"]["statements"] == at["1000"]["statements"]
    assert at["10"]["rows_written"] == at["1000"]["rows_written"]
    assert at["1000"]["statements_by_table"].get("DELETE messages", 0) == 0


def test_churn_keeps_one_live_row_per_message_sent(bench: dict, append_only: str) -> None:
    for name, stage in bench["stages"].items():
        churn = stage["churn"]
        assert churn["live_rows"] == churn["messages_sent"], name
        assert churn["rows_inserted"] >= churn["live_rows"], name
    assert bench["stages"][append_only]["churn"]["rows_deleted"] == 0
    assert bench["stages"]["step-2"]["churn"]["rows_deleted"] > 0


def test_debounce_is_compared_with_the_immediate_writer(bench: dict, append_only: str) -> None:
    section = bench["debounce"]
    assert section["immediate"] == append_only and section["note"] is None
    compared = [cell for cell in section["cells"] if "skipped" not in cell]
    assert compared
    for cell in compared:
        total = cell["legacy_total"]["write_statements_per_s"]
        parts = (
            cell["legacy_service"]["write_statements_per_s"]
            + cell["legacy_flush"]["write_statements_per_s"]
        )
        assert total == pytest.approx(parts, abs=0.2)
        assert cell["write_statement_ratio"] > 1  # the flush comes on top of the service
    lost = section["lost_updates"]
    assert lost["legacy"]["lost_total"] > 0
    assert lost[append_only]["lost_total"] == 0
    verdict = section["verdict"]
    assert verdict["cells_compared"] == len(compared)
    assert verdict["legacy_writes_fewer_statements_in"] == []


def test_findings_hold_and_are_computed_from_the_figures(bench: dict) -> None:
    findings = bench["findings"]
    assert findings
    for finding in findings:
        assert finding["measured"], finding
        if "bare-driver bound" not in finding["claim"]:  # a goal, not a consistency check
            assert finding["holds"] is True, finding


def test_text_and_charts_come_from_the_same_figures(bench: dict, tmp_path: Path) -> None:
    text = render_bench(bench)
    for name in bench["stages"]:
        assert f"\n{name} " in text
    assert "lost updates (playbook race): legacy" in text
    charts = render_charts(bench, tmp_path)
    assert len(charts) == 5 and all(path.stat().st_size > 0 for path in charts)


def test_unknown_stage_is_refused_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        playbook, ["bench", "--quick", "--stages", "legacy,nope", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no such stage 'nope'" in result.stderr
    assert not (tmp_path / "bench.json").exists()


@pytest.mark.postgres
def test_on_postgres_dead_tuples_show_the_rewrites(pg_url: str, tmp_path: Path) -> None:
    bench = run_bench(tmp_path, "--db", pg_url, "--stages", "legacy")
    assert bench["db"] == "postgresql" and bench["machine"]["postgresql"]
    churn = bench["stages"]["legacy"]["churn"]
    assert churn["postgresql"]["n_dead_tup"] > 0
    assert churn["postgresql"]["n_tup_del"] == churn["rows_deleted"] > 0
    assert churn["postgresql"]["total_bytes"] > 0
    assert "nothing to compare" in bench["debounce"]["skipped"]
