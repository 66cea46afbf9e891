"""The catalogue: routes found from the step modules, like Alembic's revision graph."""

from types import ModuleType

import pytest

from migration_steps.steps.catalogue import CatalogueError, build_catalogue, catalogue
from migration_steps.steps.model import StepMetadata, StepPlan
from migration_steps.steps.tree import SourceTree


def fake_step(step_id: str, previous: str, route: str = "main") -> ModuleType:
    module = ModuleType(f"fake_step_{step_id}")
    module.step_id = step_id
    module.previous_step = previous
    module.route = route
    module.metadata = StepMetadata(f"step {step_id}", "why", "low", "1 hour")

    def plan(tree: SourceTree) -> StepPlan:
        return StepPlan(step_id, ())

    module.plan = plan
    module.apply = lambda workspace: None
    return module


def test_the_routes_of_the_playbook() -> None:
    steps = catalogue()
    assert steps.route_names() == ["main", "alt"]
    assert [step.step_id for step in steps.route("main")] == ["1", "2", "3"]
    assert [step.step_id for step in steps.route("alt")] == ["1b"]
    assert steps.get("1").title == "remove PersistenceSubscriber"
    assert steps.get("2").previous_step == "1"
    assert steps.get("3").previous_step == "2"


def test_every_step_declares_its_metadata() -> None:
    for step in catalogue().steps:
        meta = step.metadata
        assert meta.title and meta.rationale and meta.risk and meta.time_estimate
        assert meta.intended_changes, step.step_id


def test_adding_a_step_is_adding_one_module() -> None:
    modules = [fake_step("1", "0"), fake_step("2", "1"), fake_step("1b", "0", "alt")]
    with_three = build_catalogue([*modules, fake_step("3", "2")])
    assert [step.step_id for step in with_three.route("main")] == ["1", "2", "3"]
    assert [step.step_id for step in with_three.lineage("3")] == ["1", "2", "3"]


def test_a_route_may_branch_off_another() -> None:
    steps = build_catalogue([fake_step("1", "0"), fake_step("2", "1"), fake_step("2b", "1", "x")])
    assert [step.step_id for step in steps.lineage("2b")] == ["1", "2b"]
    assert [step.step_id for step in steps.route("x")] == ["2b"]


@pytest.mark.parametrize(
    ("modules", "message"),
    [
        ([fake_step("1", "0"), fake_step("1", "0")], "unique"),
        ([fake_step("1", "7")], "unknown step 7"),
        ([fake_step("1", "0"), fake_step("2", "0")], "not one chain"),
    ],
)
def test_broken_routes_are_caught(modules: list[ModuleType], message: str) -> None:
    with pytest.raises(CatalogueError, match=message):
        build_catalogue(modules)


def test_a_module_without_plan_is_caught() -> None:
    module = fake_step("1", "0")
    del module.plan
    with pytest.raises(CatalogueError, match="lacks plan"):
        build_catalogue([module])


def test_intended_changes_of_applied_steps_for_verify() -> None:
    steps = catalogue()
    changes = steps.intended_changes(["1", "2"])
    assert len(changes) == len(steps.get("1").metadata.intended_changes) + len(
        steps.get("2").metadata.intended_changes
    )
    assert {change.scenario for change in changes} >= {"seed-timeline", "agent-revert"}
