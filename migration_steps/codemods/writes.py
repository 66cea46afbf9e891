"""Codemods on how a service writes: one repository command instead of load-modify-save, and a
bounded retry around an optimistic read-modify-save."""

from __future__ import annotations

import textwrap

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext

from migration_steps.codemods.arguments import code_of
from migration_steps.codemods.base import CannotTransform
from migration_steps.codemods.nodes import assigned_name, count_name, single_statement
from migration_steps.codemods.scopes import FunctionScoped, body_of, with_body

_EMPTY = cst.Module([])


def _awaited_call(statement: cst.BaseStatement | cst.BaseExpression | None) -> cst.Call | None:
    """The call of `await f(...)` (a statement or an expression); None for anything else."""
    if isinstance(statement, cst.BaseStatement):
        small = single_statement(statement)
        if isinstance(small, cst.Expr):
            statement = small.value
        elif isinstance(small, cst.Assign):
            statement = small.value
        else:
            return None
    if isinstance(statement, cst.Await) and isinstance(statement.expression, cst.Call):
        return statement.expression
    return None


def _calls(statement: cst.BaseStatement, callee: str) -> cst.Call | None:
    call = _awaited_call(statement)
    return call if call is not None and code_of(call.func) == callee else None


class LoadModifySaveToCommand(FunctionScoped):
    DESCRIPTION = (
        "in `{class_name}.{function}`, replace `{variable} = await {loader}({key})`, "
        "`{variable}.{mutator}(...)` and `await {saver}({variable})` by one "
        "`await {command}({guard}({key}), ...)`: the repository changes only what changed"
    )

    def __init__(
        self,
        context: CodemodContext,
        class_name: str,
        function: str,
        variable: str,
        loader: str,
        mutator: str,
        saver: str,
        command: str,
        key: str,
        guard: str,
    ) -> None:
        super().__init__(context, function, class_name)
        self.variable = variable
        self.loader = loader
        self.mutator = mutator
        self.saver = saver
        self.command = command
        self.key = key
        self.guard = guard

    def nothing_to_do(self) -> str:
        return f"`{self.where}` does not load `{self.variable}` with `{self.loader}`"

    def _is_load(self, statement: cst.BaseStatement) -> bool:
        call = _calls(statement, self.loader)
        return (
            assigned_name(statement) == self.variable
            and call is not None
            and [code_of(arg.value) for arg in call.args] == [self.key]
        )

    def _mutation(self, statement: cst.BaseStatement) -> cst.Call | None:
        small = single_statement(statement)
        if not isinstance(small, cst.Expr) or not isinstance(small.value, cst.Call):
            return None
        call = small.value
        target = m.Attribute(value=m.Name(self.variable), attr=m.Name(self.mutator))
        return call if m.matches(call.func, target) else None

    def _is_save(self, statement: cst.BaseStatement) -> bool:
        call = _calls(statement, self.saver)
        return call is not None and [code_of(arg.value) for arg in call.args] == [self.variable]

    def change_function(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        body = body_of(updated_node)
        loads = [index for index, statement in enumerate(body) if self._is_load(statement)]
        if not loads:
            return updated_node
        start = loads[0]
        mutation = self._mutation(body[start + 1]) if start + 1 < len(body) else None
        if mutation is None or start + 2 >= len(body) or not self._is_save(body[start + 2]):
            raise CannotTransform(
                f"`{self.where}` does not follow loading `{self.variable}` with "
                f"`{self.variable}.{self.mutator}(...)` and `{self.saver}({self.variable})`"
            )
        arguments = [f"{self.guard}({self.key})", *(code_of(arg) for arg in mutation.args)]
        command = cst.parse_statement(f"await {self.command}({', '.join(arguments)})\n")
        rest = [
            statement.visit(_IdToKey(self.variable, self.key)) for statement in body[start + 3 :]
        ]
        new_body = [
            *body[:start],
            command.with_changes(leading_lines=body[start].leading_lines),
            *rest,
        ]
        changed = with_body(updated_node, new_body)  # type: ignore[arg-type]
        if count_name(changed, self.variable):
            raise CannotTransform(
                f"`{self.where}` uses `{self.variable}` for more than its id; edit it by hand"
            )
        self.edited()
        return changed


class _IdToKey(cst.CSTTransformer):
    """`session.id` becomes `session_id`: the key the method was called with."""

    def __init__(self, variable: str, key: str) -> None:
        super().__init__()
        self.variable = variable
        self.key = key

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        if m.matches(updated_node, m.Attribute(value=m.Name(self.variable), attr=m.Name("id"))):
            return cst.Name(self.key)
        return updated_node


class RetryOnConflict(FunctionScoped):
    DESCRIPTION = (
        "in `{class_name}.{function}`, run the statements from `{first} = ...` through "
        "`{saver}(...)` again when the save raises `{error}`, up to `{attempts}` times in all; "
        "the last conflict is raised"
    )

    def __init__(
        self,
        context: CodemodContext,
        class_name: str,
        function: str,
        first: str,
        saver: str,
        error: str,
        attempts: str,
    ) -> None:
        super().__init__(context, function, class_name)
        self.first = first
        self.saver = saver
        self.error = error
        self.attempts = attempts

    def nothing_to_do(self) -> str:
        return f"`{self.where}` already retries `{self.saver}` on `{self.error}`"

    def change_function(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        body = body_of(updated_node)
        saves = [index for index, statement in enumerate(body) if _calls(statement, self.saver)]
        if not saves:
            if m.findall(updated_node, m.Try()):
                return updated_node
            raise CannotTransform(f"`{self.where}` does not call `{self.saver}`")
        starts = [index for index, statement in enumerate(body) if assigned_name(statement)]
        starts = [index for index in starts if assigned_name(body[index]) == self.first]
        if len(saves) != 1 or len(starts) != 1 or starts[0] > saves[0]:
            raise CannotTransform(
                f"`{self.where}` does not assign `{self.first}` once, then call `{self.saver}` once"
            )
        start, save = starts[0], saves[0]
        attempt = f"for attempt in range(1, {self.attempts} + 1):\n"
        retried = "".join(_code(statement) for statement in body[start:save])
        handled = (
            f"try:\n{_indented(_code(body[save]))}except {self.error}:\n"
            f"    if attempt == {self.attempts}:\n        raise\nelse:\n    break\n"
        )
        loop = cst.parse_statement(attempt + _indented(retried + handled))
        loop = loop.with_changes(leading_lines=body[start].leading_lines)
        self.edited()
        return with_body(updated_node, [*body[:start], loop, *body[save + 1 :]])


def _code(statement: cst.BaseStatement) -> str:
    return _EMPTY.code_for_node(statement)


def _indented(code: str) -> str:
    return textwrap.indent(code, "    ", lambda line: bool(line.strip()))
