"""What every codemod shares: descriptions, outcomes, and blank lines kept by import clean-up."""

import libcst as cst

from migration_steps.codemods import Changed, codemod
from migration_steps.codemods.base import keep_blank_lines
from migration_steps.codemods.components import RemoveComponent


def test_the_description_names_the_parameters() -> None:
    spec = codemod(RemoveComponent, variable="persistence_subscriber")
    assert "`persistence_subscriber`" in spec.description


def test_a_removed_import_line_hands_its_blank_lines_on() -> None:
    before = cst.parse_module("from __future__ import annotations\n\nimport os\nimport sys\n")
    after = cst.parse_module("from __future__ import annotations\nimport sys\n")
    kept = keep_blank_lines(before, after)
    assert kept.code == "from __future__ import annotations\n\nimport sys\n"


def test_a_shortened_import_line_keeps_its_own_lines() -> None:
    before = cst.parse_module("import a\n\nfrom b import c, d\nx = 1\n")
    after = cst.parse_module("import a\n\nfrom b import c\nx = 1\n")
    assert keep_blank_lines(before, after).code == after.code


def test_newlines_of_the_source_are_kept() -> None:
    source = "def f():\r\n    x = X()\r\n    x.go()\r\n    return 1\r\n"
    outcome = codemod(RemoveComponent, variable="x").run(source)
    assert outcome == Changed("def f():\r\n    return 1\r\n")
