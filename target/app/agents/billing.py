"""Answers questions about invoices, refunds and payments."""

from __future__ import annotations

from app.agents.base import first_match

BILLING_RULES = (
    (frozenset({"refund", "refunds"}), "Refunds reach your card within 5 business days."),
    (frozenset({"invoice", "invoices"}), "Your invoices are under Account > Billing."),
    (frozenset({"charge", "charged", "payment", "pay"}), "I see the payment; let me check it."),
)


class BillingAgent:
    name = "billing"

    def reply(self, text: str) -> str | None:
        return first_match(text, BILLING_RULES) or "Billing here: how can I help with your account?"
