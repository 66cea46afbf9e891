"""Answers technical problems: crashes, errors, logins."""

from __future__ import annotations

from app.agents.base import first_match

TECH_RULES = (
    (frozenset({"crash", "crashes", "crashed"}), "Please update to the latest version and retry."),
    (frozenset({"login", "password"}), "Reset your password from the sign-in page."),
    (frozenset({"error", "bug", "broken"}), "Which error message do you see?"),
)


class TechAgent:
    name = "tech"

    def reply(self, text: str) -> str | None:
        return first_match(text, TECH_RULES) or "Tech support here: what is not working?"
