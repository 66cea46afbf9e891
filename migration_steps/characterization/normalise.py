"""Turns what a stage's API returns or raises into plain JSON that is the same on every run.

Generated session ids become labels (S1, S2, ... in the order the scenario met them), results
become dicts or 'role: content' strings, errors become their type name and message.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

_SHOWN_CHARACTERS = 60


class SessionLabels:
    def __init__(self) -> None:
        self._labels: dict[str, str] = {}

    def add(self, session_id: str) -> str:
        if session_id not in self._labels:
            self._labels[session_id] = f"S{len(self._labels) + 1}"
        return self._labels[session_id]

    def items(self) -> list[tuple[str, str]]:
        """(session id, label) in labelling order."""
        return list(self._labels.items())

    def text(self, text: str) -> str:
        if text in self._labels:
            return self._labels[text]
        for session_id, label in self._labels.items():
            text = text.replace(session_id, label)
        return text

    def value(self, value: Any) -> Any:
        """A JSON-ready, id-free form of an API result."""
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, Enum):
            return self.value(value.value)
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {str(key): self.value(value[key]) for key in sorted(value, key=str)}
        if hasattr(value, "role") and hasattr(value, "content"):
            return f"{self.value(value.role)}: {self.text(str(value.content))}"
        if dataclasses.is_dataclass(value):
            fields = sorted(field.name for field in dataclasses.fields(value))
            return {name: self.value(getattr(value, name)) for name in fields}
        return self.text(repr(value))

    def error(self, error: BaseException) -> dict[str, str]:
        return {"error": type(error).__name__, "message": self.text(str(error))}

    def argument(self, value: Any) -> str:
        """How an argument is shown in a check's name: labels bare, long text shortened."""
        if isinstance(value, str) and value in self._labels:
            return self._labels[value]
        if isinstance(value, str) and len(value) > _SHOWN_CHARACTERS:
            return f"{value[:8]!r}… ({len(value)} characters)"
        return repr(value)


def canonical(value: Any) -> Any:
    """The value with every dict's keys sorted, so its JSON text is stable."""
    if isinstance(value, dict):
        return {str(key): canonical(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    return value
