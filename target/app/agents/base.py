"""What every agent offers: a deterministic reply, or None to leave the turn to a human operator."""

from __future__ import annotations

import re
from typing import Protocol


class Agent(Protocol):
    name: str

    def reply(self, text: str) -> str | None: ...


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def first_match(text: str, rules: tuple[tuple[frozenset[str], str], ...]) -> str | None:
    words = words_of(text)
    for keywords, answer in rules:
        if words & keywords:
            return answer
    return None
