"""Codemods that take a component out of a composition root, or swap it for another."""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext

from migration_steps.codemods.base import CannotTransform, PlaybookCodemod
from migration_steps.codemods.nodes import (
    assigned_name,
    called_method_root,
    drop_statements,
    uses_name,
)


class RemoveComponent(PlaybookCodemod):
    DESCRIPTION = (
        "remove the component `{variable}`: its construction and every statement calling one "
        "of its methods (e.g. `.subscribe(bus)`); imports left unused go too"
    )

    def __init__(self, context: CodemodContext, variable: str) -> None:
        super().__init__(context)
        self.variable = variable

    def nothing_to_do(self) -> str:
        return f"no component `{self.variable}` is built here"

    def _belongs_to_component(self, statement: cst.BaseStatement) -> bool:
        return self.variable in (assigned_name(statement), called_method_root(statement))

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        kept, dropped = drop_statements(
            original_node.body, updated_node.body, self._belongs_to_component
        )
        if not dropped:
            return updated_node
        if not kept:
            raise CannotTransform(f"removing `{self.variable}` would leave an empty block")
        for statement in dropped:
            self.remove_unused_import_by_node(statement)
            self.edited()
        return updated_node.with_changes(body=kept)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if self.edits and uses_name(updated_node, self.variable):
            raise CannotTransform(
                f"`{self.variable}` is still used after removing its construction; "
                "remove those uses first"
            )
        return updated_node


class ReplaceComponent(PlaybookCodemod):
    DESCRIPTION = (
        "build `{new_variable}` with `{construction}` where `{old_variable}` was built, "
        "and use it wherever `{old_variable}` was used"
    )

    def __init__(
        self,
        context: CodemodContext,
        old_variable: str,
        new_variable: str,
        construction: str,
    ) -> None:
        super().__init__(context)
        self.old_variable = old_variable
        self.new_variable = new_variable
        self.construction = cst.parse_expression(construction)

    def nothing_to_do(self) -> str:
        return f"no component `{self.old_variable}` is built here"

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        targets = updated_node.targets
        original_targets = original_node.targets
        if len(targets) != 1 or not _is_name(original_targets[0].target, self.old_variable):
            return updated_node
        self.remove_unused_import_by_node(original_node.value)
        self.edited()
        return updated_node.with_changes(
            targets=[targets[0].with_changes(target=cst.Name(self.new_variable))],
            value=self.construction,
        )

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        if updated_node.value == self.old_variable:
            return updated_node.with_changes(value=self.new_variable)
        return updated_node

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.Attribute:
        return updated_node.with_changes(attr=original_node.attr)

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        return updated_node.with_changes(keyword=original_node.keyword)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if self.edits > 1:
            raise CannotTransform(f"`{self.old_variable}` is built more than once")
        return updated_node


def _is_name(node: cst.BaseExpression, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name
