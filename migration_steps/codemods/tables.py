"""Codemods on SQLAlchemy `Table(...)` definitions: add a column or constraint, replace a column."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext

from migration_steps.codemods.arguments import code_of, insert_argument
from migration_steps.codemods.base import CannotTransform, PlaybookCodemod


def _table_name(call: cst.Call) -> str | None:
    """`"sessions"` for `Table("sessions", metadata, ...)`; None for any other call."""
    if not m.matches(call.func, m.Name("Table")) or not call.args:
        return None
    first = call.args[0].value
    return first.evaluated_value if isinstance(first, cst.SimpleString) else None  # type: ignore[return-value]


def _column_name(value: cst.BaseExpression) -> str | None:
    """`"seq"` for `Column("seq", ...)`; None for anything else."""
    if not isinstance(value, cst.Call) or not m.matches(value.func, m.Name("Column")):
        return None
    if not value.args or not isinstance(value.args[0].value, cst.SimpleString):
        return None
    return value.args[0].value.evaluated_value  # type: ignore[return-value]


class _TableCodemod(PlaybookCodemod):
    def __init__(self, context: CodemodContext, table: str) -> None:
        super().__init__(context)
        self.table = table
        self.found = False

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if _table_name(updated_node) != self.table:
            return updated_node
        self.found = True
        return self.change_table(updated_node)

    def change_table(self, call: cst.Call) -> cst.Call:
        raise NotImplementedError

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if not self.found:
            raise CannotTransform(f"no table `{self.table}` is defined here")
        return updated_node


class AddTableArgument(_TableCodemod):
    DESCRIPTION = "add `{source}` to the table `{table}`"

    def __init__(
        self, context: CodemodContext, table: str, source: str, after: str | None = None
    ) -> None:
        super().__init__(context, table)
        self.source = source
        self.value = cst.parse_expression(source)
        self.after = after

    def nothing_to_do(self) -> str:
        return f"the table `{self.table}` already has `{self.source}`"

    def change_table(self, call: cst.Call) -> cst.Call:
        if any(arg.value.deep_equals(self.value) for arg in call.args):
            return call
        position = len(call.args)
        if self.after is not None:
            names = [_column_name(arg.value) for arg in call.args]
            if self.after not in names:
                raise CannotTransform(f"the table `{self.table}` has no column `{self.after}`")
            position = names.index(self.after) + 1
        self.edited()
        return call.with_changes(args=insert_argument(call.args, position, self.value))


class ReplaceTableColumn(_TableCodemod):
    DESCRIPTION = "replace the column `{column}` of the table `{table}` by `{source}`"

    def __init__(self, context: CodemodContext, table: str, column: str, source: str) -> None:
        super().__init__(context, table)
        self.column = column
        self.source = source
        self.value = cst.parse_expression(source)
        self.replacement = _column_name(self.value)
        if self.replacement is None:
            raise ValueError(f"{source!r} is not a Column(...)")

    def nothing_to_do(self) -> str:
        return f"the table `{self.table}` already has `{self.source}`"

    def change_table(self, call: cst.Call) -> cst.Call:
        names = [_column_name(arg.value) for arg in call.args]
        if self.column not in names:
            present = self.replacement in names
            if present and code_of(call.args[names.index(self.replacement)].value) == code_of(
                self.value
            ):
                return call
            raise CannotTransform(f"the table `{self.table}` has no column `{self.column}`")
        index = names.index(self.column)
        args = list(call.args)
        args[index] = args[index].with_changes(value=self.value)
        self.edited()
        return call.with_changes(args=args)
