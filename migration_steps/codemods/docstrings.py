"""A codemod that rewrites a module's docstring when what it says is no longer true."""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext

from migration_steps.codemods.base import CannotTransform, PlaybookCodemod
from migration_steps.codemods.nodes import docstring_of


class ReplaceModuleDocstring(PlaybookCodemod):
    DESCRIPTION = "replace the module docstring with: {text}"

    def __init__(self, context: CodemodContext, text: str) -> None:
        super().__init__(context)
        self.text = text

    def nothing_to_do(self) -> str:
        return "the module docstring already says this"

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        docstring = docstring_of(updated_node.body)
        if docstring is None:
            raise CannotTransform("the module has no docstring to replace")
        if docstring.evaluated_value == self.text:
            return updated_node
        self.edited()
        return updated_node.deep_replace(docstring, cst.SimpleString(_quoted(self.text)))


def _quoted(text: str) -> str:
    if '"""' in text or text.endswith('"') or "\\" in text:
        raise ValueError("docstring text must not contain triple quotes or backslashes")
    return f'"""{text}"""'
