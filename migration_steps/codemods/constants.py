"""Codemods for a module's top-level names: give a constant a new value, rename a function."""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext

from migration_steps.codemods.base import CannotTransform, PlaybookCodemod
from migration_steps.codemods.nodes import assigned_name, single_statement


class ReplaceConstant(PlaybookCodemod):
    DESCRIPTION = "set the module constant `{name}` to `{value}`"

    def __init__(
        self, context: CodemodContext, name: str, value: str, comment: str | None = None
    ) -> None:
        super().__init__(context)
        self.name = name
        self.value = cst.parse_expression(value)
        self.comment = comment
        self.found = False

    def nothing_to_do(self) -> str:
        return f"`{self.name}` already is `{cst.Module([]).code_for_node(self.value)}`"

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        if assigned_name(updated_node) != self.name:
            return updated_node
        self.found = True
        assignment = single_statement(updated_node)
        if assignment.value.deep_equals(self.value):  # type: ignore[union-attr]
            return updated_node
        self.edited()
        line = updated_node.with_changes(body=[assignment.with_changes(value=self.value)])  # type: ignore[union-attr]
        if self.comment is None:
            return line
        blank = [lead for lead in updated_node.leading_lines if lead.comment is None][:1]
        comment = cst.EmptyLine(comment=cst.Comment(f"# {self.comment}"))
        return line.with_changes(leading_lines=[*blank, comment])

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not self.found:
            raise CannotTransform(f"no module constant `{self.name}`")
        return updated_node


class RenameFunction(PlaybookCodemod):
    DESCRIPTION = "rename the function `{old}` to `{new}`"

    def __init__(self, context: CodemodContext, old: str, new: str) -> None:
        super().__init__(context)
        self.old = old
        self.new = new

    def nothing_to_do(self) -> str:
        return f"no function `{self.old}` (is it `{self.new}` already?)"

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        if updated_node.name.value != self.old:
            return updated_node
        self.edited()
        return updated_node.with_changes(name=cst.Name(self.new))
