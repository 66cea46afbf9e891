"""Which pages the site has for a given run, and what each page's template is given."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migration_steps.characterization.step_stages import ALT_STAGE
from migration_steps.docs import diagrams
from migration_steps.docs.bench import Table, bench_tables, bench_text
from migration_steps.docs.diffs import split_diff
from migration_steps.docs.excerpts import flush_excerpt
from migration_steps.docs.metrics import compare, stage_metrics
from migration_steps.docs.reference import cli_reference, step_catalogue
from migration_steps.docs.schema import RESULTS_JSON_SCHEMA
from migration_steps.race.render import SCENARIO_TITLES

Nav = list[dict[str, Any]]
RELIABILITY_PAGE = "reliability.md"


@dataclass(frozen=True)
class Page:
    path: str  # relative to the generated pages' root, e.g. "route/step-1.md"
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Sources:
    """Everything besides results.json that the pages draw on."""

    legacy_root: Path | None = None
    bench: dict[str, Any] | None = None
    bench_charts: tuple[str, ...] = ()  # paths relative to the generated root
    bench_chart_problem: str | None = None
    handwritten: tuple[tuple[str, str], ...] = ()  # (path, title) of pages under docs/
    workshop: tuple[tuple[str, str], ...] = ()


def stage_page(stage: dict[str, Any]) -> str | None:
    """The page of a stage made by a step; legacy and target are shown on the route pages."""
    if stage["step"] is None:
        return None
    if stage["name"] == ALT_STAGE:
        return "alternative.md"
    return f"route/{stage['name']}.md"


def plan_site(results: dict[str, Any], sources: Sources) -> tuple[list[Page], Nav]:
    stages = results["stages"]
    common = {"results": results, "rows": results["summary"]["stages"]}
    step_pages = [_step_page(stage, stages, common) for stage in stages if stage_page(stage)]
    main_steps = [page for page in step_pages if page.path.startswith("route/")]
    alternative = [page for page in step_pages if not page.path.startswith("route/")]
    pages = [
        Page("index.md", "Home", "index.md.j2", {**common, **_home(results)}),
        Page(
            "problem.md", "The problem", "problem.md.j2", {**common, **_problem(results, sources)}
        ),
        Page("architecture.md", "Architecture", "architecture.md.j2", _architecture(stages)),
        Page("route/index.md", "Overview", "route.md.j2", {**common, **_route(results)}),
        *step_pages,
        *_reliability(results),
        *_benchmark(sources),
        Page("reference/cli.md", "Command line", "cli.md.j2", {"commands": cli_reference()}),
        Page("reference/steps.md", "Step catalogue", "steps.md.j2", _catalogue(stages)),
        Page(
            "reference/results-schema.md",
            "Results schema",
            "schema.md.j2",
            {"schema": RESULTS_JSON_SCHEMA, "definitions": _schema_tables()},
        ),
    ]
    nav: Nav = [
        {"Home": "index.md"},
        {"The problem": "problem.md"},
        {"Architecture": "architecture.md"},
        {"The route": [{"Overview": "route/index.md"}] + [_entry(p) for p in main_steps]},
        *[{"Alternative route": page.path} for page in alternative],
    ]
    if any(page.path == RELIABILITY_PAGE for page in pages):
        nav.append({"Reliability": RELIABILITY_PAGE})
    guide = list(sources.handwritten)
    if any(page.path == "benchmark.md" for page in pages):
        # Hand-written pages about the benchmark (benchmark-*.md) sit next to its results.
        about_bench = [(path, title) for path, title in guide if path.startswith("benchmark")]
        guide = [entry for entry in guide if entry not in about_bench]
        section = [{"Results": "benchmark.md"}] + [{title: path} for path, title in about_bench]
        nav.append({"Benchmark": section if about_bench else "benchmark.md"})
    if sources.workshop:
        nav.append({"Workshop": [{title: path} for path, title in sources.workshop]})
    nav.append(
        {
            "Reference": [
                {"Command line": "reference/cli.md"},
                {"Step catalogue": "reference/steps.md"},
                {"Results schema": "reference/results-schema.md"},
            ]
        }
    )
    if guide:
        nav.append({"Guide": [{title: path} for path, title in guide]})
    return pages, nav


def _reliability(results: dict[str, Any]) -> list[Page]:
    """The stress figures of every stage that was stressed; no page when none was."""
    stressed = [stage for stage in results["stages"] if stage.get("stress")]
    if not stressed:
        return []
    links = stage_links(results["stages"])
    rows, latency_rows, errors = [], [], []
    for stage in stressed:
        stress, name = stage["stress"], stage["name"]
        summary, load = stress["summary"], stress["load"]
        rows.append(
            {
                "name": name,
                "page": links.get(name),
                "acknowledged": summary["acknowledged"],
                "lost_under_load": summary["lost_under_load"],
                "lost_under_faults": summary["lost"] - summary["lost_under_load"],
                "duplicated": summary["duplicated"],
                "phantom": summary["phantom"],
                "unclear_errors": summary["unclear_errors"],
                "served": summary["served_after_faults"],
                "holds": summary["holds"],
            }
        )
        latency = load["latency_ms"]
        latency_rows.append({"name": name, **latency, "rate": load["messages_per_second"]})
        trials = stress["faults"]["faults"].get("refused-statement", {}).get("trials", [])
        first = next((trial for trial in trials if trial["error"]), None)
        if first is not None:
            errors.append({"name": name, "error": first["error"], "is_clear": first["clear"]})
    shape = stressed[0]["stress"]["load"]["shape"]
    return [
        Page(
            RELIABILITY_PAGE,
            "Reliability under stress",
            "reliability.md.j2",
            {
                "results": results,
                "stress_rows": rows,
                "latency_rows": latency_rows,
                "errors": errors,
                "shape_text": (
                    f"{shape['processes']} process(es) × {shape['instances']} instance(s) × "
                    f"{shape['writers']} writers × {shape['messages']} messages on "
                    f"{shape['sessions']} sessions"
                ),
                "lost_sentence": lost_under_load(results),
            },
        )
    ]


def _entry(page: Page) -> dict[str, str]:
    return {page.title: page.path}


def stage_links(stages: list[dict[str, Any]]) -> dict[str, str | None]:
    """Where a stage's name links to: its step's page, the problem (legacy), the route (target)."""
    elsewhere = {"legacy": "problem.md", "target": "route/index.md#target"}
    return {stage["name"]: stage_page(stage) or elsewhere.get(stage["name"]) for stage in stages}


def _home(results: dict[str, Any]) -> dict[str, Any]:
    links = stage_links(results["stages"])
    return {
        "route_diagram": diagrams.route_flowchart(results),
        "stage_links": links,
        "alternative_page": "alternative.md" if "alternative.md" in links.values() else None,
        "lost_under_load": lost_under_load(results),
    }


def lost_under_load(results: dict[str, Any]) -> str:
    """'legacy 25, step-1 25, …, target 0' for the stages a short stress ran on; '' for none."""
    return ", ".join(
        f"{stage['name']} {stage['stress']['summary']['lost_under_load']}"
        for stage in results["stages"]
        if stage.get("stress")
    )


def _problem(results: dict[str, Any], sources: Sources) -> dict[str, Any]:
    legacy = next((stage for stage in results["stages"] if stage["name"] == "legacy"), None)
    races = []
    for name, outcome in ((legacy or {}).get("race") or {}).get("scenarios", {}).items():
        races.append(
            {
                "name": name,
                "title": SCENARIO_TITLES.get(name, name),
                "outcome": outcome,
                "diagram": diagrams.timeline_sequence(outcome["timeline"]),
            }
        )
    scenario_names = list(dict.fromkeys(race["name"] for race in races))
    losses = []
    for stage in results["stages"]:
        scenarios = (stage.get("race") or {}).get("scenarios", {})
        losses.append(
            {
                "stage": stage["name"],
                "page": stage_page(stage),
                "lost": [
                    len(scenarios[n]["lost"]) if n in scenarios else None for n in scenario_names
                ],
            }
        )
    excerpt = flush_excerpt(sources.legacy_root) if sources.legacy_root else None
    return {
        "legacy": legacy,
        "races": races,
        "scenario_names": scenario_names,
        "losses": losses,
        "excerpt": excerpt,
    }


def _route(results: dict[str, Any]) -> dict[str, Any]:
    links = stage_links(results["stages"])
    links["target"] = None
    return {"route_diagram": diagrams.route_flowchart(results), "stage_links": links}


def _previous_stage(stage: dict[str, Any], stages: list[dict[str, Any]]) -> dict[str, Any] | None:
    previous = stage["step"]["previous"]
    for candidate in stages:
        if candidate["step"] and candidate["step"]["id"] == previous:
            return candidate
    return next((candidate for candidate in stages if candidate["name"] == "legacy"), None)


def _step_page(stage: dict[str, Any], stages: list[dict[str, Any]], common: dict[str, Any]) -> Page:
    step = stage["step"]
    previous = _previous_stage(stage, stages)
    scenarios = (stage.get("verify") or {}).get("scenarios", [])
    path = stage_page(stage)
    assert path is not None
    context = {
        **common,
        "stage": stage,
        "step": step,
        "previous": previous,
        "previous_page": stage_page(previous) if previous else None,
        "matrix": [_matrix_row(scenario) for scenario in scenarios],
        "changed_scenarios": [
            {
                "name": scenario["name"],
                "checks": [check for check in scenario["checks"] if check["status"] != "same"],
            }
            for scenario in scenarios
            if any(check["status"] != "same" for check in scenario["checks"])
        ],
        "metrics": compare(stage_metrics(previous), stage_metrics(stage)),
        "files": split_diff(stage.get("diff", "")),
    }
    if path == "alternative.md":
        context["reports"] = consistency_reports(stage)
        title = f"The alternative route: {step['title']}"
        return Page(path, title, "alternative.md.j2", context)
    return Page(path, f"Step {step['id']} · {step['title']}", "step.md.j2", context)


def consistency_reports(stage: dict[str, Any]) -> list[dict[str, Any]]:
    """The divergences DataConsistencySubscriber reported, one row each, from the checks named
    "consistency: …" of the stage's characterization."""
    rows = []
    for scenario in (stage.get("verify") or {}).get("scenarios", []):
        for check in scenario["checks"]:
            if not check["name"].startswith("consistency"):
                continue
            reporter = check["name"].split(":", 1)[-1].strip()
            observed = check.get("observed")
            reports = observed if isinstance(observed, list) else [observed]
            for report in reports:
                rows.append({"scenario": scenario["name"], "reporter": reporter, **_report(report)})
    return rows


def _report(report: Any) -> dict[str, Any]:
    if not isinstance(report, dict):
        return {"raw": report}
    memory, database = report.get("memory_agent"), report.get("database_agent")
    return {
        "session": report.get("session_id"),
        "agents": f"memory {memory}, database {database}" if memory != database else None,
        "only_in_database": [": ".join(map(str, m)) for m in report.get("only_in_database", [])],
        "only_in_memory": [": ".join(map(str, m)) for m in report.get("only_in_memory", [])],
    }


def _matrix_row(scenario: dict[str, Any]) -> dict[str, Any]:
    counts = {"same": 0, "intended": 0, "regression": 0}
    for check in scenario["checks"]:
        counts[check["status"]] = counts.get(check["status"], 0) + 1
    return {"name": scenario["name"], **counts, "checks": len(scenario["checks"])}


def _architecture(stages: list[dict[str, Any]]) -> dict[str, Any]:
    recorded = [stage for stage in stages if stage.get("modules")]
    legacy = next((stage for stage in recorded if stage["name"] == "legacy"), None)
    main = [stage for stage in recorded if stage["route"] == "main"]
    drawn: list[dict[str, Any]] = []
    for stage in recorded:
        previous_main = [s for s in drawn if s["route"] == "main"]
        if previous_main and stage["modules"] == previous_main[-1]["modules"]:
            continue
        drawn.append(stage)
    expanded = diagrams.packages_to_expand(stage["modules"] for stage in drawn)
    last = main[-1] if main else None
    views = []
    for stage in drawn:
        nodes = diagrams.components(stage["modules"], expanded)
        if stage is legacy and last is not None and last is not legacy:
            other = diagrams.components(last["modules"], expanded)
            highlight, style = nodes - other, "removed"
        elif legacy is not None:
            other = diagrams.components(legacy["modules"], expanded)
            highlight, style = nodes - other, "added"
        else:
            highlight, style = set(), "added"
        views.append(
            {
                "stage": stage,
                "page": stage_page(stage),
                "diagram": diagrams.module_flowchart(stage["modules"], expanded, highlight, style),
                "highlight": sorted(highlight),
                "style": style,
                "changes": _module_changes(legacy, stage),
                "same_as": [
                    other["name"]
                    for other in recorded
                    if other is not stage
                    and other not in drawn
                    and other["modules"] == stage["modules"]
                ],
            }
        )
    return {
        "views": views,
        "last": last,
        "missing": [s["name"] for s in stages if not s.get("modules")],
    }


def _module_changes(legacy: dict[str, Any] | None, stage: dict[str, Any]) -> dict[str, Any]:
    if legacy is None or legacy is stage:
        return {}
    before, after = legacy["modules"], stage["modules"]
    edges_before = {tuple(edge) for edge in before["imports"]}
    edges_after = {tuple(edge) for edge in after["imports"]}
    return {
        "removed": sorted(set(before["modules"]) - set(after["modules"])),
        "added": sorted(set(after["modules"]) - set(before["modules"])),
        "imports_removed": sorted(edges_before - edges_after),
        "imports_added": sorted(edges_after - edges_before),
    }


def _benchmark(sources: Sources) -> list[Page]:
    if sources.bench is None:
        return []
    tables: list[Table] = bench_tables(sources.bench)
    context = {
        "tables": tables,
        "charts": list(sources.bench_charts),
        "chart_problem": sources.bench_chart_problem,
        "text": bench_text(sources.bench),
        "bench": sources.bench,
    }
    return [Page("benchmark.md", "Benchmark", "benchmark.md.j2", context)]


def _catalogue(stages: list[dict[str, Any]]) -> dict[str, Any]:
    pages = {stage["step"]["id"]: stage_page(stage) for stage in stages if stage["step"]}
    return {"routes": step_catalogue(), "step_pages": pages}


def _schema_tables() -> list[dict[str, Any]]:
    """Each object of the schema with its fields: name, type, required, description."""
    definitions = [("results.json", RESULTS_JSON_SCHEMA)]
    definitions += list(RESULTS_JSON_SCHEMA["$defs"].items())
    tables = []
    for name, definition in definitions:
        required = set(definition.get("required", ()))
        fields = [
            {
                "name": field_name,
                "type": _type_name(spec),
                "required": field_name in required,
                "description": spec.get("description", ""),
            }
            for field_name, spec in definition.get("properties", {}).items()
        ]
        if "additionalProperties" in definition:
            fields.append(
                {
                    "name": "*any key*",
                    "type": _type_name(definition["additionalProperties"]),
                    "required": False,
                    "description": "",
                }
            )
        tables.append(
            {"name": name, "description": definition.get("description", ""), "fields": fields}
        )
    return tables


def _type_name(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return spec["$ref"].removeprefix("#/$defs/")
    if "oneOf" in spec:
        return " or ".join(_type_name(option) for option in spec["oneOf"])
    if "const" in spec:
        return f'"{spec["const"]}"'
    if "enum" in spec:
        return " or ".join(f'"{value}"' for value in spec["enum"])
    kind = spec.get("type", "any")
    if kind == "array" and "items" in spec:
        return f"array of {_type_name(spec['items'])}"
    return kind if isinstance(kind, str) else " or ".join(kind)
