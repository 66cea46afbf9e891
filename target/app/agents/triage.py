"""The first agent of every session: greets, and leaves small talk to a human operator."""

from __future__ import annotations

from app.agents.base import first_match

GREETING_RULES = (
    (frozenset({"hello", "hi", "hey"}), "Hi"),
    (frozenset({"thanks", "thank"}), "You're welcome."),
)


class TriageAgent:
    name = "triage"

    def reply(self, text: str) -> str | None:
        return first_match(text, GREETING_RULES)
