"""Mermaid sources drawn from results: the route, a recorded race timeline, the module graph."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_ENTITIES = {"#": "#35;", '"': "#quot;", ";": "#59;", "<": "#lt;", ">": "#gt;", "`": "#96;"}
UNDRAWN_IMPORTERS = frozenset({"main"})
UNDRAWN_IMPORTED = frozenset({"domain"})
_STATUS_CLASSES = (
    "classDef ok fill:#e6f4ea,stroke:#2e7d32,color:#1b3d1f",
    "classDef failed fill:#fdecea,stroke:#c62828,color:#5f1111",
    "classDef missing fill:#eeeeee,stroke:#9e9e9e,color:#424242,stroke-dasharray:4 3",
)


def text(value: Any) -> str:
    """Text safe inside a Mermaid label or message (entity codes for its special characters)."""
    return "".join(_ENTITIES.get(char, char) for char in " ".join(str(value).split()))


def lines(values: Iterable[Any]) -> str:
    return "<br/>".join(text(value) for value in values)


def node_id(name: str) -> str:
    return "n_" + re.sub(r"\W", "_", name)


def stage_status(row: dict[str, Any] | None) -> str:
    if row is None:
        return "missing"
    return "failed" if row.get("error") or row.get("regression") else "ok"


def route_flowchart(results: dict[str, Any]) -> str:
    """legacy → each step → target, the alternative route beside it, coloured by outcome."""
    stages = results["stages"]
    rows = results["summary"]["stages"]
    out = ["flowchart LR"]
    for stage in stages:
        label = [stage["name"]]
        if stage["step"]:
            label.append(stage["step"]["title"])
        row = rows.get(stage["name"])
        if row and not row.get("error"):
            label.append(f"lost {row['lost_messages']} · writes/msg {_number(row)}")
        elif row:
            label.append("could not run")
        out.append(f'  {node_id(stage["name"])}["{lines(label)}"]')
    out += [f"  {edge}" for edge in _route_edges(stages)]
    out += [f"  {line}" for line in _STATUS_CLASSES]
    for stage in stages:
        out.append(f"  class {node_id(stage['name'])} {stage_status(rows.get(stage['name']))}")
    return "\n".join(out)


def _number(row: dict[str, Any]) -> str:
    value = row.get("message_writes_per_message")
    return "?" if value is None else format(value, "g")


def _route_edges(stages: list[dict[str, Any]]) -> list[str]:
    by_step = {stage["step"]["id"]: stage["name"] for stage in stages if stage["step"]}
    edges = []
    last_main = None
    for stage in stages:
        name = node_id(stage["name"])
        if stage["step"]:
            previous = by_step.get(stage["step"]["previous"], "legacy")
            arrow = "-->" if stage["route"] == "main" else "-.->"
            edges.append(f"{node_id(previous)} {arrow}|step {text(stage['step']['id'])}| {name}")
        elif stage["name"] != "legacy" and last_main is not None:
            edges.append(f"{node_id(last_main)} ---|committed as| {name}")
        if stage["route"] == "main":
            last_main = stage["name"]
    return edges


def timeline_sequence(timeline: list[dict[str, Any]]) -> str:
    """A recorded race timeline as a sequence diagram: each writer against the database."""
    actors = list(dict.fromkeys(moment["actor"] for moment in timeline))
    ids = {actor: f"w{index}" for index, actor in enumerate(actors)}
    out = ["sequenceDiagram"]
    out += [f"  participant {ids[actor]} as {text(actor)}" for actor in actors]
    out.append("  participant db as database")
    for moment in timeline:
        writer = ids[moment["actor"]]
        changes = moment["database_change"]
        lost = any(change.startswith("-") for change in changes)
        if lost:
            out.append("  rect rgba(198, 40, 40, 0.15)")
        out.append(f"  Note over {writer},db: t = {moment['t']:g} s")
        action = text(moment["action"])
        out.append(f"  {writer}->>db: {action}")
        if moment["result"]:
            out.append(f"  db-->>{writer}: {text(moment['result'])}")
        note = lines(changes) if changes else "no change"
        out.append(f"  Note right of db: {note}")
        if lost:
            out.append("  end")
    return "\n".join(out)


def component_of(module: str, expanded: set[str]) -> str:
    """The node a module is drawn in: itself inside an expanded package, else its package."""
    top = module.split(".")[0]
    return module if top in expanded else top


def packages_to_expand(graphs: Iterable[dict[str, Any]]) -> set[str]:
    """Packages whose modules differ between the graphs: drawn module by module."""
    contents: dict[str, set[frozenset[str]]] = {}
    for graph in graphs:
        by_top: dict[str, set[str]] = {}
        for module in graph["modules"]:
            by_top.setdefault(module.split(".")[0], set()).add(module)
        for top, modules in by_top.items():
            contents.setdefault(top, set()).add(frozenset(modules))
    return {top for top, variants in contents.items() if len(variants) > 1}


def components(graph: dict[str, Any], expanded: set[str]) -> set[str]:
    """Every node the graph's modules fall in, drawn or not."""
    return {component_of(module, expanded) for module in graph["modules"]}


def component_graph(graph: dict[str, Any], expanded: set[str]) -> tuple[set[str], set[tuple]]:
    """Nodes (with at least one import either way) and edges between them.

    Imports made by the composition root and imports of the domain are left out: every
    component has them, and they would hide the ones that change.
    """
    edges = {
        (component_of(source, expanded), component_of(target, expanded))
        for source, target in graph["imports"]
        if source.split(".")[0] not in UNDRAWN_IMPORTERS
        and target.split(".")[0] not in UNDRAWN_IMPORTED
    }
    edges = {(source, target) for source, target in edges if source != target}
    nodes = {node for edge in edges for node in edge}
    return nodes, edges


def module_flowchart(
    graph: dict[str, Any], expanded: set[str], highlight: set[str], highlight_class: str
) -> str:
    """The import graph, packages collapsed except `expanded`; `highlight` nodes get a class."""
    nodes, edges = component_graph(graph, expanded)
    counts: dict[str, int] = {}
    for module in graph["modules"]:
        counts[component_of(module, expanded)] = counts.get(component_of(module, expanded), 0) + 1
    out = ["flowchart TD"]
    groups: dict[str, list[str]] = {}
    for node in sorted(nodes):
        top = node.split(".")[0]
        groups.setdefault(top if top in expanded and "." in node else "", []).append(node)
    for group, members in sorted(groups.items()):
        indent = "  "
        if group:
            out.append(f'  subgraph {node_id("pkg_" + group)}["app.{text(group)}"]')
            indent = "    "
        for node in members:
            label = node.split(".", 1)[1] if group else node
            if not group and counts.get(node, 0) > 1:
                label = f"{label} ({counts[node]} modules)"
            out.append(f'{indent}{node_id(node)}["{text(label)}"]')
        if group:
            out.append("  end")
    out += [f"  {node_id(source)} --> {node_id(target)}" for source, target in sorted(edges)]
    out.append("  classDef added fill:#e6f4ea,stroke:#2e7d32,color:#1b3d1f")
    out.append("  classDef removed fill:#fdecea,stroke:#c62828,color:#5f1111,stroke-dasharray:4 3")
    for node in sorted(highlight & nodes):
        out.append(f"  class {node_id(node)} {highlight_class}")
    return "\n".join(out)
