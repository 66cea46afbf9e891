"""Codemods that drop or add references to a component where it is handed over."""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext

from migration_steps.codemods.base import PlaybookCodemod
from migration_steps.codemods.nodes import drop_elements, refers_to


class RemoveListEntries(PlaybookCodemod):
    DESCRIPTION = (
        "drop `{variable}` and its attributes (`{variable}.shutdown`) from every list literal, "
        "e.g. `background=[...]` and `shutdown_hooks=[...]`"
    )

    def __init__(self, context: CodemodContext, variable: str) -> None:
        super().__init__(context)
        self.variable = variable

    def nothing_to_do(self) -> str:
        return f"no list holds `{self.variable}`"

    def leave_List(self, original_node: cst.List, updated_node: cst.List) -> cst.List:
        elements, removed = drop_elements(
            updated_node.elements, lambda element: refers_to(element.value, self.variable)
        )
        if not removed:
            return updated_node
        for element in original_node.elements:
            if refers_to(element.value, self.variable):
                self.remove_unused_import_by_node(element)
        self.edited()
        return updated_node.with_changes(elements=elements)


class RemoveCallArgument(PlaybookCodemod):
    DESCRIPTION = "stop passing `{variable}` to `{callee}(...)`"

    def __init__(self, context: CodemodContext, callee: str, variable: str) -> None:
        super().__init__(context)
        self.callee = callee
        self.variable = variable

    def nothing_to_do(self) -> str:
        return f"no call to `{self.callee}` passes `{self.variable}`"

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not _calls(updated_node, self.callee):
            return updated_node
        args, removed = drop_elements(
            updated_node.args, lambda arg: refers_to(arg.value, self.variable)
        )
        if not removed:
            return updated_node
        self.edited()
        return updated_node.with_changes(args=args)


class RemoveCallKeyword(PlaybookCodemod):
    DESCRIPTION = "stop passing `{keyword}=` to `{callee}(...)`"

    def __init__(self, context: CodemodContext, callee: str, keyword: str) -> None:
        super().__init__(context)
        self.callee = callee
        self.keyword = keyword

    def nothing_to_do(self) -> str:
        return f"no call to `{self.callee}` passes `{self.keyword}=`"

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not _calls(updated_node, self.callee):
            return updated_node
        args, removed = drop_elements(
            updated_node.args,
            lambda arg: arg.keyword is not None and arg.keyword.value == self.keyword,
        )
        if not removed:
            return updated_node
        for arg in original_node.args:
            if arg.keyword is not None and arg.keyword.value == self.keyword:
                self.remove_unused_import_by_node(arg)
        self.edited()
        return updated_node.with_changes(args=args)


class AddCallKeyword(PlaybookCodemod):
    DESCRIPTION = "pass `{keyword}={value}` to `{callee}(...)`"

    def __init__(self, context: CodemodContext, callee: str, keyword: str, value: str) -> None:
        super().__init__(context)
        self.callee = callee
        self.keyword = keyword
        self.value = value

    def nothing_to_do(self) -> str:
        return f"no call to `{self.callee}` lacks `{self.keyword}=`"

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        args = list(updated_node.args)
        if not _calls(updated_node, self.callee) or not args:
            return updated_node
        if any(arg.keyword is not None and arg.keyword.value == self.keyword for arg in args):
            return updated_node
        last = args[-1]
        new_arg = cst.Arg(
            keyword=cst.Name(self.keyword),
            value=cst.parse_expression(self.value),
            equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""),
                whitespace_after=cst.SimpleWhitespace(""),
            ),
            comma=last.comma,
        )
        if isinstance(last.comma, cst.Comma):
            # One argument per line, trailing comma: the new one goes on a line of its own.
            args[-1] = last.with_changes(
                comma=cst.Comma(whitespace_after=_previous_separator(args))
            )
        else:
            args[-1] = last.with_changes(
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            )
        self.edited()
        return updated_node.with_changes(args=[*args, new_arg])


def _previous_separator(args: list[cst.Arg]) -> cst.BaseParenthesizableWhitespace:
    if len(args) > 1 and isinstance(args[-2].comma, cst.Comma):
        return args[-2].comma.whitespace_after
    return cst.SimpleWhitespace(" ")


def _calls(call: cst.Call, callee: str) -> bool:
    return isinstance(call.func, cst.Name) and call.func.value == callee
