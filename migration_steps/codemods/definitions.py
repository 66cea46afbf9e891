"""Codemods that remove definitions: top-level classes and functions, class fields, locals."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
from libcst.codemod import CodemodContext, SkipFile

from migration_steps.codemods.base import CannotTransform, PlaybookCodemod
from migration_steps.codemods.nodes import assigned_name, count_name, drop_statements


class RemoveDefinitions(PlaybookCodemod):
    DESCRIPTION = "remove the top-level definitions {names}; imports left unused go too"

    def __init__(self, context: CodemodContext, names: Sequence[str]) -> None:
        super().__init__(context)
        self.names = tuple(names)

    def nothing_to_do(self) -> str:
        return f"none of {', '.join(self.names)} is defined here"

    def _is_target(self, statement: cst.BaseStatement) -> bool:
        return (
            isinstance(statement, cst.ClassDef | cst.FunctionDef)
            and statement.name.value in self.names
        )

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        kept, dropped = drop_statements(original_node.body, updated_node.body, self._is_target)
        found = {statement.name.value for statement in dropped}  # type: ignore[attr-defined]
        if not found:
            return updated_node
        missing = [name for name in self.names if name not in found]
        if missing:
            raise CannotTransform(f"expected to remove {', '.join(missing)} too, but it is gone")
        for statement in dropped:
            self.remove_unused_import_by_node(statement)
            self.edited()
        return updated_node.with_changes(body=kept)


class RemoveClassField(PlaybookCodemod):
    DESCRIPTION = "remove the field `{field}` from class `{class_name}`"

    def __init__(self, context: CodemodContext, class_name: str, field: str) -> None:
        super().__init__(context)
        self.class_name = class_name
        self.field = field

    def nothing_to_do(self) -> str:
        return f"class `{self.class_name}` has no field `{self.field}`"

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        if original_node.name.value != self.class_name:
            return updated_node
        kept, dropped = drop_statements(
            original_node.body.body,
            updated_node.body.body,
            lambda statement: assigned_name(statement) == self.field,
        )
        if not dropped:
            return updated_node
        for statement in dropped:
            self.remove_unused_import_by_node(statement)
            self.edited()
        return updated_node.with_changes(body=updated_node.body.with_changes(body=kept))


class RemoveUnusedLocal(PlaybookCodemod):
    DESCRIPTION = "remove `{variable} = ...` from `{function}` now that nothing reads it"

    def __init__(self, context: CodemodContext, function: str, variable: str) -> None:
        super().__init__(context)
        self.function = function
        self.variable = variable

    def nothing_to_do(self) -> str:
        return f"`{self.function}` assigns no `{self.variable}`"

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        if original_node.name.value != self.function:
            return updated_node
        block = updated_node.body
        if not isinstance(block, cst.IndentedBlock):
            return updated_node
        kept, dropped = drop_statements(
            original_node.body.body,  # type: ignore[arg-type]
            block.body,
            lambda statement: assigned_name(statement) == self.variable,
        )
        if not dropped:
            return updated_node
        if len(dropped) > 1 or count_name(original_node, self.variable) > 1:
            raise SkipFile(f"`{self.variable}` is still used in `{self.function}`")
        self.remove_unused_import_by_node(dropped[0])
        self.edited()
        return updated_node.with_changes(body=block.with_changes(body=kept))
