"""The workshop's pages: where they are, that their links resolve, and that the facilitator
guide quotes what the checker really prints for each common mistake."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from migration_steps.paths import project_root
from migration_steps.workshop.check import CheckOutcome
from migration_steps.workshop.render import render_check
from migration_steps.workshop.start import exercises_text

Checked = Callable[[str], CheckOutcome]
PAGES = ("index.md", "exercise-1.md", "exercise-2.md", "exercise-3.md", "facilitator.md")
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")

# (learner tree, a phrase the facilitator guide quotes from what the checker prints for it)
MISTAKES = (
    ("subscriber deleted, still imported", "Your app does not import, so no scenario could run."),
    ("subscriber deleted, still imported", "file:  app/main.py, line 14"),
    ("syntax error", "SyntaxError"),
    ("immediate save from memory", "agent-revert · loss: messages lost"),
    ("history still from the manager", "Step reached: 1 of 3"),
    ("history still from the manager", "router-switch · api: get_history(S1)"),
    ("history still from the manager", "why:      stale read"),
    (
        "history still from the manager",
        "persistence_subscriber.py is still there, though nothing runs it any more",
    ),
    (
        "manager cut from main.py only",
        "your code raised AttributeError: 'ChatHandler' object has no attribute '_session_manager'",
    ),
    ("append-only save re-inserts on close", "close-session · loss: messages duplicated"),
    ("a turn that never ends", "The scenarios did not finish (it was running"),
)


def page(name: str) -> str:
    return (project_root() / "docs" / "workshop" / name).read_text(encoding="utf-8")


def test_every_page_has_a_title_and_links_that_resolve() -> None:
    directory = project_root() / "docs" / "workshop"
    assert sorted(path.name for path in directory.glob("*.md")) == sorted(PAGES)
    for name in PAGES:
        text = page(name)
        assert text.startswith("# "), name
        for target in _LINK.findall(text):
            assert "://" not in target, f"{name} links outside the site: {target}"
            assert (directory / target).is_file(), f"{name}: {target} does not resolve"


@pytest.mark.parametrize(("tree", "phrase"), MISTAKES)
def test_the_guide_quotes_what_the_checker_prints(tree: str, phrase: str, checked: Checked) -> None:
    assert phrase in page("facilitator.md")
    assert phrase in render_check(checked(tree))


def test_the_guide_has_timings_a_checklist_and_the_debouncing_question() -> None:
    guide = page("facilitator.md")
    for heading in ("## Timings", "## Setup checklist (offline room)", "## Common mistakes"):
        assert heading in guide
    assert "When would debouncing be worth it?" in guide
    assert guide.count("- [ ]") >= 6


def test_each_exercise_has_a_goal_and_done_when_criteria() -> None:
    for number in (1, 2, 3):
        text = page(f"exercise-{number}.md")
        assert "## Goal" in text and "## Done when" in text
        assert f"Step reached: {number} of 3" in text
    learner_copy = exercises_text()
    assert all(f"## Exercise {n}" in learner_copy for n in (1, 2, 3))
