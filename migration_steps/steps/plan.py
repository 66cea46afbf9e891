"""`EditPlan`: how a step states its edits. Each call checks the tree first, then records.

Nothing touches the disk here: edits pile up over an in-memory overlay of the tree, so later
edits and reference checks see earlier ones, and the step is written only when all succeed.
A call that finds the tree in an unexpected state raises `Refusal` with a one-line reason.
"""

from __future__ import annotations

import io
import tokenize

from migration_steps.codemods import Changed, CodemodSpec, Skipped
from migration_steps.steps.model import FileEdit, Refusal, StepPlan
from migration_steps.steps.tree import OverlayTree, SourceTree


class EditPlan:
    def __init__(self, step_id: str, tree: SourceTree) -> None:
        self.step_id = step_id
        self.original = tree
        self.tree = OverlayTree(tree, {})
        self._how: dict[str, list[str]] = {}
        self._notes: list[str] = []
        self._token_cache: dict[str, tuple[str, list[tokenize.TokenInfo]]] = {}

    def exists(self, path: str) -> bool:
        return self.tree.read(path) is not None

    def read(self, path: str) -> str:
        text = self.tree.read(path)
        if text is None:
            raise Refusal(f"{path} is missing")
        return text

    def refuse(self, reason: str) -> None:
        raise Refusal(reason)

    def delete(self, path: str) -> None:
        self.read(path)
        self._record(path, None, "delete")

    def create(self, path: str, text: str) -> None:
        if self.exists(path):
            raise Refusal(f"{path} already exists")
        self._record(path, text, "new file")

    def transform(self, path: str, *codemods: CodemodSpec) -> None:
        """Run each codemod in turn; any that skips or fails refuses the step."""
        self._transform(path, codemods, optional=False)

    def transform_where_applicable(self, path: str, *codemods: CodemodSpec) -> None:
        """Like `transform`, but a codemod with nothing to do is noted and passed over."""
        self._transform(path, codemods, optional=True)

    def _transform(self, path: str, codemods: tuple[CodemodSpec, ...], *, optional: bool) -> None:
        text = self.read(path)
        for spec in codemods:
            outcome = spec.run(text)
            if isinstance(outcome, Changed):
                text = outcome.code
                self._record(path, text, spec.description)
            elif isinstance(outcome, Skipped) and optional:
                self._notes.append(f"{path}: kept as is: {outcome.reason}")
            else:
                raise Refusal(f"{path}: {outcome.reason}")

    def _record(self, path: str, text: str | None, how: str) -> None:
        self.tree.changes[path] = text
        self._how.setdefault(path, []).append(how)

    def python_files(self, under: str = "") -> list[str]:
        prefix = f"{under.rstrip('/')}/" if under else ""
        return [
            path for path in self.tree.files() if path.endswith(".py") and path.startswith(prefix)
        ]

    def files_using(self, name: str, under: str = "", *, besides: str = "") -> list[str]:
        """Python files that mention the identifier `name` in code (not in strings or comments)."""
        return [
            path
            for path in self.python_files(under)
            if path != besides
            and any(t.type == tokenize.NAME and t.string == name for t in self._tokens(path))
        ]

    def attribute_readers(self, name: str, *, besides: str = "") -> list[str]:
        """Python files that read `x.name` or pass `name=` to a call: users of a field `name`."""
        return [
            path
            for path in self.python_files()
            if path != besides and _uses_field(self._tokens(path), name)
        ]

    def _tokens(self, path: str) -> list[tokenize.TokenInfo]:
        text = self.read(path)
        cached = self._token_cache.get(path)
        if cached is not None and cached[0] == text:
            return cached[1]
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
        except (tokenize.TokenError, SyntaxError) as error:
            raise Refusal(f"{path} does not parse: {error}") from None
        self._token_cache[path] = (text, tokens)
        return tokens

    def finish(self) -> StepPlan:
        edits = []
        for path, after in sorted(self.tree.changes.items()):
            before = self.original.read(path)
            if before == after:
                continue
            edits.append(FileEdit(path, before, after, tuple(self._how[path])))
        return StepPlan(self.step_id, tuple(edits), tuple(self._notes))


def identifiers(source: str) -> set[str]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {token.string for token in tokens if token.type == tokenize.NAME}


_LINE_STARTS = {tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT}


def _uses_field(tokens: list[tokenize.TokenInfo], name: str) -> bool:
    """`x.name` or `f(name=...)` outside import statements (`from tests.support.clock`)."""
    depth = 0
    in_import = False
    at_line_start = True
    for index, token in enumerate(tokens):
        if token.type in _LINE_STARTS or token.type == tokenize.COMMENT:
            at_line_start = at_line_start or token.type != tokenize.COMMENT
            if token.type == tokenize.NEWLINE:
                in_import = False
            continue
        if at_line_start and token.string in ("from", "import"):
            in_import = True
        at_line_start = False
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
        if in_import or token.type != tokenize.NAME or token.string != name:
            continue
        before = tokens[index - 1].string if index else ""
        after = tokens[index + 1].string if index + 1 < len(tokens) else ""
        if before == "." or (depth > 0 and after == "="):
            return True
    return False
