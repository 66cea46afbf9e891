"""Read a results file for the docs, refusing one that is missing, corrupted or of another kind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from migration_steps.docs.schema import RESULTS_SCHEMA_ID, schema_problems
from migration_steps.errors import BadInputError

_SHOWN_PROBLEMS = 3


def load_results(path: Path) -> dict[str, Any]:
    """The parsed results of `playbook run`; BadInputError (exit 2) with the first problems."""
    if not path.is_file():
        raise BadInputError(f"no results file at {path}: run `playbook run` first (or --results)")
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise BadInputError(f"{path} is not valid JSON ({error})") from error
    if not isinstance(results, dict):
        raise BadInputError(f"{path} holds no JSON object: not a results file")
    try:
        json.dumps(results, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # "\ud800" escapes parse into text no page can hold
        raise BadInputError(f"{path} holds a lone surrogate (\\ud800-\\udfff): not text") from None
    if results.get("schema") != RESULTS_SCHEMA_ID:
        raise BadInputError(
            f"{path} has schema {results.get('schema')!r}, expected {RESULTS_SCHEMA_ID!r}"
        )
    problems = schema_problems(results)
    if problems:
        more = len(problems) - _SHOWN_PROBLEMS
        shown = "; ".join(problems[:_SHOWN_PROBLEMS]) + (f"; and {more} more" if more > 0 else "")
        raise BadInputError(f"{path} is not a valid results file: {shown}")
    return results
