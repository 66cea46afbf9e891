"""The `playbook` command line: parse, call a function of `commands`, print."""

import json
import sys
from typing import Any

import click

from migration_steps import commands
from migration_steps.errors import PlaybookError
from migration_steps.race.render import render_race

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


def main() -> None:
    try:
        playbook(prog_name="playbook")
    except PlaybookError as error:  # raised outside a subcommand, e.g. by a group option
        click.echo(f"Error: {error.summary}", err=True)
        sys.exit(error.exit_code)
