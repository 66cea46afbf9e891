"""AddImport and ReplaceModuleDocstring: source in, source out."""

import pytest

from migration_steps.codemods import Changed, CodemodSpec, Failed, Skipped, codemod
from migration_steps.codemods.docstrings import ReplaceModuleDocstring
from migration_steps.codemods.imports import AddImport

IMPORTS = '''\
"""Wiring."""

from __future__ import annotations

import os

from app.audit import AuditLogger
from app.metrics import MetricsCollector

VALUE = os.sep
'''

TABLE = [
    pytest.param(
        codemod(AddImport, module="app.checker", name="Checker"),
        IMPORTS,
        IMPORTS.replace("from app.metrics", "from app.checker import Checker\nfrom app.metrics"),
        id="sorted-place-in-its-section",
    ),
    pytest.param(
        codemod(AddImport, module="app.aaa", name="First"),
        IMPORTS,
        IMPORTS.replace(
            "import os\n\nfrom app.audit", "import os\n\nfrom app.aaa import First\nfrom app.audit"
        ),
        id="first-of-its-section-keeps-the-blank-line-above",
    ),
    pytest.param(
        codemod(AddImport, module="app.zzz", name="Last"),
        IMPORTS,
        IMPORTS.replace(
            "from app.metrics import MetricsCollector\n",
            "from app.metrics import MetricsCollector\nfrom app.zzz import Last\n",
        ),
        id="last-of-its-section",
    ),
    pytest.param(
        codemod(ReplaceModuleDocstring, text="Wiring of one instance."),
        IMPORTS,
        IMPORTS.replace('"""Wiring."""', '"""Wiring of one instance."""'),
        id="docstring",
    ),
]


def run(spec: CodemodSpec, source: str) -> str:
    outcome = spec.run(source)
    assert isinstance(outcome, Changed), outcome
    return outcome.code


@pytest.mark.parametrize(("spec", "before", "after"), TABLE)
def test_before_after(spec: CodemodSpec, before: str, after: str) -> None:
    assert run(spec, before) == after


@pytest.mark.parametrize(("spec", "before", "after"), TABLE)
def test_applying_twice_skips_with_a_reason(spec: CodemodSpec, before: str, after: str) -> None:
    second = spec.run(run(spec, before))
    assert isinstance(second, Skipped)
    assert "already" in second.reason


def test_a_module_without_docstring_is_refused() -> None:
    outcome = codemod(ReplaceModuleDocstring, text="x").run("import os\n")
    assert outcome == Failed("the module has no docstring to replace")


def test_an_import_into_a_module_without_imports_goes_first() -> None:
    assert run(codemod(AddImport, module="app.a", name="A"), "x = A\n") == (
        "from app.a import A\nx = A\n"
    )
