"""Jinja2 filters that make arbitrary values safe in Markdown: cells, inline code, fences."""

from __future__ import annotations

import json
import re
from typing import Any


def longest_run(value: str, char: str) -> int:
    return max((len(run) for run in re.findall(f"{re.escape(char)}+", value)), default=0)


def fence(value: str, language: str = "", indent: int = 0) -> str:
    """A fenced code block holding `value` verbatim, indented by `indent` spaces."""
    ticks = "`" * max(3, longest_run(value, "`") + 1)
    block = [f"{ticks}{language}", *value.splitlines(), ticks]
    pad = " " * indent
    return "\n".join(pad + line if line else "" for line in block)


def code(value: Any) -> str:
    """Inline code that survives backticks and pipes inside the value."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    ticks = "`" * (longest_run(text, "`") + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def cell(value: Any) -> str:
    """A table cell: one line, pipes escaped, None shown as a dash."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return format(value, "g")
    text = " ".join(str(value).split())
    for char in "\\|*_[]`":
        text = text.replace(char, "\\" + char)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def show(value: Any) -> str:
    """A string as it is, any other value as compact JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def clip(value: str, limit: int = 160) -> str:
    """At most `limit` characters, cut at a word, for table cells whose full value is elsewhere."""
    if len(value) <= limit:
        return value
    return value[:limit].rsplit(" ", 1)[0] + " …"


def pretty(value: Any) -> str:
    """JSON as people read it: one item per line, non-ASCII kept."""
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False)


def number(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return format(value, "g")
    return str(value)


def signed(value: Any) -> str:
    if value is None:
        return ""
    if value == 0:
        return "0"
    return ("+" if value > 0 else "−") + number(abs(value))


def indent_block(value: str, width: int = 4) -> str:
    pad = " " * width
    return "\n".join(pad + line if line.strip() else "" for line in value.splitlines())


FILTERS = {
    "fence": fence,
    "code": code,
    "cell": cell,
    "pretty": pretty,
    "show": show,
    "clip": clip,
    "number": number,
    "signed": signed,
    "indent_block": indent_block,
}
