"""What every codemod of the playbook shares: a description, a skip reason, and one way to run it.

A codemod is a LibCST `VisitorBasedCodemodCommand` with a `DESCRIPTION`. It counts its edits;
one that finds nothing to do skips with a reason (so applying it twice changes nothing), and one
that finds the code in a shape it must not touch raises `CannotTransform`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import libcst as cst
from libcst.codemod import (
    Codemod,
    CodemodContext,
    SkipFile,
    TransformFailure,
    TransformSkip,
    TransformSuccess,
    VisitorBasedCodemodCommand,
    transform_module,
)
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor


class CannotTransform(Exception):
    """The code is not in a shape this codemod may change (hand-edited, or ambiguous)."""


class PlaybookCodemod(VisitorBasedCodemodCommand):
    DESCRIPTION: ClassVar[str] = "No description."

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)
        self.edits = 0

    def nothing_to_do(self) -> str:
        """Why a run that changed nothing skipped; subclasses name what they looked for."""
        return "nothing to change"

    def edited(self) -> None:
        self.edits += 1

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        transformed = super().transform_module_impl(tree)
        if not self.edits:
            raise SkipFile(self.nothing_to_do())
        return transformed

    def transform_module(self, tree: cst.Module) -> cst.Module:
        # CodemodCommand.transform_module, except that an import line removed for being unused
        # hands its blank lines on, so the blank line between import sections survives.
        tree = Codemod.transform_module(self, tree)
        if AddImportsVisitor.CONTEXT_KEY in self.context.scratch:
            tree = AddImportsVisitor(self.context).transform_module(tree)
        if RemoveImportsVisitor.CONTEXT_KEY in self.context.scratch:
            pruned = RemoveImportsVisitor(self.context).transform_module(tree)
            tree = keep_blank_lines(tree, pruned)
        return tree


@dataclass(frozen=True)
class Changed:
    code: str


@dataclass(frozen=True)
class Skipped:
    reason: str


@dataclass(frozen=True)
class Failed:
    reason: str


CodemodOutcome = Changed | Skipped | Failed


@dataclass(frozen=True)
class CodemodSpec:
    """A codemod class with its parameters, ready to run on any source."""

    codemod: type[PlaybookCodemod]
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def description(self) -> str:
        return self.codemod.DESCRIPTION.format(**self.params)

    def run(self, source: str) -> CodemodOutcome:
        return run_codemod(self, source)


def codemod(cls: type[PlaybookCodemod], **params: Any) -> CodemodSpec:
    return CodemodSpec(cls, params)


def run_codemod(spec: CodemodSpec, source: str) -> CodemodOutcome:
    """Run one codemod on `source`; never raises."""
    instance = spec.codemod(CodemodContext(), **spec.params)
    result = transform_module(instance, source)
    if isinstance(result, TransformSuccess):
        return Changed(result.code)
    if isinstance(result, TransformSkip):
        return Skipped(result.skip_description)
    if isinstance(result, TransformFailure):
        return Failed(_one_line(result.error))
    return Failed("interrupted")


def _one_line(error: Exception) -> str:
    text = " ".join(str(error).split())
    if isinstance(error, CannotTransform):
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def keep_blank_lines(before: cst.Module, after: cst.Module) -> cst.Module:
    """Give the leading lines of top-level lines dropped from `before` to the next survivor.

    `after` is `before` with some import lines removed or shortened, every other line equal.
    """
    body = list(after.body)
    position = 0
    carried: Sequence[cst.EmptyLine] = ()
    for statement in before.body:
        survivor = body[position] if position < len(body) else None
        if survivor is not None and _same_line(statement, survivor):
            if carried and not survivor.leading_lines:
                body[position] = survivor.with_changes(leading_lines=carried)
            carried = ()
            position += 1
        elif not carried:
            carried = statement.leading_lines
    return after.with_changes(body=body)


def _same_line(before: cst.BaseStatement, after: cst.BaseStatement) -> bool:
    """Whether `after` is `before`, or `before` with some of its imported names dropped."""
    if before.deep_equals(after):
        return True
    if not (
        isinstance(before, cst.SimpleStatementLine) and isinstance(after, cst.SimpleStatementLine)
    ):
        return False
    if len(before.body) != 1 or len(after.body) != 1:
        return False
    old, new = before.body[0], after.body[0]
    if isinstance(old, cst.ImportFrom) and isinstance(new, cst.ImportFrom):
        same_module = (
            old.module is not None and new.module is not None and old.module.deep_equals(new.module)
        )
        return same_module and _imported(new) <= _imported(old)
    if isinstance(old, cst.Import) and isinstance(new, cst.Import):
        return _imported(new) <= _imported(old)
    return False


def _imported(node: cst.Import | cst.ImportFrom) -> set[str]:
    if isinstance(node.names, cst.ImportStar):
        return {"*"}
    return {alias.evaluated_name for alias in node.names}
