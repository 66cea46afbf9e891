"""The `playbook` command line through click's runner."""

import click
from click.testing import CliRunner

from migration_steps.cli import PlaybookGroup, playbook
from migration_steps.errors import BadInputError


def test_version() -> None:
    result = CliRunner().invoke(playbook, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("playbook, version ")


def test_stages_lists_legacy_and_target() -> None:
    result = CliRunner().invoke(playbook, ["stages"])
    assert result.exit_code == 0
    names = [line.split("\t")[0] for line in result.output.splitlines()]
    assert names == ["legacy", "target"]


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(playbook, ["no-such-verb"])
    assert result.exit_code == 2
    assert "No such command 'no-such-verb'" in result.output


def test_a_playbook_error_becomes_one_line_and_its_exit_code() -> None:
    @click.group(cls=PlaybookGroup)
    def group() -> None:
        pass

    @group.command()
    def explode() -> None:
        raise BadInputError("no such stage 'x'\n(known: legacy, target)")

    result = CliRunner().invoke(group, ["explode"])
    assert result.exit_code == 2
    assert result.output == "Error: no such stage 'x' (known: legacy, target)\n"
