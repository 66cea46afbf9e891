"""Small helpers over LibCST nodes that several codemods need."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import libcst as cst

Element = TypeVar("Element", cst.Element, cst.Arg, cst.Param)


def root_name(node: cst.BaseExpression) -> str | None:
    """`a` for `a`, `a.b` and `a.b.c`; None for anything else."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def refers_to(node: cst.BaseExpression, name: str) -> bool:
    """Whether `node` is `name` itself or an attribute reached from it (`name.shutdown`)."""
    return root_name(node) == name


def count_name(node: cst.CSTNode, name: str) -> int:
    """How often the variable `name` occurs in `node` (not as `x.name` nor as `f(name=...)`)."""
    counter = _NameCounter(name)
    node.visit(counter)
    return counter.count


def uses_name(node: cst.CSTNode, name: str) -> bool:
    return count_name(node, name) > 0


class _NameCounter(cst.CSTVisitor):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.count = 0

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == self.name:
            self.count += 1


def drop_statements(
    original: Sequence[cst.BaseStatement],
    updated: Sequence[cst.BaseStatement],
    should_drop: Callable[[cst.BaseStatement], bool],
) -> tuple[list[cst.BaseStatement], list[cst.BaseStatement]]:
    """Split a block into the kept (updated) statements and the dropped (original) ones.

    `should_drop` sees the original statements: import clean-up needs the nodes that scope
    analysis saw. A dropped statement's leading blank lines go to the next kept one when that
    has none, so the paragraphs of the code stay as they were.
    """
    if len(original) != len(updated):
        raise ValueError("the original and updated blocks do not line up")
    kept: list[cst.BaseStatement] = []
    dropped: list[cst.BaseStatement] = []
    carried: Sequence[cst.EmptyLine] = ()
    for before, statement in zip(original, updated, strict=True):
        if should_drop(before):
            dropped.append(before)
            if not carried:
                carried = _leading_lines(statement)
            continue
        if carried and not _leading_lines(statement):
            statement = statement.with_changes(leading_lines=carried)
        carried = ()
        kept.append(statement)
    return kept, dropped


def _leading_lines(statement: cst.BaseStatement) -> Sequence[cst.EmptyLine]:
    return getattr(statement, "leading_lines", ())


def drop_elements(
    elements: Sequence[Element], should_drop: Callable[[Element], bool]
) -> tuple[list[Element], int]:
    """Remove elements of a comma-separated list, keeping the comma style of its last element."""
    kept = [element for element in elements if not should_drop(element)]
    removed = len(elements) - len(kept)
    if removed and kept and should_drop(elements[-1]):
        # The new last element takes over what closed the list: comma and closing whitespace.
        closing = {
            name: getattr(elements[-1], name)
            for name in ("comma", "whitespace_after_arg", "whitespace_after_param")
            if hasattr(elements[-1], name)
        }
        kept[-1] = kept[-1].with_changes(**closing)
    return kept, removed


def single_statement(statement: cst.BaseStatement) -> cst.BaseSmallStatement | None:
    """The one small statement of a simple line (`x = 1`), or None."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        return statement.body[0]
    return None


def assigned_name(statement: cst.BaseStatement) -> str | None:
    """`x` for a line `x = ...` or `x: T = ...`; None otherwise."""
    small = single_statement(statement)
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        return target.value if isinstance(target, cst.Name) else None
    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
        return small.target.value
    return None


def called_method_root(statement: cst.BaseStatement) -> str | None:
    """`x` for a line `x.method(...)` or `await x.method(...)`; None otherwise."""
    small = single_statement(statement)
    if not isinstance(small, cst.Expr):
        return None
    value = small.value.expression if isinstance(small.value, cst.Await) else small.value
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
        return root_name(value.func)
    return None


def docstring_of(body: Sequence[cst.BaseStatement]) -> cst.SimpleString | None:
    first = single_statement(body[0]) if body else None
    if isinstance(first, cst.Expr) and isinstance(first.value, cst.SimpleString):
        return first.value
    return None
