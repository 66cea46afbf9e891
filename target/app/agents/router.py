"""Decides from a user's words whether another agent should take the session."""

from __future__ import annotations

from dataclasses import dataclass

from app.agents.base import words_of

TOPIC_KEYWORDS: dict[str, frozenset[str]] = {
    "billing": frozenset(
        {"invoice", "invoices", "refund", "refunds", "charge", "charged", "payment", "pay"}
    ),
    "tech": frozenset(
        {"crash", "crashes", "crashed", "error", "bug", "broken", "login", "password"}
    ),
}


@dataclass(frozen=True)
class RouteDecision:
    target: str | None
    reason: str = ""


class AgentRouter:
    def route(self, current_agent: str, text: str) -> RouteDecision:
        words = words_of(text)
        for agent, keywords in TOPIC_KEYWORDS.items():
            matched = sorted(words & keywords)
            if matched and agent != current_agent:
                return RouteDecision(agent, f"user mentioned {matched[0]!r}")
        return RouteDecision(None)
