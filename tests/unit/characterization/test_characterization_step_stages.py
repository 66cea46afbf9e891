"""Stage names come from the step catalogue: a new step module adds its stage, no list to edit."""

from types import ModuleType

import pytest

from migration_steps.characterization import stages
from migration_steps.characterization.step_stages import StepStage, step_stages
from migration_steps.errors import BadInputError
from migration_steps.steps.catalogue import build_catalogue, catalogue
from migration_steps.steps.model import StepMetadata, StepPlan


def fake_step(step_id: str, previous: str, route: str = "main") -> ModuleType:
    module = ModuleType(f"fake_step_{step_id}")
    module.step_id, module.previous_step, module.route = step_id, previous, route
    module.metadata = StepMetadata(f"step {step_id}", "why", "low", "1 hour")
    module.plan = lambda tree: StepPlan(step_id, ())
    module.apply = lambda workspace: None
    return module


def test_each_step_makes_a_stage_main_route_first() -> None:
    steps = build_catalogue(
        [
            fake_step("1b", "0", "alt"),
            fake_step("1", "0"),
            fake_step("2", "1"),
            fake_step("3", "2"),
            fake_step("x1", "1", "experiment"),
        ]
    )
    assert step_stages(steps) == [
        StepStage("step-1", "1", "main"),
        StepStage("step-2", "2", "main"),
        StepStage("step-3", "3", "main"),
        StepStage("alt-verify", "1b", "alt"),
        StepStage("experiment-x1", "x1", "experiment"),
    ]


def test_the_known_stages_of_this_playbook() -> None:
    main = [f"step-{step.step_id}" for step in catalogue().route("main")]
    assert stages.known_stage_names() == ["legacy", *main, "target", "alt-verify"]


def test_a_stage_is_verified_with_its_lineages_changes() -> None:
    steps = catalogue()
    step_1 = steps.get("1").metadata.intended_changes
    step_2 = steps.get("2").metadata.intended_changes
    assert stages.intended_changes_for("legacy") == ()
    assert stages.intended_changes_for("step-1") == step_1
    assert stages.intended_changes_for("step-2") == step_1 + step_2
    assert stages.intended_changes_for("alt-verify") == steps.get("1b").metadata.intended_changes
    main = tuple(steps.intended_changes(s.step_id for s in steps.route("main")))
    assert stages.intended_changes_for("target") == main


def test_an_unknown_stage_is_refused_with_the_known_ones() -> None:
    with pytest.raises(BadInputError) as error, stages.stage_to_verify("step-9"):
        pass
    assert "no such stage 'step-9'" in error.value.summary
    assert "legacy, step-1, step-2" in error.value.summary
    assert "alt-verify" in error.value.summary


def test_a_plain_tree_declares_nothing(tmp_path) -> None:
    assert stages.applied_changes(tmp_path) == ()
