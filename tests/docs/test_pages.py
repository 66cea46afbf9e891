"""The generated pages say what the run's results say, and change when the results change."""

import copy
import json
import re
from pathlib import Path
from typing import Any

from migration_steps.docs.diffs import split_diff
from migration_steps.docs.pages import stage_page
from migration_steps.docs.reference import cli_reference, step_catalogue
from migration_steps.docs.site import DocsBuild, default_docs_dir, generate_pages
from migration_steps.run.pipeline import summarise


def page(built: DocsBuild | Path, path: str) -> str:
    generated = built.generated_dir if isinstance(built, DocsBuild) else built
    return (generated / path).read_text()


def table_rows(markdown: str, headers: str) -> dict[str, list[str]]:
    """The rows of the first Markdown table whose header starts with `headers`, by first cell."""
    rows: dict[str, list[str]] = {}
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {headers} |"))
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        name = re.sub(r"\[(.*?)\]\(.*?\)", r"\1", cells[0])
        rows[name] = cells[1:]
    return rows


def shown(value: Any) -> str:
    return "—" if value is None else format(value, "g")


def expected_home_row(row: dict[str, Any]) -> list[str]:
    figures = (
        "same",
        "intended",
        "regression",
        "lost_messages",
        "message_writes_per_message",
        "lost_under_load",
    )
    return [shown(row[key]) for key in figures]


def test_home_shows_every_stage_of_this_run(built_site: DocsBuild, results: dict) -> None:
    rows = table_rows(page(built_site, "index.md"), "stage")
    summary = results["summary"]["stages"]
    assert list(rows) == list(summary)
    for name, row in summary.items():
        assert rows[name][:6] == expected_home_row(row), name
    assert "```mermaid\nflowchart LR" in page(built_site, "index.md")


def test_every_step_has_a_page_with_its_metadata_matrix_metrics_and_diff(
    built_site: DocsBuild, results: dict
) -> None:
    steps = [stage for stage in results["stages"] if stage["step"]]
    assert {stage["name"] for stage in steps} >= {"step-1", "step-2", "alt-verify"}
    for stage in steps:
        text = page(built_site, stage_page(stage))
        step = stage["step"]
        heading = next(line for line in text.splitlines() if line.startswith("# "))
        assert step["title"] in heading
        assert step["rationale"] in text and step["time_estimate"] in text
        matrix = table_rows(text, "scenario | checks")
        assert list(matrix) == [scenario["name"] for scenario in stage["verify"]["scenarios"]]
        assert "## Metrics before and after" in text and "| metric | before | after |" in text
        for file in split_diff(stage["diff"]):
            assert f'??? note "{file.path}: {file.kind}' in text
        assert "```diff" in text


def test_step_1_metrics_compare_with_legacy(built_site: DocsBuild, results: dict) -> None:
    legacy, step_1 = (results["summary"]["stages"][name] for name in ("legacy", "step-1"))
    metrics = table_rows(page(built_site, "route/step-1.md"), "metric")
    row = metrics["message writes per message (DELETE + INSERT on messages)"]
    assert row[:2] == [
        shown(legacy["message_writes_per_message"]),
        shown(step_1["message_writes_per_message"]),
    ]


def test_the_problem_page_holds_legacys_recorded_race(built_site: DocsBuild, results: dict) -> None:
    text = page(built_site, "problem.md")
    legacy = next(stage for stage in results["stages"] if stage["name"] == "legacy")
    for outcome in legacy["race"]["scenarios"].values():
        for moment in outcome["timeline"]:
            assert moment["action"].split("'")[0] in text
        for message in outcome["lost"]:
            assert f"`{message}`" in text
    assert text.count("```mermaid\nsequenceDiagram") == 1 + len(legacy["race"]["scenarios"])
    assert "def _persist_sessions" in text and "# (1)!" in text and "# (2)!" in text


def test_architecture_is_drawn_from_each_stages_module_graph(
    built_site: DocsBuild, results: dict
) -> None:
    text = page(built_site, "architecture.md")
    assert "## Before: legacy" in text
    assert "class n_events_subscribers_persistence_subscriber removed" in text
    step_2 = next(stage for stage in results["stages"] if stage["name"] == "step-2")
    assert "session_manager.async_session_manager" not in step_2["modules"]["modules"]
    section = text.split("## After step 2")[1].split("\n## ")[0]
    assert "n_session_manager" not in section
    assert "n_handlers --> n_services" in section


def test_reference_pages_come_from_the_code(built_site: DocsBuild) -> None:
    cli = page(built_site, "reference/cli.md")
    for command in cli_reference():
        assert f"## {command.name} " in cli
        assert command.help.splitlines()[0] in cli
    assert "playbook docs build" in cli and "--no-docs" in cli
    catalogue = page(built_site, "reference/steps.md")
    for route in step_catalogue():
        for step in route["steps"]:
            assert f"### Step {step['id']}: {step['title']}" in catalogue
    assert '"const": "playbook-run/1"' in page(built_site, "reference/results-schema.md")


def test_nav_lists_every_generated_page_once(built_site: DocsBuild) -> None:
    nav = json.loads(page(built_site, "nav.json"))

    def paths(entries: list) -> list[str]:
        found = []
        for entry in entries:
            for value in entry.values():
                found += paths(value) if isinstance(value, list) else [value]
        return found

    listed = paths(nav)
    generated = sorted(
        path.relative_to(built_site.generated_dir).as_posix()
        for path in built_site.generated_dir.rglob("*.md")
    )
    docs = default_docs_dir()
    handwritten = [path.name for path in docs.glob("*.md")]
    workshop = [f"workshop/{path.name}" for path in (docs / "workshop").glob("*.md")]
    assert sorted(listed) == sorted(generated + handwritten + workshop)
    assert {"Benchmark": "benchmark.md"} not in nav
    assert ("Workshop" in json.dumps(nav)) == bool(workshop)


def with_regression(results: dict[str, Any]) -> dict[str, Any]:
    """step-1 with one check turned into a regression, and step-2 writing 7 rows per message."""
    altered = copy.deepcopy(results)
    stages = {stage["name"]: stage for stage in altered["stages"]}
    check = stages["step-1"]["verify"]["scenarios"][0]["checks"][0]
    summary = stages["step-1"]["verify"]["summary"]
    summary[check["status"]] -= 1
    summary["regression"] += 1
    check["status"], check["observed"] = "regression", "ALTERED BY THE TEST"
    stages["step-2"]["race"]["statements_per_message"]["message_rewrites"] = 7.0
    altered["summary"] = summarise(altered["stages"])
    return altered


def test_altered_results_change_the_pages(tmp_path: Path, results: dict) -> None:
    altered = with_regression(results)
    check_name = altered["stages"][1]["verify"]["scenarios"][0]["checks"][0]["name"]
    path = tmp_path / "results.json"
    path.write_text(json.dumps(altered))

    generate_pages(path, tmp_path / "docs")

    generated = tmp_path / "docs" / "generated"
    home = page(generated, "index.md")
    rows = table_rows(home, "stage")
    assert rows["step-1"][:6] == expected_home_row(altered["summary"]["stages"]["step-1"])
    assert rows["step-1"][6] == "**regressions**"
    assert rows["step-2"][4] == "7"
    assert '!!! failure "Stages with regressions or errors: step-1' in home
    step_1 = page(generated, "route/step-1.md")
    assert f'??? danger "regression: {check_name}' in step_1
    assert '"ALTERED BY THE TEST"' in step_1
    assert "class n_step_1 failed" in home


def test_a_stage_that_could_not_run_still_gets_its_page(tmp_path: Path, results: dict) -> None:
    altered = copy.deepcopy(results)
    step_2 = next(stage for stage in altered["stages"] if stage["name"] == "step-2")
    for key in ("verify", "race", "modules"):
        step_2.pop(key)
    step_2["error"] = "step 2 refused: app/main.py is not as expected"
    altered["summary"] = summarise(altered["stages"])
    path = tmp_path / "results.json"
    path.write_text(json.dumps(altered))

    generate_pages(path, tmp_path / "docs")

    generated = tmp_path / "docs" / "generated"
    assert table_rows(page(generated, "index.md"), "stage")["step-2"][6].startswith("could not run")
    text = page(generated, "route/step-2.md")
    assert '!!! failure "This stage could not be run"' in text
    assert "app/main.py is not as expected" in text
    assert "No characterization was recorded for this stage." in text
    assert "No module graph for: step-2" in page(generated, "architecture.md")


def test_the_alternative_route_page_lists_what_its_reports_showed(
    built_site: DocsBuild, results: dict
) -> None:
    text = page(built_site, "alternative.md")
    assert '!!! tip "When to choose it"' in text
    alt = next(stage for stage in results["stages"] if stage["name"] == "alt-verify")
    reporting = [
        check
        for scenario in alt["verify"]["scenarios"]
        for check in scenario["checks"]
        if check["name"].startswith("consistency")
    ]
    if not reporting:
        assert "## What its reports showed" not in text
        return
    assert "## What its reports showed" in text
    reports = table_rows(text, "scenario | reported by")
    assert "seed-timeline" in reports
    assert "assistant: Good" in " ".join(
        table_rows(text, "scenario | reported by")["seed-timeline"]
    )


def test_the_reliability_page_shows_each_stage_under_stress(
    built_site: DocsBuild, results: dict
) -> None:
    text = page(built_site, "reliability.md")
    rows = table_rows(text, "stage")
    stressed = {stage["name"]: stage["stress"]["summary"] for stage in results["stages"]}
    assert list(rows) == list(stressed)
    for name, summary in stressed.items():
        assert rows[name][1] == str(summary["lost_under_load"]), name
        assert rows[name][-1] == ("yes" if summary["holds"] else "**no**"), name
    assert rows["target"][:6] == [str(stressed["target"]["acknowledged"]), "0", "0", "0", "0", "0"]
    assert int(rows["legacy"][1]) > 0
    sentence = ", ".join(f"{name} {s['lost_under_load']}" for name, s in stressed.items())
    assert f"Lost under load: {sentence}." in text
    errors = table_rows(text[text.index("## What callers were told") :], "stage")
    assert errors["legacy"][1].startswith("**no**")
    assert errors["target"][0].startswith("StorageError: the database refused the operation")
    assert errors["target"][1] == "yes"


def test_a_stage_that_promises_no_loss_and_loses_under_stress_fails(
    tmp_path: Path, results: dict
) -> None:
    altered = copy.deepcopy(results)
    target = next(stage for stage in altered["stages"] if stage["name"] == "target")
    target["stress"]["summary"].update(lost=3, lost_under_load=3, holds=False)
    altered["summary"] = summarise(altered["stages"])
    assert "target" in altered["summary"]["failed_stages"]
    legacy = altered["summary"]["stages"]["legacy"]
    assert legacy["stress_holds"] is False and not legacy["broken_promise"]
    path = tmp_path / "results.json"
    path.write_text(json.dumps(altered))

    generate_pages(path, tmp_path / "docs")

    home = table_rows(page(tmp_path / "docs" / "generated", "index.md"), "stage")
    assert home["target"][5:] == ["3", "**lost data under stress**"]
