"""Codemods on a class body: remove or rewrite a method, add a field."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import libcst as cst
from libcst.codemod import CodemodContext

from migration_steps.codemods.arguments import code_of
from migration_steps.codemods.base import CannotTransform, PlaybookCodemod
from migration_steps.codemods.nodes import assigned_name, drop_statements, uses_name


class _ClassCodemod(PlaybookCodemod):
    def __init__(self, context: CodemodContext, class_name: str) -> None:
        super().__init__(context)
        self.class_name = class_name
        self.found = False

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        if original_node.name.value != self.class_name:
            return updated_node
        self.found = True
        return self.change_class(original_node, updated_node)

    def change_class(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        raise NotImplementedError

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not self.found:
            raise CannotTransform(f"no class `{self.class_name}` is defined here")
        return updated_node


def _is_method(statement: cst.CSTNode, name: str) -> bool:
    return isinstance(statement, cst.FunctionDef) and statement.name.value == name


class RemoveMethod(_ClassCodemod):
    DESCRIPTION = "remove the method `{name}` from `{class_name}`; imports left unused go too"

    def __init__(self, context: CodemodContext, class_name: str, name: str) -> None:
        super().__init__(context, class_name)
        self.name = name

    def nothing_to_do(self) -> str:
        return f"`{self.class_name}` has no method `{self.name}`"

    def change_class(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        kept, dropped = drop_statements(
            original_node.body.body,  # type: ignore[arg-type]
            updated_node.body.body,  # type: ignore[arg-type]
            lambda statement: _is_method(statement, self.name),
        )
        if not dropped:
            return updated_node
        if not kept:
            raise CannotTransform(f"removing `{self.name}` would leave `{self.class_name}` empty")
        self.remove_unused_import_by_node(dropped[0])
        self.edited()
        return updated_node.with_changes(body=updated_node.body.with_changes(body=kept))


class ReplaceMethod(_ClassCodemod):
    DESCRIPTION = (
        "rewrite the method `{name}` of `{class_name}`; refuses one that no longer uses "
        "{replaces} (edited by hand)"
    )

    def __init__(
        self,
        context: CodemodContext,
        class_name: str,
        name: str,
        source: str,
        replaces: Sequence[str],
    ) -> None:
        super().__init__(context, class_name)
        self.name = name
        self.method = cst.parse_statement(textwrap.dedent(source).strip() + "\n")
        if not _is_method(self.method, name):
            raise ValueError(f"the source of {name} is not one function named so")
        self.replaces = tuple(replaces)

    def nothing_to_do(self) -> str:
        return f"`{self.class_name}.{self.name}` is already the new one"

    def change_class(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        body = list(updated_node.body.body)  # type: ignore[arg-type]
        original_body = list(original_node.body.body)  # type: ignore[arg-type]
        index = next((i for i, s in enumerate(body) if _is_method(s, self.name)), None)
        if index is None:
            raise CannotTransform(f"`{self.class_name}` has no method `{self.name}`")
        current = body[index]
        new = self.method.with_changes(leading_lines=current.leading_lines)
        if code_of(current) == code_of(new):
            return updated_node
        missing = [name for name in self.replaces if not uses_name(current, name)]
        if missing:
            raise CannotTransform(
                f"`{self.class_name}.{self.name}` no longer uses {', '.join(missing)}; "
                "rewrite it by hand"
            )
        self.remove_unused_import_by_node(original_body[index])
        body[index] = new
        self.edited()
        return updated_node.with_changes(body=updated_node.body.with_changes(body=body))


class AddClassField(_ClassCodemod):
    DESCRIPTION = "add the field `{source}` to `{class_name}`, after `{after}`"

    def __init__(self, context: CodemodContext, class_name: str, source: str, after: str) -> None:
        super().__init__(context, class_name)
        self.field = cst.parse_statement(textwrap.dedent(source))
        self.name = assigned_name(self.field)
        if self.name is None:
            raise ValueError(f"{source!r} is not one field")
        self.after = after

    def nothing_to_do(self) -> str:
        return f"`{self.class_name}` already has a field `{self.name}`"

    def change_class(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        body = list(updated_node.body.body)  # type: ignore[arg-type]
        names = [assigned_name(statement) for statement in body]
        if self.name in names:
            return updated_node
        if self.after not in names:
            raise CannotTransform(f"`{self.class_name}` has no field `{self.after}`")
        body.insert(names.index(self.after) + 1, self.field)
        self.edited()
        return updated_node.with_changes(body=updated_node.body.with_changes(body=body))
