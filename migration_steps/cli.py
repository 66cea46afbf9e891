"""The `playbook` command line: parse, call a function of `commands`, print."""

import json
import sys
from pathlib import Path
from typing import Any

import click

from migration_steps import commands
from migration_steps.bench.render import render_bench
from migration_steps.characterization.render import render_verify
from migration_steps.database_migration.render import render_migration
from migration_steps.errors import ChecksFailed, PlaybookError
from migration_steps.race.render import render_race
from migration_steps.reliability.render import render_stress
from migration_steps.run.render import render_run_summary
from migration_steps.workshop.render import render_check
from migration_steps.workshop.render_hint import render_hint
from migration_steps.workshop.render_report import render_report
from migration_steps.workspace import render as workspace_render

PACKAGE_NAME = "persistence-migration-playbook"


class _ReportedError(click.ClickException):
    """A PlaybookError shown as click shows its own: `Error: <one line>` on stderr."""

    def __init__(self, error: PlaybookError) -> None:
        super().__init__(error.summary)
        self.exit_code = error.exit_code


class PlaybookGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlaybookError as error:
            raise _ReportedError(error) from error


@click.group(cls=PlaybookGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name=PACKAGE_NAME, prog_name="playbook")
def playbook() -> None:
    """Take a chat backend off its dual-write persistence, step by step, proving each step safe."""


@playbook.command("stages", hidden=True)
def stages_command() -> None:
    """List the known stages and where their trees are."""
    for listing in commands.list_stages():
        state = "" if listing.present else "  (not there yet)"
        click.echo(f"{listing.name}\t{listing.root}{state}")


DB_OPTION_HELP = (
    "Database server to create fresh databases on, e.g. postgresql://postgres@127.0.0.1/postgres "
    "(default: PLAYBOOK_DATABASE_URL, else SQLite files)."
)


@playbook.command("race")
@click.option("--stage", default="legacy", show_default=True, help="Stage name or tree path.")
@click.option("--db", metavar="URL", help=DB_OPTION_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def race_command(stage: str, db: str | None, as_json: bool) -> None:
    """Reproduce the lost updates of the dual write, each on a fresh database.

    Runs three scenarios with a manual clock (no real waiting): the analysis's own timeline
    (seed-timeline), an agent switch reverted from stale memory (agent-revert), and two instances
    on one database (two-instances). Prints who wrote what and when, and what was lost.
    """
    result = commands.race(stage, db)
    click.echo(json.dumps(result, indent=2, ensure_ascii=False) if as_json else render_race(result))


@playbook.command("migrate-db")
@click.option("--db", "db", required=True, metavar="URL|FILE", help="The database to upgrade.")
@click.option("--stage", default="target", show_default=True, help="Stage whose schema to reach.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def migrate_db_command(db: str, stage: str, as_json: bool) -> None:
    """Upgrade a legacy database in place to the target schema, keeping every row.

    Runs the target's Alembic revisions in one transaction (a failure leaves the database as it
    was), then compares row counts and a checksum of every message before and after. Running it
    again on an upgraded database changes nothing.
    """
    report = commands.migrate_db(db, stage)
    click.echo(json.dumps(report, indent=2) if as_json else render_migration(report))


@playbook.command("verify")
@click.argument("target", metavar="STAGE|PATH")
@click.option("--db", metavar="URL", help=DB_OPTION_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option(
    "--approve", is_flag=True, help="Re-record the golden transcripts (legacy, SQLite only)."
)
@click.option(
    "--writers",
    type=click.IntRange(min=1),
    default=commands.DEFAULT_WRITERS,
    show_default=True,
    help="Concurrent writers in the concurrent-writers scenario.",
)
def verify_command(target: str, db: str | None, as_json: bool, approve: bool, writers: int) -> None:
    """Characterize a stage: run every scenario and compare with legacy's golden transcripts.

    STAGE is legacy, step-1, step-2, ... (a step of the main route, built from legacy in a
    temporary workspace), target or alt-verify; PATH a tree holding app/. Every check of every
    scenario is same, intended (a change declared by the steps that made the stage: a
    workspace's applied steps, none for a plain tree) or a regression; exit 1 on a regression.
    """
    report = commands.verify(target, db, approve=approve, writers=writers, progress=not as_json)
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_verify(report))
    if report.failed:
        regressions = report.with_status("regression")
        scenario, check = regressions[0]
        raise ChecksFailed(
            f"{len(regressions)} regression(s) in stage {report.stage}, first: {scenario} · "
            f"{check.name}"
        )


@playbook.command("stress")
@click.argument("target", metavar="STAGE|PATH")
@click.option("--db", metavar="URL", help=DB_OPTION_HELP)
@click.option("--quick", is_flag=True, help="A short load and the faults only (seconds).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def stress_command(target: str, db: str | None, quick: bool, as_json: bool) -> None:
    """Count what a stage loses under load, a SIGKILL, injected faults and random use.

    STAGE|PATH as for verify. Each part on a fresh database, the stage in processes of its own:
    concurrent writers (2 processes on PostgreSQL, 2 instances on SQLite, × 50 writers × 20
    messages) with latency percentiles; a writer process killed with SIGKILL mid-load, then
    restarted; the database refusing each statement of a write in turn, and (PostgreSQL) the
    backend killed at each; observability subscribers that raise; a Hypothesis model check.
    Progress on stderr. Exit 1 when anything acknowledged was lost or doubled, a refused write
    was stored, an error was unclear, or the app stopped serving.
    """
    report = commands.stress(
        target,
        db,
        quick=quick,
        progress=(lambda _line: None) if as_json else (lambda line: click.echo(line, err=True)),
    )
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(render_stress(report))
    commands.require_stress_holds(report)


WORKSPACE_ARGUMENT = click.argument(
    "directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path)
)


def _echo_lines(lines: list[str], *, err: bool = False) -> None:
    for line in lines:
        click.echo(line, err=err)


@playbook.command("steps")
@click.option("--verbose", "-v", is_flag=True, help="Also print rationale, risk, time, changes.")
def steps_command(verbose: bool) -> None:
    """List the steps of every route, newest first, like `alembic history`."""
    _echo_lines(workspace_render.history_lines(commands.list_steps(), verbose=verbose))


@playbook.command("init")
@WORKSPACE_ARGUMENT
def init_command(directory: Path) -> None:
    """Make DIR a workspace: a git repository holding a copy of legacy, committed as the base."""
    status = commands.init_workspace(directory)
    click.echo(f"made workspace {status.root} from the legacy tree, at <base>")
    click.echo(f"next: playbook apply {directory}")


@playbook.command("status")
@WORKSPACE_ARGUMENT
@click.option("--check", is_flag=True, help="Exit 1 while steps of the route are pending.")
def status_command(directory: Path, check: bool) -> None:
    """Which step DIR is at (like `alembic current`), and whether it has uncommitted edits."""
    status = commands.workspace_status(directory)
    _echo_lines(workspace_render.status_lines(status))
    if check:
        commands.require_route_complete(status)


@playbook.command("apply")
@WORKSPACE_ARGUMENT
@click.option("--to", "to", metavar="STEP", help="Apply up to this step (e.g. 1, 2, 1b).")
@click.option("--route", metavar="ROUTE", help="Apply every step of this route (main, alt).")
@click.option("--dry-run", is_flag=True, help="Print the unified diff; change nothing.")
def apply_command(directory: Path, to: str | None, route: str | None, dry_run: bool) -> None:
    """Apply the next steps to DIR, one commit each (default: to the head of its route)."""
    report = commands.apply_steps(directory, to=to, route=route, dry_run=dry_run)
    if dry_run and report.diff:
        click.echo(report.diff, nl=False)
    _echo_lines(workspace_render.apply_lines(report), err=dry_run)


@playbook.command("revert")
@WORKSPACE_ARGUMENT
@click.option("--to", "to", metavar="STEP", help="Revert down to this step (0 or base: all).")
def revert_command(directory: Path, to: str | None) -> None:
    """Undo applied steps of DIR with revert commits (default: the last step)."""
    _echo_lines(workspace_render.revert_lines(commands.revert_steps(directory, to=to)))


@playbook.command("run")
@click.option("--db", metavar="URL", help=DB_OPTION_HELP)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=commands.DEFAULT_OUT,
    show_default=True,
    help="Where results.json goes.",
)
@click.option("--no-docs", is_flag=True, help="Do not build the docs site at the end.")
@click.option("--no-stress", is_flag=True, help="Skip the short load-and-faults run at each stage.")
def run_command(db: str | None, out: Path, no_docs: bool, no_stress: bool) -> None:
    """The main job: take legacy through every step, proving each stage.

    In a temporary workspace: verify legacy against the golden master, apply each step of the
    main route and verify after it, verify target, then the alternative route; race the
    lost-update scenarios and run a short `playbook stress --quick` at every stage. Writes
    OUT/results.json, then builds the docs site from it (as `playbook docs build`). Exit 1 when
    a stage regressed, or lost data under stress although it shows no loss among concurrent
    writers.
    """
    results = commands.run(
        db,
        out,
        docs=not no_docs,
        stress=not no_stress,
        progress=lambda line: click.echo(line, err=True),
    )
    click.echo(render_run_summary(results))
    click.echo(f"results: {out / 'results.json'}")
    commands.require_no_failed_stage(results)


def _stage_list(_ctx: click.Context, _param: click.Parameter, value: str | None) -> list[str]:
    names = [name.strip() for name in (value or "").split(",") if name.strip()]
    if value is not None and not names:
        raise click.BadParameter("names no stage; give e.g. legacy,step-1 or leave it out")
    return names


@playbook.command("bench")
@click.option(
    "--stages",
    metavar="NAMES",
    callback=_stage_list,
    help="Comma-separated stages, e.g. legacy,step-1,step-2 (default: every one that exists).",
)
@click.option("--db", metavar="URL", help=DB_OPTION_HELP)
@click.option("--quick", is_flag=True, help="Fewer repetitions: under a minute on SQLite.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=commands.DEFAULT_OUT,
    show_default=True,
    help="Where bench.json goes.",
)
def bench_command(stages: list[str], db: str | None, quick: bool, as_json: bool, out: Path) -> None:
    """Measure what each stage costs the database, side by side, in one run.

    Each stage in its own process: statements and rows per message, throughput and latency
    against a bare-driver bound, cost growth with conversation length, table churn; then
    legacy's debounced flush against the immediate writer at simulated arrival rates.
    Progress on stderr; results in OUT/bench.json. Exit 1 when a stage could not be measured.
    """
    result = commands.bench(
        stages, db, quick=quick, out=out, progress=lambda line: click.echo(line, err=True)
    )
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        click.echo(render_bench(result))
        click.echo(f"results: {out / 'bench.json'}")
    failed = [name for name, stage in result["stages"].items() if "error" in stage]
    if failed:
        raise ChecksFailed(f"stages that could not be measured: {', '.join(failed)}")


@playbook.group("docs")
def docs_group() -> None:
    """The docs site: pages rendered from a run's results, built with mkdocs-material."""


RESULTS_OPTION = click.option(
    "--results",
    type=click.Path(dir_okay=False, path_type=Path),
    default=commands.DEFAULT_RESULTS,
    show_default=True,
    help="The results.json of `playbook run`.",
)


DOCS_DIR_OPTION = click.option(
    "--docs-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the pages are assembled (default: docs/ of the project, generated pages in "
    "docs/generated/); another directory gets a copy of the hand-written pages.",
)


@docs_group.command("build")
@RESULTS_OPTION
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the site goes (default: site/ of the project).",
)
@DOCS_DIR_OPTION
def docs_build_command(results: Path, site_dir: Path | None, docs_dir: Path | None) -> None:
    """Render the pages from RESULTS, then `mkdocs build --strict` the site.

    Exit 2 when the results file is missing or not a playbook-run/1 file, 1 when mkdocs warns
    (a link that does not resolve, …). The site works offline: serve it with `docs serve`.
    """
    built = commands.build_docs(results, docs_dir=docs_dir, site_dir=site_dir)
    click.echo(
        f"{len(built.pages)} pages from {built.results} into {built.generated_dir} "
        f"({built.render_seconds:g} s), mkdocs build --strict ({built.mkdocs_seconds:g} s)"
    )
    click.echo(f"site: {built.site_dir}")


@docs_group.command("serve")
@RESULTS_OPTION
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    help="Address to serve on.",
)
@DOCS_DIR_OPTION
def docs_serve_command(results: Path, dev_addr: str, docs_dir: Path | None) -> None:
    """Serve the site locally, reloading as pages change; Ctrl-C stops.

    Regenerates the pages from RESULTS first when that file exists, else serves the pages the
    last build generated (exit 2 when there are none).
    """
    commands.serve_docs(results, dev_addr=dev_addr, docs_dir=docs_dir)


@playbook.group("workshop")
def workshop_group() -> None:
    """Workshop mode: learners refactor by hand; the characterization suite checks and coaches."""


@workshop_group.command("start")
@WORKSPACE_ARGUMENT
@click.option("--name", metavar="NAME", help="The learner's name (default: DIR's name).")
def workshop_start_command(directory: Path, name: str | None) -> None:
    """Make DIR a learner's workspace: legacy, WORKSHOP.md (the exercises), one git commit."""
    started = commands.workshop_start(directory, name)
    click.echo(f"workspace for {started['name']}: {started['root']}")
    click.echo(f"exercises: {Path(started['root']) / 'WORKSHOP.md'}")
    click.echo(f"check your progress with: playbook workshop check {directory}")


@workshop_group.command("check")
@WORKSPACE_ARGUMENT
@click.option("--db", metavar="URL", help=DB_OPTION_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option(
    "--expect",
    type=click.IntRange(min=0, max=3),
    metavar="STEP",
    help="Exit 1 unless this step is reached.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    metavar="SECONDS",
    default=commands.DEFAULT_TIMEOUT_SECONDS,
    show_default=True,
    help="Seconds the scenarios may take before the check gives up.",
)
def workshop_check_command(
    directory: Path, db: str | None, as_json: bool, expect: int | None, timeout: float
) -> None:
    """Which step the learner's tree in DIR has reached, decided by behaviour.

    Runs every characterization scenario on the tree (in its own process, on a fresh database)
    and says which step's goals hold, what still fails and why (scenario, expected, observed),
    and what to try next. Any correct refactoring counts. Never changes the tree. Exit 1 when
    the tree does not run, behaves differently from legacy where no step says it should, or
    has not reached --expect.
    """
    outcome = commands.workshop_check(directory, db, timeout=timeout)
    if as_json:
        click.echo(json.dumps(outcome.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_check(outcome))
    commands.require_workshop_progress(outcome, expect)


@workshop_group.command("hint")
@WORKSPACE_ARGUMENT
@click.option("--db", metavar="URL", help=DB_OPTION_HELP)
@click.option("--step", type=click.Choice(["1", "2", "3"]), help="Hints for this step instead.")
def workshop_hint_command(directory: Path, db: str | None, step: str | None) -> None:
    """The next hint for the step the learner in DIR is on: a nudge, then where to look, then
    the concrete change. Checks the tree first if it changed since its last check."""
    click.echo(render_hint(commands.workshop_hint(directory, db, step=step)))


@workshop_group.command("report")
@click.argument(
    "directories",
    metavar="DIR...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def workshop_report_command(directories: tuple[Path, ...], as_json: bool) -> None:
    """One table of the learners' progress in DIR...: name, step reached, failing checks, hints
    used, last check. Reads what their checks stored; runs nothing."""
    rows = commands.workshop_report(directories)
    if as_json:
        click.echo(json.dumps([row.as_json() for row in rows], indent=2, ensure_ascii=False))
    else:
        click.echo(render_report(rows))


def main() -> None:
    try:
        playbook(prog_name="playbook")
    except PlaybookError as error:  # raised outside a subcommand, e.g. by a group option
        click.echo(f"Error: {error.summary}", err=True)
        sys.exit(error.exit_code)
