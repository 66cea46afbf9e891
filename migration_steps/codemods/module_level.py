"""Codemods that add to a module's top level: a definition, a constant after the imports."""

from __future__ import annotations

import textwrap

import libcst as cst
from libcst.codemod import CodemodContext

from migration_steps.codemods.base import CannotTransform, PlaybookCodemod
from migration_steps.codemods.nodes import assigned_name

_TWO_BLANK_LINES = (cst.EmptyLine(indent=False), cst.EmptyLine(indent=False))


def _defined_name(statement: cst.BaseStatement) -> str | None:
    if isinstance(statement, cst.ClassDef | cst.FunctionDef):
        return statement.name.value
    return None


class AddDefinition(PlaybookCodemod):
    DESCRIPTION = "add the top-level `{name}`"

    def __init__(
        self, context: CodemodContext, name: str, source: str, after: str | None = None
    ) -> None:
        super().__init__(context)
        self.name = name
        definition = cst.parse_statement(textwrap.dedent(source).strip() + "\n")
        if _defined_name(definition) != name:
            raise ValueError(f"the source of {name} is not one class or function named so")
        self.definition = definition.with_changes(leading_lines=_TWO_BLANK_LINES)
        self.after = after

    def nothing_to_do(self) -> str:
        return f"`{self.name}` is already defined here"

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body = list(updated_node.body)
        names = [_defined_name(statement) for statement in body]
        if self.name in names:
            return updated_node
        if self.after is None:
            position = len(body)
        elif self.after in names:
            position = names.index(self.after) + 1
        else:
            raise CannotTransform(f"no top-level `{self.after}` to add `{self.name}` after")
        body.insert(position, self.definition)
        self.edited()
        return updated_node.with_changes(body=body)


class AddModuleConstant(PlaybookCodemod):
    DESCRIPTION = "add the module constant `{name} = {value}` after the imports"

    def __init__(
        self, context: CodemodContext, name: str, value: str, comment: str | None = None
    ) -> None:
        super().__init__(context)
        self.name = name
        self.value = value
        comments = [cst.EmptyLine(comment=cst.Comment(f"# {comment}"))] if comment else []
        self.line = cst.parse_statement(f"{name} = {value}\n").with_changes(
            leading_lines=[cst.EmptyLine(indent=False), *comments]
        )

    def nothing_to_do(self) -> str:
        return f"`{self.name}` is already defined here"

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body = list(updated_node.body)
        if any(assigned_name(statement) == self.name for statement in body):
            return updated_node
        imports = [index for index, statement in enumerate(body) if _is_import(statement)]
        if not imports:
            raise CannotTransform("the module has no imports to put the constant after")
        body.insert(imports[-1] + 1, self.line)
        self.edited()
        return updated_node.with_changes(body=body)


def _is_import(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(small, cst.Import | cst.ImportFrom) for small in statement.body
    )
