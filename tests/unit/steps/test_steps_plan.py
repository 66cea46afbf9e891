"""EditPlan, trees, writing and diffs: a step's edits pile up in memory, then land together."""

from pathlib import Path

import pytest

from migration_steps.codemods import codemod
from migration_steps.codemods.components import RemoveComponent
from migration_steps.codemods.definitions import RemoveUnusedLocal
from migration_steps.steps.apply import apply_step, write_plan
from migration_steps.steps.diff import unified_diff
from migration_steps.steps.model import FileEdit, Refusal, StepApplied, StepPlan, StepRefused
from migration_steps.steps.plan import EditPlan
from migration_steps.steps.tree import DiskTree, OverlayTree, SourceTree

MAIN = "def build():\n    helper = Helper()\n    helper.start()\n    return 1\n"


def make_tree(root: Path, files: dict[str, str]) -> DiskTree:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(text.encode())
    return DiskTree(root)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_overlay_sees_planned_edits(tmp_path: Path) -> None:
    tree = make_tree(tmp_path, {"a.py": "a", "b/c.py": "c"})
    overlay = OverlayTree(tree, {"a.py": None, "d.py": "d"})
    assert overlay.files() == ["b/c.py", "d.py"]
    assert overlay.read("a.py") is None
    assert overlay.read("b/c.py") == "c"


def test_disk_tree_skips_caches(tmp_path: Path) -> None:
    tree = make_tree(tmp_path, {"app/x.py": "", "app/__pycache__/x.pyc": "", ".git/HEAD": ""})
    assert tree.files() == ["app/x.py"]


def test_edits_are_planned_in_order_and_described(tmp_path: Path) -> None:
    edits = EditPlan("9", make_tree(tmp_path, {"main.py": MAIN, "old.py": "x = 1\n"}))
    edits.delete("old.py")
    edits.transform("main.py", codemod(RemoveComponent, variable="helper"))
    edits.create("new.py", "y = 2\n")
    plan = edits.finish()
    assert [(edit.path, edit.kind) for edit in plan.edits] == [
        ("main.py", "modify"),
        ("new.py", "create"),
        ("old.py", "delete"),
    ]
    assert plan.edits[0].after == "def build():\n    return 1\n"
    assert "remove the component `helper`" in plan.edits[0].how[0]


@pytest.mark.parametrize(
    ("action", "reason"),
    [
        (lambda edits: edits.delete("missing.py"), "missing.py is missing"),
        (lambda edits: edits.create("main.py", ""), "main.py already exists"),
        (
            lambda edits: edits.transform("main.py", codemod(RemoveComponent, variable="nope")),
            "main.py: no component `nope` is built here",
        ),
    ],
)
def test_an_unexpected_tree_refuses_with_one_line(tmp_path: Path, action, reason: str) -> None:
    edits = EditPlan("9", make_tree(tmp_path, {"main.py": MAIN}))
    with pytest.raises(Refusal, match=f"^{reason}$"):
        action(edits)


def test_a_codemod_with_nothing_to_do_may_be_passed_over(tmp_path: Path) -> None:
    edits = EditPlan("9", make_tree(tmp_path, {"main.py": MAIN}))
    edits.transform_where_applicable(
        "main.py", codemod(RemoveUnusedLocal, function="build", variable="clock")
    )
    plan = edits.finish()
    assert plan.edits == ()
    assert plan.notes == ("main.py: kept as is: `build` assigns no `clock`",)


def test_references_ignore_strings_and_comments(tmp_path: Path) -> None:
    files = {
        "app/a.py": "from x import Clock\n",
        "app/b.py": "# Clock\ntext = 'Clock'\n",
        "app/c.py": "settings.clock\n",
        "app/d.py": "make(clock=1)\nclock = 2\n",
        "app/e.py": "clock = 2\n",
    }
    edits = EditPlan("9", make_tree(tmp_path, files))
    assert edits.files_using("Clock") == ["app/a.py"]
    assert edits.attribute_readers("clock") == ["app/c.py", "app/d.py"]


def step_that_fails_late(tree: SourceTree) -> StepPlan:
    edits = EditPlan("9", tree)
    edits.delete("old.py")
    edits.transform("main.py", codemod(RemoveComponent, variable="helper"))
    edits.refuse("something further on is not as expected")
    return edits.finish()


def step_that_succeeds(tree: SourceTree) -> StepPlan:
    edits = EditPlan("9", tree)
    edits.delete("pkg/old.py")
    edits.transform("main.py", codemod(RemoveComponent, variable="helper"))
    return edits.finish()


def test_a_refused_step_writes_nothing(tmp_path: Path) -> None:
    make_tree(tmp_path, {"main.py": MAIN, "old.py": "x = 1\n"})
    before = snapshot(tmp_path)
    result = apply_step("9", step_that_fails_late, tmp_path)
    assert result == StepRefused("9", "something further on is not as expected")
    assert snapshot(tmp_path) == before


def test_an_applied_step_writes_every_edit_and_removes_emptied_packages(tmp_path: Path) -> None:
    make_tree(tmp_path, {"main.py": MAIN, "pkg/old.py": "", "pkg/__pycache__/old.pyc": ""})
    result = apply_step("9", step_that_succeeds, tmp_path)
    assert isinstance(result, StepApplied)
    assert snapshot(tmp_path) == {"main.py": b"def build():\n    return 1\n"}


def test_writing_keeps_bytes_exactly(tmp_path: Path) -> None:
    plan = StepPlan("9", (FileEdit("a.py", None, "x = 'é'\r\n"),))
    write_plan(tmp_path, plan)
    assert (tmp_path / "a.py").read_bytes() == "x = 'é'\r\n".encode()


def test_unified_diff_reads_like_git() -> None:
    edits = [
        FileEdit("a.py", "x = 1\n", "x = 2\n"),
        FileEdit("gone.py", "y = 1\n", None),
        FileEdit("new.py", None, "z = 1"),
    ]
    assert unified_diff(edits) == (
        "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n"
        "diff --git a/gone.py b/gone.py\n--- a/gone.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-y = 1\n"
        "diff --git a/new.py b/new.py\n--- /dev/null\n+++ b/new.py\n@@ -0,0 +1 @@\n+z = 1\n"
        "\\ No newline at end of file\n"
    )
