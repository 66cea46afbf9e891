"""Which stages `bench` measures and which one stands against legacy's debounced flush."""

import pytest

from migration_steps.bench.stages import default_stages, immediate_writer, select_stages
from migration_steps.errors import BadInputError
from migration_steps.paths import stage_roots


def test_default_is_every_main_route_stage_that_exists() -> None:
    stages = default_stages()
    assert stages[0] == "legacy"
    assert "step-1" in stages and "step-2" in stages
    assert "alt-verify" not in stages
    assert ("target" in stages) == (stage_roots()["target"] / "app" / "main.py").is_file()


def test_unknown_stage_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(BadInputError, match="no such stage 'nope' \\(known: legacy, step-1"):
        select_stages(["legacy", "nope"])


def test_requested_stages_keep_their_order_once_each() -> None:
    assert select_stages(["step-1", "legacy", "step-1"]) == ["step-1", "legacy"]


def test_the_append_only_stage_is_preferred_and_a_stand_in_is_said_so() -> None:
    assert immediate_writer(["legacy", "step-2", "step-3", "target"]) == ("target", None)
    assert immediate_writer(["legacy", "step-3"]) == ("step-3", None)
    name, note = immediate_writer(["legacy", "step-1", "step-2"])
    assert name == "step-2"
    assert "not an append" in note
    assert immediate_writer(["legacy"])[0] is None
