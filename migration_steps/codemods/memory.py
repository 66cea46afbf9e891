"""Codemods that take a handler off in-memory session state and onto the services' reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext
from libcst.helpers import get_full_name_for_node

from migration_steps.codemods.base import CannotTransform, PlaybookCodemod
from migration_steps.codemods.nodes import (
    assigned_name,
    count_name,
    drop_statements,
    single_statement,
)


def _memory_write(statement: cst.BaseStatement, variable: str, fields: Sequence[str]) -> bool:
    """`state.messages.append(...)` or `state.status = ...` for a field in `fields`."""
    small = single_statement(statement)
    field = m.OneOf(*(m.Name(name) for name in fields))
    on_field = m.Attribute(value=m.Name(variable), attr=field)
    if isinstance(small, cst.Expr):
        return m.matches(small.value, m.Call(func=m.Attribute(value=on_field)))
    if isinstance(small, cst.Assign):
        return all(m.matches(target.target, on_field) for target in small.targets)
    return False


class DropMemoryWrites(PlaybookCodemod):
    DESCRIPTION = (
        "stop writing to `{variable}.<field>` for fields {fields}; an argument that does work "
        "(`state.messages.append(await ...add_message(...))`) stays as its own statement"
    )

    def __init__(self, context: CodemodContext, variable: str, fields: Sequence[str]) -> None:
        super().__init__(context)
        self.variable = variable
        self.fields = tuple(fields)

    def nothing_to_do(self) -> str:
        return f"nothing writes `{self.variable}.{{{', '.join(self.fields)}}}`"

    def _is_write(self, statement: cst.BaseStatement) -> bool:
        return _memory_write(statement, self.variable, self.fields)

    def _is_bare_write(self, statement: cst.BaseStatement) -> bool:
        return self._is_write(statement) and _work_in_argument(statement) is None

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        rewritten = [
            self._keep_work(before, statement)
            for before, statement in zip(original_node.body, updated_node.body, strict=True)
        ]
        kept, dropped = drop_statements(original_node.body, rewritten, self._is_bare_write)
        for statement in dropped:
            self.remove_unused_import_by_node(statement)
        if not kept:
            raise CannotTransform("dropping the memory writes would leave an empty block")
        return updated_node.with_changes(body=kept)

    def _keep_work(
        self, before: cst.BaseStatement, statement: cst.BaseStatement
    ) -> cst.BaseStatement:
        if not self._is_write(before):
            return statement
        self.edited()
        work = _work_in_argument(statement)
        if work is None:
            return statement
        return statement.with_changes(body=[cst.Expr(work)])


def _work_in_argument(statement: cst.BaseStatement) -> cst.BaseExpression | None:
    """The argument of `x.append(arg)` when evaluating it does work (a call, an await)."""
    small = single_statement(statement)
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        args = small.value.args
        if len(args) == 1 and m.findall(args[0].value, m.Call() | m.Await()):
            return args[0].value
    return None


class MemoryReadsToServices(PlaybookCodemod):
    DESCRIPTION = (
        "in `{class_name}`, replace each load `{variable} = await {loader}(...)` by one read per "
        "field the method uses, from the services: {sources}"
    )

    def __init__(
        self,
        context: CodemodContext,
        class_name: str,
        variable: str,
        loader: str,
        sources: Mapping[str, str],
    ) -> None:
        super().__init__(context)
        self.class_name = class_name
        self.variable = variable
        self.loader = loader
        self.sources = dict(sources)
        self._classes: list[str] = []

    def nothing_to_do(self) -> str:
        return f"no method of `{self.class_name}` loads `{self.variable}` from `{self.loader}`"

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._classes.append(node.name.value)

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        self._classes.pop()
        return updated_node

    def _is_load(self, statement: cst.BaseStatement) -> bool:
        if assigned_name(statement) != self.variable:
            return False
        value = single_statement(statement).value  # type: ignore[union-attr]
        return (
            isinstance(value, cst.Await)
            and isinstance(value.expression, cst.Call)
            and get_full_name_for_node(value.expression.func) == self.loader
        )

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        if not self._classes or self._classes[-1] != self.class_name:
            return updated_node
        block = updated_node.body
        if not isinstance(block, cst.IndentedBlock):
            return updated_node
        loads = [i for i, statement in enumerate(block.body) if self._is_load(statement)]
        if not loads:
            return updated_node
        method = original_node.name.value
        if len(loads) > 1:
            raise CannotTransform(f"`{method}` loads `{self.variable}` more than once")
        fields = self._fields_used(updated_node, method)
        statements = [cst.parse_statement(f"{field} = {self.sources[field]}\n") for field in fields]
        load = block.body[loads[0]]
        if statements:
            statements[0] = statements[0].with_changes(leading_lines=load.leading_lines)
        body = [*block.body[: loads[0]], *statements, *block.body[loads[0] + 1 :]]
        if not body:
            raise CannotTransform(f"`{method}` would be left empty")
        self.remove_unused_import_by_node(original_node.body.body[loads[0]])  # type: ignore[union-attr]
        self.edited()
        new_function = updated_node.with_changes(body=block.with_changes(body=body))
        return new_function.visit(_FieldsToLocals(self.variable))  # type: ignore[return-value]

    def _fields_used(self, function: cst.FunctionDef, method: str) -> list[str]:
        on_variable = m.findall(function, m.Attribute(value=m.Name(self.variable)))
        if count_name(function, self.variable) != len(on_variable) + 1:
            raise CannotTransform(
                f"`{method}` uses `{self.variable}` as a whole, not only its fields"
            )
        fields = list(dict.fromkeys(node.attr.value for node in on_variable))  # type: ignore[attr-defined]
        for field in fields:
            if field not in self.sources:
                raise CannotTransform(
                    f"`{method}` uses `{self.variable}.{field}`, which no service read replaces"
                )
            if m.findall(function, m.AssignTarget(target=m.Name(field)) | m.Param(m.Name(field))):
                raise CannotTransform(f"`{method}` already has a local `{field}`")
        return fields


class _FieldsToLocals(cst.CSTTransformer):
    def __init__(self, variable: str) -> None:
        super().__init__()
        self.variable = variable

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        if m.matches(updated_node, m.Attribute(value=m.Name(self.variable))):
            return cst.Name(updated_node.attr.value)
        return updated_node
