"""The steps and their routes, found in `migration_steps.steps.versions` like Alembic revisions.

Each module there declares `step_id`, `previous_step`, `route`, `metadata` and `plan(tree)`;
adding a step is adding a module. Every route is one chain: its first step follows the base
("0") or a step of another route, each next step follows the one before.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from migration_steps.steps import versions
from migration_steps.steps.model import BASE, IntendedChange, Step, StepMetadata

MAIN_ROUTE = "main"


class CatalogueError(Exception):
    """The step modules do not form valid routes (a programming error, not a user's)."""


@dataclass(frozen=True)
class Catalogue:
    steps: tuple[Step, ...]

    def get(self, step_id: str) -> Step | None:
        return next((step for step in self.steps if step.step_id == step_id), None)

    def route_names(self) -> list[str]:
        names = {step.route for step in self.steps}
        return sorted(names, key=lambda name: (name != MAIN_ROUTE, name))

    def route(self, name: str) -> list[Step]:
        """The route's steps in order, from its first step to its head."""
        members = {step.step_id: step for step in self.steps if step.route == name}
        following = {step.previous_step: step for step in members.values()}
        firsts = [step for step in members.values() if step.previous_step not in members]
        if len(firsts) != 1 or len(following) != len(members):
            raise CatalogueError(f"route {name!r} is not one chain of steps")
        chain = [firsts[0]]
        while chain[-1].step_id in following:
            chain.append(following[chain[-1].step_id])
        return chain

    def intended_changes(self, step_ids: Iterable[str]) -> list[IntendedChange]:
        """Every behaviour change the given steps declare, in step order (for `verify`)."""
        changes: list[IntendedChange] = []
        for step_id in step_ids:
            step = self.get(step_id)
            if step is None:
                raise CatalogueError(f"no step {step_id!r}")
            changes.extend(step.metadata.intended_changes)
        return changes

    def lineage(self, step_id: str) -> list[Step]:
        """Every step from the base up to `step_id`, across routes, in order."""
        chain: list[Step] = []
        current = self.get(step_id)
        while current is not None:
            chain.append(current)
            current = self.get(current.previous_step)
        return chain[::-1]


def _step_of(module: ModuleType) -> Step:
    missing = [
        name
        for name in ("step_id", "previous_step", "route", "metadata", "plan", "apply")
        if not hasattr(module, name)
    ]
    if missing:
        raise CatalogueError(f"{module.__name__} lacks {', '.join(missing)}")
    if not isinstance(module.metadata, StepMetadata):
        raise CatalogueError(f"{module.__name__}.metadata is not a StepMetadata")
    return Step(
        step_id=module.step_id,
        previous_step=module.previous_step,
        route=module.route,
        metadata=module.metadata,
        module=module.__name__,
        planner=module.plan,
    )


def build_catalogue(modules: Iterable[ModuleType]) -> Catalogue:
    steps = tuple(_step_of(module) for module in modules)
    ids = [step.step_id for step in steps]
    if BASE in ids or len(set(ids)) != len(ids):
        raise CatalogueError(f"step ids must be unique and not {BASE!r}: {ids}")
    catalogue = Catalogue(steps)
    for step in steps:
        if step.previous_step != BASE and catalogue.get(step.previous_step) is None:
            raise CatalogueError(f"step {step.step_id} follows unknown step {step.previous_step}")
    for name in catalogue.route_names():
        catalogue.route(name)
    return catalogue


@cache
def catalogue() -> Catalogue:
    modules = [
        importlib.import_module(f"{versions.__name__}.{info.name}")
        for info in pkgutil.iter_modules(versions.__path__)
    ]
    return build_catalogue(modules)
