"""Codemods inside one function: insert a statement, replace an expression."""

from __future__ import annotations

import textwrap

import libcst as cst
from libcst.codemod import CodemodContext

from migration_steps.codemods.arguments import code_of
from migration_steps.codemods.base import CannotTransform
from migration_steps.codemods.nodes import docstring_of
from migration_steps.codemods.scopes import FunctionScoped, body_of, with_body


def statement_code(statement: cst.BaseStatement) -> str:
    """The statement's code without the comments and blank lines above it."""
    return code_of(statement.with_changes(leading_lines=()))


class InsertStatement(FunctionScoped):
    DESCRIPTION = "in `{function}`, insert `{source}`"

    def __init__(
        self,
        context: CodemodContext,
        function: str,
        source: str,
        after: str | None = None,
        class_name: str | None = None,
    ) -> None:
        super().__init__(context, function, class_name)
        self.source = source
        self.statement = cst.parse_statement(textwrap.dedent(source))
        self.after = after

    def nothing_to_do(self) -> str:
        return f"`{self.where}` already has `{statement_code(self.statement)}`"

    def change_function(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        new_code = statement_code(self.statement)
        if any(statement_code(found) == new_code for found in _statements(updated_node)):
            return updated_node
        if self.after is None:
            body = body_of(updated_node)
            position = 1 if docstring_of(body) is not None else 0
            self.edited()
            return with_body(updated_node, [*body[:position], self.statement, *body[position:]])
        anchors = [
            found for found in _statements(updated_node) if statement_code(found) == self.after
        ]
        if len(anchors) != 1:
            raise CannotTransform(f"`{self.where}` has no single statement `{self.after}`")
        self.edited()
        return updated_node.visit(_InsertAfter(anchors[0], self.statement))  # type: ignore[return-value]


def _statements(function: cst.FunctionDef) -> list[cst.BaseStatement]:
    """Every statement of the function, in nested blocks too."""
    return [
        node
        for node in _walk(function.body)
        if isinstance(node, cst.SimpleStatementLine | cst.BaseCompoundStatement)
    ]


def _walk(node: cst.CSTNode) -> list[cst.CSTNode]:
    found = [node]
    for child in node.children:
        found.extend(_walk(child))
    return found


class _InsertAfter(cst.CSTTransformer):
    def __init__(self, anchor: cst.BaseStatement, statement: cst.BaseStatement) -> None:
        super().__init__()
        self.anchor = anchor
        self.statement = statement

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        body = list(updated_node.body)
        for index, statement in enumerate(original_node.body):
            if statement is self.anchor:
                body.insert(index + 1, self.statement)
                return updated_node.with_changes(body=body)
        return updated_node


class ReplaceExpression(FunctionScoped):
    DESCRIPTION = "in `{function}`, replace `{old}` by `{new}`; imports left unused go"

    def __init__(
        self,
        context: CodemodContext,
        function: str,
        old: str,
        new: str,
        class_name: str | None = None,
    ) -> None:
        super().__init__(context, function, class_name)
        self.old = code_of(cst.parse_expression(old))
        self.new = cst.parse_expression(new)

    def nothing_to_do(self) -> str:
        return f"`{self.where}` has no `{self.old}`"

    def change_function(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        replacer = _ReplaceCode(self.old, self.new)
        changed = original_node.visit(replacer)
        for replaced in replacer.replaced:
            self.remove_unused_import_by_node(replaced)
            self.edited()
        return changed  # type: ignore[return-value]


class _ReplaceCode(cst.CSTTransformer):
    def __init__(self, old: str, new: cst.BaseExpression) -> None:
        super().__init__()
        self.old = old
        self.new = new
        self.replaced: list[cst.CSTNode] = []

    def on_leave(
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        if isinstance(original_node, cst.BaseExpression) and code_of(original_node) == self.old:
            self.replaced.append(original_node)
            return self.new
        return updated_node
