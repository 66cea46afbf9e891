"""Codemods on a class: drop or add a constructor dependency, add a method."""

from __future__ import annotations

import textwrap

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext

from migration_steps.codemods.base import CannotTransform, PlaybookCodemod
from migration_steps.codemods.nodes import drop_elements, drop_statements, single_statement


def _self_attribute_assigned_from(statement: cst.BaseStatement, parameter: str) -> str | None:
    """`_x` for a line `self._x = parameter`; None otherwise."""
    small = single_statement(statement)
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return None
    target = small.targets[0].target
    if m.matches(target, m.Attribute(value=m.Name("self"))) and m.matches(
        small.value, m.Name(parameter)
    ):
        return target.attr.value  # type: ignore[attr-defined]
    return None


def _method(body: cst.IndentedBlock, name: str) -> cst.FunctionDef | None:
    for statement in body.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
            return statement
    return None


class RemoveConstructorDependency(PlaybookCodemod):
    DESCRIPTION = (
        "drop the `{parameter}` parameter of `{class_name}.__init__` and the attribute it was "
        "stored in; refuses while a method still uses that attribute"
    )

    def __init__(self, context: CodemodContext, class_name: str, parameter: str) -> None:
        super().__init__(context)
        self.class_name = class_name
        self.parameter = parameter

    def nothing_to_do(self) -> str:
        return f"`{self.class_name}.__init__` takes no `{self.parameter}`"

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        if original_node.name.value != self.class_name:
            return updated_node
        block = updated_node.body
        original_init = _method(original_node.body, "__init__")  # type: ignore[arg-type]
        init = _method(block, "__init__")  # type: ignore[arg-type]
        if init is None or original_init is None:
            return updated_node
        params, removed = drop_elements(
            init.params.params, lambda param: param.name.value == self.parameter
        )
        if not removed:
            return updated_node
        kept, dropped = drop_statements(
            original_init.body.body,  # type: ignore[arg-type]
            init.body.body,  # type: ignore[arg-type]
            lambda statement: _self_attribute_assigned_from(statement, self.parameter) is not None,
        )
        attributes = {_self_attribute_assigned_from(s, self.parameter) for s in dropped}
        new_init = init.with_changes(
            params=init.params.with_changes(params=params),
            body=init.body.with_changes(body=kept),
        )
        if m.findall(new_init, m.Name(self.parameter)):
            raise CannotTransform(f"`__init__` still uses `{self.parameter}`")
        for attribute in attributes:
            uses = m.Attribute(value=m.Name("self"), attr=m.Name(attribute))
            if len(m.findall(block, uses)) > len(m.findall(init, uses)):
                raise CannotTransform(
                    f"`{self.class_name}` still uses `self.{attribute}`; move those uses first"
                )
        for param in original_init.params.params:
            if param.name.value == self.parameter:
                self.remove_unused_import_by_node(param)
        self.edited()
        return updated_node.with_changes(
            body=block.with_changes(
                body=[new_init if statement is init else statement for statement in block.body]
            )
        )


class AddConstructorDependency(PlaybookCodemod):
    DESCRIPTION = (
        "give `{class_name}.__init__` a keyword parameter `{parameter}: {annotation}`, "
        "stored as `self.{attribute}`"
    )

    def __init__(
        self,
        context: CodemodContext,
        class_name: str,
        parameter: str,
        annotation: str,
        attribute: str,
    ) -> None:
        super().__init__(context)
        self.class_name = class_name
        self.parameter = parameter
        self.annotation = annotation
        self.attribute = attribute

    def nothing_to_do(self) -> str:
        return f"`{self.class_name}.__init__` already takes `{self.parameter}`"

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        if original_node.name.value != self.class_name:
            return updated_node
        block = updated_node.body
        init = _method(block, "__init__")  # type: ignore[arg-type]
        if init is None:
            raise CannotTransform(f"`{self.class_name}` has no `__init__`")
        params = init.params
        if any(p.name.value == self.parameter for p in (*params.params, *params.kwonly_params)):
            return updated_node
        if not params.kwonly_params:
            raise CannotTransform(f"`{self.class_name}.__init__` has no keyword-only parameters")
        kwonly = list(params.kwonly_params)
        last = kwonly[-1]
        new_param = cst.Param(
            name=cst.Name(self.parameter),
            annotation=cst.Annotation(cst.parse_expression(self.annotation)),
            comma=last.comma,
        )
        if len(kwonly) > 1 and isinstance(kwonly[-2].comma, cst.Comma):
            kwonly[-1] = last.with_changes(comma=kwonly[-2].comma)
        else:
            kwonly[-1] = last.with_changes(
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            )
        body = list(init.body.body)  # type: ignore[union-attr]
        last_store = max(
            (i for i, s in enumerate(body) if _stores_on_self(s)), default=len(body) - 1
        )
        body.insert(
            last_store + 1,
            cst.parse_statement(f"self.{self.attribute} = {self.parameter}\n"),
        )
        new_init = init.with_changes(
            params=params.with_changes(kwonly_params=[*kwonly, new_param]),
            body=init.body.with_changes(body=body),
        )
        self.edited()
        return updated_node.with_changes(
            body=block.with_changes(
                body=[new_init if statement is init else statement for statement in block.body]
            )
        )


def _stores_on_self(statement: cst.BaseStatement) -> bool:
    small = single_statement(statement)
    return isinstance(small, cst.Assign) and m.matches(
        small.targets[0].target, m.Attribute(value=m.Name("self"))
    )


class AddMethod(PlaybookCodemod):
    DESCRIPTION = "add the method `{name}` to `{class_name}`, after `{after}`"

    def __init__(
        self, context: CodemodContext, class_name: str, name: str, after: str, source: str
    ) -> None:
        super().__init__(context)
        self.class_name = class_name
        self.name = name
        self.after = after
        self.source = textwrap.dedent(source).strip() + "\n"

    def nothing_to_do(self) -> str:
        return f"`{self.class_name}` already has a method `{self.name}`"

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        if original_node.name.value != self.class_name:
            return updated_node
        block = updated_node.body
        if _method(block, self.name) is not None:  # type: ignore[arg-type]
            return updated_node
        anchor = _method(block, self.after)  # type: ignore[arg-type]
        if anchor is None:
            raise CannotTransform(f"`{self.class_name}` has no method `{self.after}`")
        method = cst.parse_statement(self.source)
        if not isinstance(method, cst.FunctionDef) or method.name.value != self.name:
            raise ValueError(f"the source of {self.name} is not one function named so")
        method = method.with_changes(leading_lines=[cst.EmptyLine(indent=False)])
        body = list(block.body)  # type: ignore[arg-type]
        body.insert(body.index(anchor) + 1, method)
        self.edited()
        return updated_node.with_changes(body=block.with_changes(body=body))
