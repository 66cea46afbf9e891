"""The `playbook` command line: parse, call a function of `commands`, print."""

import json
import sys
from pathlib import Path
from typing import Any

import click

from migration_steps import commands
from migration_steps.characterization.render import render_verify
from migration_steps.database_migration.render import render_migration
from migration_steps.errors import ChecksFailed, PlaybookError
from migration_steps.race.render import render_race
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

    STAGE is legacy or target, PATH a tree holding app/ (a workspace). Every check of every
    scenario is same, intended (declared by a step) or a regression; exit 1 on a regression.
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


def main() -> None:
    try:
        playbook(prog_name="playbook")
    except PlaybookError as error:  # raised outside a subcommand, e.g. by a group option
        click.echo(f"Error: {error.summary}", err=True)
        sys.exit(error.exit_code)
