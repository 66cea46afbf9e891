"""Bad input across the command line: every row exits 2 (or 1 where the design says so) with
one line, `Error: …` (or click's own usage block), never a traceback, and writes nothing.

The rows go through click's runner, which also shows whether an exception other than the
exit escaped; a few go through the installed `playbook` script, to show that what reaches a
real terminal is the same one line. Every row runs against the same trees, snapshotted before
and after: file names and bytes, and each repository's HEAD and `git status`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from migration_steps.cli import playbook

PLAYBOOK = Path(sys.executable).parent / "playbook"
UNREACHABLE = "postgresql://nobody@127.0.0.1:1/x"
LEGACY_EDIT = "app/main.py"


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, text=True
    ).stdout


def results(**stage: Any) -> dict[str, Any]:
    """A results file that is valid except for what `stage` adds to its one stage."""
    step = {
        "id": "1",
        "previous": "0",
        "route": "main",
        "title": "t",
        "rationale": "r",
        "risk": "r",
        "time_estimate": "t",
        "intended_changes": [],
    }
    return {
        "schema": "playbook-run/1",
        "generated_at": "2026-01-01T00:00:00+00:00",
        "db": "sqlite",
        "seconds": 1.0,
        "stages": [{"name": "step-1", "route": "main", "step": step, "diff": "", **stage}],
        "summary": {"stages": {}, "failed_stages": []},
    }


RESULTS_FILES: dict[str, str] = {
    "valid": json.dumps(results()),
    "truncated": json.dumps(results())[:-40],
    "list": "[]",
    "other-schema": json.dumps({**results(), "schema": "playbook-run/2"}),
    "wrong-shape": json.dumps({**results(), "stages": "all of them"}),
    "surrogate": json.dumps(results(diff="\ud800")),
    "traversal": json.dumps(results(name="../../escaped")),
    "by-verb-text": json.dumps(
        results(
            race={
                "scenarios": {},
                "statements_per_message": {
                    "messages": 1,
                    "by_verb": {"INSERT": "two"},
                    "message_rewrites": 0,
                },
            }
        )
    ),
    "import-triple": json.dumps(results(modules={"modules": ["a"], "imports": [["a", "b", "c"]]})),
    "no-changes": json.dumps(results()).replace(', "intended_changes": []', ""),
    "deep": "[" * 100_000 + "]" * 100_000,
    "empty": "",
}


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every tree and file the rows name, made once; the rows must leave them as they are."""
    root = tmp_path_factory.mktemp("bad-input")
    paths = {name: root / name for name in ("file", "missing", "plain", "noapp", "halfapp")}
    paths["file"].write_text("not a directory\n")
    paths["plain"].mkdir()
    (paths["noapp"] / "src").mkdir(parents=True)
    (paths["noapp"] / "README").write_text("no app here\n")
    (paths["halfapp"] / "app").mkdir(parents=True)
    paths["broken"] = root / "broken"
    (paths["broken"] / "app").mkdir(parents=True)
    (paths["broken"] / "app" / "main.py").write_text("def create_app(:\n")
    (paths["broken"] / "app" / "config.py").write_text("class Settings:\n    pass\n")

    paths["ws"] = root / "ws"
    assert CliRunner().invoke(playbook, ["init", str(paths["ws"])]).exit_code == 0
    for name in ("ws_modified", "ws_untracked", "ws_staged"):
        paths[name] = root / name
        shutil.copytree(paths["ws"], paths[name])
    with (paths["ws_modified"] / LEGACY_EDIT).open("a") as file:
        file.write("# edited by hand\n")
    (paths["ws_untracked"] / "app" / "notes.py").write_text("# new\n")
    with (paths["ws_staged"] / LEGACY_EDIT).open("a") as file:
        file.write("# staged\n")
    git(paths["ws_staged"], "add", LEGACY_EDIT)

    paths["repo_empty"] = root / "repo_empty"
    git(root, "init", "--quiet", str(paths["repo_empty"]))
    paths["repo_other"] = root / "repo_other"
    git(root, "init", "--quiet", str(paths["repo_other"]))
    (paths["repo_other"] / "shop.py").write_text("cart = []\n")
    git(paths["repo_other"], "add", "shop.py")
    git(paths["repo_other"], "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "shop")

    for name, content in RESULTS_FILES.items():
        paths[f"results_{name}"] = root / f"results-{name}.json"
        paths[f"results_{name}"].write_text(content, encoding="utf-8", errors="surrogatepass")
    paths["results_dir"] = root / "results-dir.json"
    paths["results_dir"].mkdir()
    paths["db_binary"] = root / "random.sqlite3"
    paths["db_binary"].write_bytes(bytes(range(256)) * 64)
    paths["out"] = root / "out"  # must never be created
    return paths


def snapshot(root: Path) -> dict[str, Any]:
    """Every file's bytes under `root` (outside .git/), and each repository's HEAD and status."""
    files: dict[str, Any] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if ".git" in relative.parts:
            continue
        files[str(relative)] = path.read_bytes() if path.is_file() else "dir"
    for git_dir in sorted(root.rglob(".git")):
        repo = git_dir.parent
        head = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--verify", "-q", "HEAD"],
            capture_output=True,
            text=True,
        ).stdout
        files[f"{repo.relative_to(root)} (git)"] = (head, git(repo, "status", "--porcelain"))
    return files


def assert_refused(result: Result, code: int, text: str) -> None:
    """Exit `code`, nothing on stdout, and on stderr one `Error:` line holding `text`, or
    click's usage block ending in one."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    if lines and lines[0].startswith("Usage: "):
        assert len(lines) == 4 and lines[1].startswith("Try ") and lines[2] == "", lines
        lines = lines[3:]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert text in lines[0], lines[0]


ROWS = [
    # missing and invalid paths
    ("verify {missing}", 2, "does not exist"),
    ("verify {file}", 2, "is not a directory"),
    ("verify {halfapp}", 2, "holds no app/main.py"),
    ("verify {broken}", 2, "app/main.py:1: SyntaxError"),
    ("race --stage {file}", 2, "is not a directory"),
    ("race --stage {missing}", 2, "does not exist"),
    ("stress {missing} --quick", 2, "does not exist"),
    ("race --stage {noapp}", 2, "holds no app/main.py"),
    ("migrate-db --stage {halfapp} --db {db_binary}", 2, "holds no app/main.py"),
    ("status {file}", 2, "is a file"),
    ("init {file}/ws", 2, "is not a directory"),
    ("workshop start {file}/ada", 2, "is not a directory"),
    ("workshop check {missing}", 2, "does not exist"),
    ("workshop check {file}", 2, "is a file"),
    ("workshop check {noapp}", 2, "holds no app/ directory"),
    ("workshop hint {missing}", 2, "does not exist"),
    ("workshop hint {plain}", 2, "holds no app/ directory"),
    ("workshop report {ws} {missing}", 2, "does not exist"),
    # not a workspace, or one with uncommitted edits
    ("apply {plain}", 2, "is not a git repository"),
    ("revert {plain}", 2, "is not a git repository"),
    ("status {repo_empty}", 2, "a git repository without commits"),
    ("apply {repo_other}", 2, "not a playbook workspace"),
    ("revert {repo_other}", 2, "not a playbook workspace"),
    ("apply {ws}/app", 2, "not a workspace root"),
    ("apply {ws_untracked}", 2, "has uncommitted edits"),
    ("apply {ws_staged} --to 1", 2, "has uncommitted edits"),
    ("apply {ws_modified} --dry-run", 2, "has uncommitted edits"),
    ("revert {ws_staged}", 2, "has uncommitted edits"),
    ("revert {ws_untracked} --to base", 2, "has uncommitted edits"),
    # wrong stage names
    ("verify Legacy", 2, "no such stage 'Legacy'"),
    ("race --stage step-1", 2, "no such stage 'step-1'"),
    ("race --stage ''", 2, "holds no app/main.py"),
    ("bench --stages legacy,Target --out {out}", 2, "no such stage 'Target'"),
    ("bench --stages , --out {out}", 2, "names no stage"),
    ("migrate-db --stage nope --db {db_binary}", 2, "no such stage 'nope'"),
    ("migrate-db --stage legacy --db {db_binary}", 2, "has no Alembic migrations"),
    # unreachable and malformed database URLs
    ("verify legacy --db " + UNREACHABLE, 2, "cannot reach database"),
    ("race --db postgresql://:notaport/x", 2, "is not a database URL"),
    ("race --db postgresql://nobody@no-such-host.invalid/x", 2, "cannot reach database"),
    ("bench --db garbage --out {out}", 2, "is not a database URL"),
    ("run --db sqlite:///{missing}/x.db --out {out}", 2, "does not exist"),
    ("workshop check {ws} --db mysql://root@localhost/x", 2, "unsupported database 'mysql'"),
    ("workshop hint {ws} --db " + UNREACHABLE, 2, "cannot reach database"),
    ("migrate-db --db {plain}", 2, "neither a database URL nor an existing SQLite file"),
    ("migrate-db --db sqlite:///{missing}.sqlite3", 2, "no SQLite database at"),
    ("migrate-db --db {db_binary}", 2, "it cannot be read: file is not a database"),
    ("migrate-db --db oracle://scott@localhost/x", 2, "unsupported database 'oracle'"),
    # outputs that cannot be written
    ("run --no-docs --out {file}/out", 2, "is not a directory"),
    ("bench --stages legacy --out {file}/out", 2, "is not a directory"),
    ("docs build --results {results_deep} --docs-dir {file}/d --site-dir {out}", 2, "not a dir"),
    # corrupted results for the docs
    ("docs build --results {results_truncated}", 2, "is not valid JSON"),
    ("docs build --results {results_list}", 2, "holds no JSON object"),
    ("docs build --results {results_other-schema}", 2, "expected 'playbook-run/1'"),
    ("docs build --results {results_wrong-shape}", 2, "results.stages: is string"),
    ("docs build --results {results_surrogate}", 2, "lone surrogate"),
    ("docs build --results {results_traversal}", 2, "results.stages[0].name"),
    ("docs build --results {results_by-verb-text}", 2, "by_verb.INSERT: is string"),
    ("docs build --results {results_import-triple}", 2, "imports[0]: has 3 items"),
    ("docs build --results {results_no-changes}", 2, "step: does not match any allowed form"),
    ("docs build --results {results_deep}", 2, "is not valid JSON"),
    ("docs build --results {results_empty}", 2, "is not valid JSON"),
    ("docs build --results {results_dir}", 2, "is a directory"),
    ("docs serve --results {results_truncated}", 2, "is not valid JSON"),
    ("docs serve --results {results_valid} --dev-addr nowhere", 2, "dev address 'nowhere'"),
    ("docs serve --results {missing}.json --dev-addr 127.0.0.1:99999", 2, "not in 1-65535"),
]
DOCS_COMMANDS = ("docs build", "docs serve")


def arguments(row: str, trees: dict[str, Path]) -> list[str]:
    """The row's words with {name} replaced by that tree's path; explicit docs and site
    directories inside the trees for docs commands, so nothing of the project is touched."""
    words = [word.format(**trees) for word in _split(row)]
    command = " ".join(words[:2])
    if command in DOCS_COMMANDS and "--docs-dir" not in words:
        words += ["--docs-dir", str(trees["out"] / "docs")]
    if command == "docs build" and "--site-dir" not in words:
        words += ["--site-dir", str(trees["out"] / "site")]
    return words


def _split(row: str) -> list[str]:
    return [("" if word == "''" else word) for word in row.split(" ")]


@pytest.mark.parametrize(("row", "code", "text"), ROWS, ids=[row for row, _, _ in ROWS])
def test_bad_input_is_one_line_and_writes_nothing(
    trees: dict[str, Path], row: str, code: int, text: str
) -> None:
    root = trees["file"].parent
    before = snapshot(root)

    result = CliRunner().invoke(playbook, arguments(row, trees))

    assert_refused(result, code, text)
    assert snapshot(root) == before


SUBPROCESS_ROWS = [
    ("race --db postgresql://[::1/x", 2, "is not a database URL"),
    ("init {file}/ws", 2, "is not a directory"),
    ("docs build --results {results_deep}", 2, "is not valid JSON"),
    ("apply {ws_modified}", 2, "has uncommitted edits"),
    ("bench --stages ,", 2, "names no stage"),
]


@pytest.mark.parametrize(
    ("row", "code", "text"), SUBPROCESS_ROWS, ids=[row for row, _, _ in SUBPROCESS_ROWS]
)
def test_the_installed_script_prints_the_same_one_line(
    trees: dict[str, Path], row: str, code: int, text: str
) -> None:
    assert PLAYBOOK.is_file(), f"{PLAYBOOK} is not installed: pip install -e ."
    root = trees["file"].parent
    before = snapshot(root)

    done = subprocess.run(
        [str(PLAYBOOK), *arguments(row, trees)],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=60,
    )

    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.splitlines()
    assert lines[-1].startswith("Error: ") and text in lines[-1], done.stderr
    assert len(lines) in (1, 4), done.stderr  # one line, or click's usage block
    assert snapshot(root) == before


def test_a_corrupted_workshop_state_is_read_as_no_state(tmp_path: Path) -> None:
    """.git/playbook-*.json edited by hand: the report and the hints carry on, without it."""
    learner = tmp_path / "ada"
    assert CliRunner().invoke(playbook, ["workshop", "start", str(learner)]).exit_code == 0
    (learner / ".git" / "playbook-workshop.json").write_text(
        json.dumps({"name": ["not", "a", "name"], "checks": [{"step_reached": "two"}, "junk"]})
    )
    (learner / ".git" / "playbook-hints.json").write_text(json.dumps({"given": 5}))

    report = CliRunner().invoke(playbook, ["workshop", "report", "--json", str(learner)])
    hint = CliRunner().invoke(playbook, ["workshop", "hint", str(learner), "--step", "1"])

    assert report.exit_code == 0 and report.exception is None, report.output
    [row] = json.loads(report.stdout)
    assert (row["name"], row["step_reached"], row["status"]) == ("ada", None, "never checked")
    assert hint.exit_code == 0 and hint.exception is None, hint.output
    assert "Hint 1 of 3" in hint.output
