"""Where a codemod is: which class and function it is visiting, to change only the one it names."""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext

from migration_steps.codemods.base import CannotTransform, PlaybookCodemod


class FunctionScoped(PlaybookCodemod):
    """Changes one function: `function` at module level, or a method of `class_name`.

    Subclasses override `change_function`; a module without that function fails the codemod.
    """

    def __init__(
        self, context: CodemodContext, function: str, class_name: str | None = None
    ) -> None:
        super().__init__(context)
        self.function = function
        self.class_name = class_name
        self._scopes: list[str] = []
        self.found = False

    @property
    def where(self) -> str:
        return f"{self.class_name}.{self.function}" if self.class_name else self.function

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._scopes.append(f"class {node.name.value}")

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        self._scopes.pop()
        return updated_node

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._scopes.append(f"def {node.name.value}")

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        self._scopes.pop()
        expected = [f"class {self.class_name}"] if self.class_name else []
        if self._scopes != expected or original_node.name.value != self.function:
            return updated_node
        self.found = True
        return self.change_function(original_node, updated_node)

    def change_function(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        raise NotImplementedError

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not self.found:
            raise CannotTransform(f"no function `{self.where}` is defined here")
        return updated_node


def body_of(function: cst.FunctionDef) -> list[cst.BaseStatement]:
    if not isinstance(function.body, cst.IndentedBlock):
        raise CannotTransform(f"`{function.name.value}` is written on one line")
    return list(function.body.body)  # type: ignore[arg-type]


def with_body(function: cst.FunctionDef, body: list[cst.BaseStatement]) -> cst.FunctionDef:
    return function.with_changes(body=function.body.with_changes(body=body))
