"""The pieces the pages are made of: import graph, Mermaid text, diffs, metrics, Markdown."""

from pathlib import Path

from migration_steps.docs import diagrams
from migration_steps.docs.diffs import split_diff
from migration_steps.docs.markdown import cell, code, fence
from migration_steps.docs.metrics import compare
from migration_steps.docs.module_graph import import_graph


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "app" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "app"


def test_the_import_graph_follows_absolute_and_relative_imports(tmp_path: Path) -> None:
    app = write(
        tmp_path,
        {
            "__init__.py": "",
            "main.py": "from app.events.bus import EventBus\nimport app.store\nimport json\n",
            "store.py": "from .events import bus\n",
            "events/__init__.py": "from . import bus\n",
            "events/bus.py": "from ..store import save\nfrom sqlalchemy import text\n",
        },
    )
    graph = import_graph(app)
    assert graph["modules"] == ["__init__", "events", "events.bus", "main", "store"]
    assert graph["imports"] == [
        ["events", "events.bus"],
        ["events.bus", "store"],
        ["main", "events.bus"],
        ["main", "store"],
        ["store", "events"],
        ["store", "events.bus"],
    ]


def test_mermaid_text_survives_quotes_semicolons_and_hashes() -> None:
    assert diagrams.text('say "hi"; #1 <b>') == "say #quot;hi#quot;#59; #35;1 #lt;b#gt;"
    timeline = [
        {
            "t": 0,
            "actor": "A · chat",
            "action": "user says 'a;b'",
            "result": "",
            "database_change": [],
        },
        {
            "t": 2.5,
            "actor": "A · background",
            "action": "flush",
            "result": "",
            "database_change": ["- x"],
        },
    ]
    source = diagrams.timeline_sequence(timeline)
    assert "participant w0 as A · chat" in source
    assert "w0->>db: user says 'a#59;b'" in source
    assert "rect rgba(198, 40, 40, 0.15)\n  Note over w1,db: t = 2.5 s" in source


def test_packages_whose_modules_change_are_drawn_module_by_module() -> None:
    before = {
        "modules": ["events.bus", "events.old", "db.rows"],
        "imports": [["events.old", "db.rows"]],
    }
    after = {"modules": ["events.bus", "db.rows"], "imports": [["events.bus", "db.rows"]]}
    expanded = diagrams.packages_to_expand([before, after])
    assert expanded == {"events"}
    nodes, edges = diagrams.component_graph(before, expanded)
    assert edges == {("events.old", "db")}
    source = diagrams.module_flowchart(before, expanded, {"events.old"}, "removed")
    assert 'subgraph n_pkg_events["app.events"]' in source
    assert "class n_events_old removed" in source


def test_a_diff_splits_per_file_with_its_kind_and_counts() -> None:
    diff = (
        "diff --git a/app/a.py b/app/a.py\n--- a/app/a.py\n+++ b/app/a.py\n"
        "@@ -1 +1,2 @@\n-x\n+y\n+z\n"
        "diff --git a/app/b.py b/app/b.py\n--- a/app/b.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-gone\n"
        "diff --git a/app/c.py b/app/c.py\n--- /dev/null\n+++ b/app/c.py\n@@ -0,0 +1 @@\n+new\n"
        "diff --git a/app/__init__.py b/app/__init__.py\n"
    )
    files = [(f.path, f.kind, f.added, f.removed) for f in split_diff(diff)]
    assert files == [
        ("app/a.py", "modified", 2, 1),
        ("app/b.py", "deleted", 0, 1),
        ("app/c.py", "created", 1, 0),
        ("app/__init__.py", "empty", 0, 0),
    ]


def test_metrics_count_a_statement_kind_a_stage_no_longer_runs_as_zero() -> None:
    before = {"SQL DELETE per message": 1.0, "SQL INSERT per message": 2.0, "checks same": 5}
    after = {"SQL INSERT per message": 1.0}
    rows = {row["name"]: row for row in compare(before, after)}
    assert (
        rows["SQL DELETE per message"]["after"] == 0
        and rows["SQL DELETE per message"]["change"] == -1
    )
    assert rows["checks same"]["after"] is None and rows["checks same"]["change"] is None


def test_markdown_filters_keep_any_value_inside_its_cell_or_fence() -> None:
    assert cell("a | b <c> *d*") == "a \\| b &lt;c&gt; \\*d\\*"
    assert cell(None) == "—"
    assert code("x ` y") == "``x ` y``" and code("`a`") == "`` `a` ``"
    assert fence("```inner```", "diff", 4).splitlines()[0] == "    ````diff"
