"""Inserting an argument into a call in the call's own layout (one per line, or inline)."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

_EMPTY = cst.Module([])


def code_of(node: cst.CSTNode) -> str:
    """The node's source text, as one would write it in a parameter (`messages.c.seq`)."""
    return _EMPTY.code_for_node(node).strip()


def insert_argument(
    args: Sequence[cst.Arg], position: int, value: cst.BaseExpression
) -> list[cst.Arg]:
    """`args` with `value` inserted at `position`: on a line of its own when the arguments are
    one per line, after a space otherwise."""
    updated = list(args)
    if not updated:
        return [cst.Arg(value=value)]
    separator = _separator(updated)
    if position < len(updated):
        updated.insert(position, cst.Arg(value=value, comma=separator))
        return updated
    last = updated[-1]
    updated[-1] = last.with_changes(comma=separator, whitespace_after_arg=cst.SimpleWhitespace(""))
    updated.append(
        cst.Arg(value=value, comma=last.comma, whitespace_after_arg=last.whitespace_after_arg)
    )
    return updated


def _separator(args: list[cst.Arg]) -> cst.Comma:
    """The comma (and the line break or space after it) that separates two arguments."""
    if len(args) > 1 and isinstance(args[0].comma, cst.Comma):
        return args[0].comma
    last = args[-1]
    if isinstance(last.comma, cst.Comma) and isinstance(
        last.comma.whitespace_after, cst.ParenthesizedWhitespace
    ):
        return last.comma
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
