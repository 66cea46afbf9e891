"""A codemod that adds a name to an existing `from module import ...`, in ruff's isort order."""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.helpers import get_full_name_for_node

from migration_steps.codemods.arguments import code_of
from migration_steps.codemods.base import CannotTransform, PlaybookCodemod

LINE_LENGTH = 100


def member_key(name: str) -> tuple[int, str, str]:
    """isort's order with order-by-type: CONSTANTS, then Classes, then everything else."""
    if len(name) > 1 and name.isupper():
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    return kind, name.lower(), name


class AddImportedName(PlaybookCodemod):
    DESCRIPTION = "import `{name}` too, in the existing `from {module} import ...`"

    def __init__(self, context: CodemodContext, module: str, name: str) -> None:
        super().__init__(context)
        self.from_module = module
        self.name = name
        self.found = False

    def nothing_to_do(self) -> str:
        return f"`{self.name}` is already imported from `{self.from_module}`"

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom:
        if updated_node.relative or updated_node.module is None:
            return updated_node
        if get_full_name_for_node(updated_node.module) != self.from_module:
            return updated_node
        if isinstance(updated_node.names, cst.ImportStar):
            return updated_node
        self.found = True
        names = list(updated_node.names)
        if any(alias.evaluated_name == self.name for alias in names):
            return updated_node
        position = sum(member_key(alias.evaluated_name) < member_key(self.name) for alias in names)
        self.edited()
        return updated_node.with_changes(names=_insert_alias(names, position, self.name))

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        statement = updated_node.body[0] if len(updated_node.body) == 1 else None
        if not isinstance(statement, cst.ImportFrom) or statement.lpar is not None:
            return updated_node
        if statement.deep_equals(original_node.body[0]):
            return updated_node
        if len(code_of(updated_node)) <= LINE_LENGTH:
            return updated_node
        return updated_node.with_changes(body=[_one_per_line(statement)])

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not self.found:
            raise CannotTransform(f"nothing is imported from `{self.from_module}` to add to")
        return updated_node


def _insert_alias(names: list[cst.ImportAlias], position: int, name: str) -> list[cst.ImportAlias]:
    new = cst.ImportAlias(name=cst.Name(name))
    separator = (
        names[0].comma
        if len(names) > 1 or isinstance(names[0].comma, cst.Comma)
        else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    )
    if position < len(names):
        names.insert(position, new.with_changes(comma=separator))
        return names
    last = names[-1]
    names[-1] = last.with_changes(comma=separator)
    names.append(new.with_changes(comma=last.comma))
    return names


def _one_per_line(statement: cst.ImportFrom) -> cst.ImportFrom:
    """`from m import (\\n    a,\\n    b,\\n)`, as ruff formats an import too long for one line."""
    module = get_full_name_for_node(statement.module)  # type: ignore[arg-type]
    aliases = statement.names  # type: ignore[union-attr]
    bare = [alias.with_changes(comma=cst.MaybeSentinel.DEFAULT) for alias in aliases]
    lines = "".join(f"    {code_of(alias)},\n" for alias in bare)
    parsed = cst.parse_statement(f"from {module} import (\n{lines})\n")
    return parsed.body[0]  # type: ignore[attr-defined,return-value]
