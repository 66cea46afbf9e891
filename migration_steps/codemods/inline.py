"""A codemod that folds `x = <read>` straight into the `return` that follows and is its only use."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext

from migration_steps.codemods.base import PlaybookCodemod
from migration_steps.codemods.nodes import assigned_name, count_name, single_statement

# Expressions that bind tighter than anything they can be put into: safe to substitute for a name.
_ATOMIC = m.Name() | m.Attribute() | m.Call() | m.Subscript()


class InlineReturnedLocal(PlaybookCodemod):
    DESCRIPTION = (
        "in `{class_name}`, fold a local assigned just before `return` into the return "
        "when that is its only use (`x = read(); return f(x)` -> `return f(read())`)"
    )

    def __init__(self, context: CodemodContext, class_name: str) -> None:
        super().__init__(context)
        self.class_name = class_name
        self._classes: list[str] = []

    def nothing_to_do(self) -> str:
        return f"no method of `{self.class_name}` returns a local it has just assigned"

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._classes.append(node.name.value)

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        self._classes.pop()
        return updated_node

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        block = updated_node.body
        if not self._classes or self._classes[-1] != self.class_name:
            return updated_node
        if not isinstance(block, cst.IndentedBlock) or len(block.body) < 2:
            return updated_node
        assignment, final = block.body[-2], block.body[-1]
        name = assigned_name(assignment)
        returned = single_statement(final)
        if name is None or not isinstance(returned, cst.Return) or returned.value is None:
            return updated_node
        value = single_statement(assignment).value  # type: ignore[union-attr]
        if not m.matches(value, _ATOMIC) or isinstance(value, cst.Name):
            return updated_node
        if count_name(returned, name) != 1:
            return updated_node
        if count_name(updated_node, name) != 2:
            return updated_node
        new_return = returned.with_changes(
            value=returned.value.visit(_Substitute(name, value))  # type: ignore[arg-type]
        )
        new_final = final.with_changes(body=[new_return], leading_lines=assignment.leading_lines)
        self.edited()
        return updated_node.with_changes(
            body=block.with_changes(body=[*block.body[:-2], new_final])
        )


class _Substitute(cst.CSTTransformer):
    def __init__(self, name: str, value: cst.BaseExpression) -> None:
        super().__init__()
        self.name = name
        self.value = value

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        return True

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.Attribute:
        return updated_node.with_changes(attr=original_node.attr)

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        return updated_node.with_changes(keyword=original_node.keyword)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self.value if updated_node.value == self.name else updated_node
