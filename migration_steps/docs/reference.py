"""Reference content generated from the code itself: click's help, the step catalogue."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import click

HELP_WIDTH = 88


@dataclass(frozen=True)
class CommandHelp:
    name: str  # "playbook docs build"
    summary: str
    help: str


def cli_reference(group: click.Group | None = None) -> list[CommandHelp]:
    """The help of `playbook` and of every visible command under it, as click prints it."""
    if group is None:
        from migration_steps.cli import playbook

        group = playbook
    found: list[CommandHelp] = []
    _walk(group, "playbook", None, found)
    return found


def _walk(
    command: click.Command, name: str, parent: click.Context | None, found: list[CommandHelp]
) -> None:
    context = click.Context(
        command, info_name=name.rsplit(" ", 1)[-1], parent=parent, terminal_width=HELP_WIDTH
    )
    context.max_content_width = HELP_WIDTH
    found.append(
        CommandHelp(name, command.get_short_help_str(limit=200), command.get_help(context))
    )
    if isinstance(command, click.Group):
        for sub_name in command.list_commands(context):
            sub = command.get_command(context, sub_name)
            if sub is not None and not sub.hidden:
                _walk(sub, f"{name} {sub_name}", context, found)


def step_catalogue() -> list[dict[str, Any]]:
    """Every route and its steps in order, with the metadata each step module declares."""
    from migration_steps.steps.catalogue import catalogue

    steps = catalogue()
    return [
        {
            "route": route,
            "steps": [
                {
                    "id": step.step_id,
                    "previous": step.previous_step,
                    "module": step.module,
                    **asdict(step.metadata),
                }
                for step in steps.route(route)
            ],
        }
        for route in steps.route_names()
    ]
