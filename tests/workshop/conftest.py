"""Learner trees checked once per test session: the suite runs take a few seconds each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from learner_trees import TREES

from migration_steps.workshop.check import CheckOutcome, check_tree
from migration_steps.workshop.suite import DEFAULT_TIMEOUT_SECONDS

Checked = Callable[[str], CheckOutcome]
HANGING = ("a turn that never ends",)
HANGING_TIMEOUT_SECONDS = 4.0


@pytest.fixture(scope="session")
def learner_tree(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    built: dict[str, Path] = {}

    def tree(name: str) -> Path:
        if name not in built:
            built[name] = TREES[name](tmp_path_factory.mktemp("learner") / "tree")
        return built[name]

    return tree


@pytest.fixture(scope="session")
def checked(learner_tree: Callable[[str], Path]) -> Checked:
    """The check of a learner tree named in TREES (or a path: "target"), on SQLite."""
    outcomes: dict[str, CheckOutcome] = {}

    def check(name: str) -> CheckOutcome:
        if name not in outcomes:
            root = learner_tree(name) if name in TREES else Path(name)
            timeout = HANGING_TIMEOUT_SECONDS if name in HANGING else DEFAULT_TIMEOUT_SECONDS
            outcomes[name] = check_tree(root, None, record=False, timeout=timeout)
        return outcomes[name]

    return check
