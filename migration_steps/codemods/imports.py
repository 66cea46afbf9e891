"""A codemod that adds a `from module import name` where isort would put it."""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.helpers import get_full_name_for_node

from migration_steps.codemods.base import PlaybookCodemod


class AddImport(PlaybookCodemod):
    DESCRIPTION = "import `{name}` from `{module}`, in sorted place among the imports"

    def __init__(self, context: CodemodContext, module: str, name: str) -> None:
        super().__init__(context)
        self.from_module = module
        self.name = name

    def nothing_to_do(self) -> str:
        return f"`{self.name}` is already imported from `{self.from_module}`"

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body = list(updated_node.body)
        modules = [_from_module(statement) for statement in body]
        if any(self._imports_name(statement) for statement in body):
            return updated_node
        position = self._position(modules)
        line = cst.parse_statement(f"from {self.from_module} import {self.name}\n")
        if position < len(body) and modules[position] is not None:
            # The blank lines that open a section stay above the section's first import.
            successor = body[position]
            line = line.with_changes(leading_lines=successor.leading_lines)
            body[position] = successor.with_changes(leading_lines=())
        body.insert(position, line)
        self.edited()
        return updated_node.with_changes(body=body)

    def _imports_name(self, statement: cst.BaseStatement) -> bool:
        if _from_module(statement) != self.from_module:
            return False
        names = statement.body[0].names  # type: ignore[attr-defined]
        return not isinstance(names, cst.ImportStar) and any(
            alias.evaluated_name == self.name for alias in names
        )

    def _position(self, modules: list[str | None]) -> int:
        package = self.from_module.split(".")[0]
        same_package = [
            index
            for index, module in enumerate(modules)
            if module is not None and module.split(".")[0] == package
        ]
        for index in same_package:
            if modules[index] > self.from_module:  # type: ignore[operator]
                return index
        if same_package:
            return same_package[-1] + 1
        imports = [index for index, module in enumerate(modules) if module is not None]
        return imports[-1] + 1 if imports else 0


def _from_module(statement: cst.BaseStatement) -> str | None:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    node = statement.body[0]
    if isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative:
        return get_full_name_for_node(node.module)
    return None
