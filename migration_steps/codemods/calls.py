"""Codemods on the arguments of calls: add one after another, replace a method call's arguments."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.metadata import PositionProvider

from migration_steps.codemods.arguments import code_of, insert_argument
from migration_steps.codemods.base import PlaybookCodemod
from migration_steps.codemods.scopes import FunctionScoped

LINE_LENGTH = 100


class AddCallArgument(FunctionScoped):
    DESCRIPTION = "in `{function}`, pass `{value}` to `{callee}(...)` after `{after}`"

    def __init__(
        self,
        context: CodemodContext,
        function: str,
        callee: str,
        value: str,
        after: str,
        class_name: str | None = None,
    ) -> None:
        super().__init__(context, function, class_name)
        self.callee = callee
        self.value = cst.parse_expression(value)
        self.after = after

    def nothing_to_do(self) -> str:
        return (
            f"no call to `{self.callee}` in `{self.where}` passes `{self.after}` "
            f"without `{code_of(self.value)}`"
        )

    def change_function(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        return updated_node.visit(_AddArgument(self))  # type: ignore[return-value]


class _AddArgument(cst.CSTTransformer):
    def __init__(self, codemod: AddCallArgument) -> None:
        super().__init__()
        self.codemod = codemod

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        codemod = self.codemod
        if code_of(updated_node.func) != codemod.callee:
            return updated_node
        codes = [code_of(arg) if arg.keyword else code_of(arg.value) for arg in updated_node.args]
        if codemod.after not in codes or code_of(codemod.value) in codes:
            return updated_node
        codemod.edited()
        position = codes.index(codemod.after) + 1
        return updated_node.with_changes(
            args=insert_argument(updated_node.args, position, codemod.value)
        )


class ReplaceCallArguments(PlaybookCodemod):
    DESCRIPTION = "replace the arguments of every `.{method}({old})` by `{new}`"

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(
        self, context: CodemodContext, method: str, old: Sequence[str], new: Sequence[str]
    ) -> None:
        super().__init__(context)
        self.method = method
        self.old = [code_of(cst.parse_expression(text)) for text in old]
        self.new = [cst.parse_expression(text) for text in new]
        self._changed: set[int] = set()

    def nothing_to_do(self) -> str:
        return f"no `.{self.method}({', '.join(self.old)})` here"

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        func = updated_node.func
        if not isinstance(func, cst.Attribute) or func.attr.value != self.method:
            return updated_node
        if [code_of(arg.value) for arg in updated_node.args] != self.old or any(
            arg.keyword for arg in updated_node.args
        ):
            return updated_node
        separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        args = [cst.Arg(value=value, comma=separator) for value in self.new]
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        self.edited()
        self._changed.add(id(original_node))
        return updated_node.with_changes(args=args)

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        """A method chain passed as an argument goes on one line when it now fits, as ruff does."""
        if not _holds_changed(original_node.value, self._changed):
            return updated_node
        flat = updated_node.value.visit(_FlattenChain())
        code = code_of(flat)  # type: ignore[arg-type]
        if "\n" in code:
            return updated_node
        column = self.get_metadata(PositionProvider, original_node.value).start.column
        trailing = 1 if isinstance(updated_node.comma, cst.Comma) else 0
        if column + len(code) + trailing > LINE_LENGTH:
            return updated_node
        return updated_node.with_changes(value=flat)


def _holds_changed(node: cst.CSTNode, changed: set[int]) -> bool:
    """Whether `node` is a method chain (`a.b(...).c(...)`) that holds a changed call."""
    while isinstance(node, cst.Call | cst.Attribute):
        if id(node) in changed:
            return True
        node = node.func if isinstance(node, cst.Call) else node.value
    return False


class _FlattenChain(cst.CSTTransformer):
    def leave_Dot(self, original_node: cst.Dot, updated_node: cst.Dot) -> cst.Dot:
        return updated_node.with_changes(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        )
