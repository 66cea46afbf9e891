"""Agents answer deterministically from keywords; the router switches on topic words."""

from __future__ import annotations

import pytest

from app.agents import default_agents
from app.agents.billing import BillingAgent
from app.agents.router import AgentRouter, RouteDecision
from app.agents.tech import TechAgent
from app.agents.triage import TriageAgent


def test_the_three_agents_are_registered_by_name() -> None:
    agents = default_agents()

    assert {name: type(agent) for name, agent in agents.items()} == {
        "triage": TriageAgent,
        "billing": BillingAgent,
        "tech": TechAgent,
    }


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("Hello", "Hi"),
        ("hey there!", "Hi"),
        ("Thanks a lot", "You're welcome."),
        ("How are you?", None),
        ("", None),
    ],
)
def test_triage_greets_and_leaves_small_talk_to_a_human(text: str, reply: str | None) -> None:
    assert TriageAgent().reply(text) == reply


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("Where is my REFUND?", "Refunds reach your card within 5 business days."),
        ("I need an invoice", "Your invoices are under Account > Billing."),
        ("I was charged twice", "I see the payment; let me check it."),
        ("refund this charge", "Refunds reach your card within 5 business days."),
        ("Hello", "Billing here: how can I help with your account?"),
    ],
)
def test_billing_replies(text: str, reply: str) -> None:
    assert BillingAgent().reply(text) == reply


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("The app crashed", "Please update to the latest version and retry."),
        ("I forgot my password", "Reset your password from the sign-in page."),
        ("There is a bug", "Which error message do you see?"),
        ("Hello", "Tech support here: what is not working?"),
    ],
)
def test_tech_replies(text: str, reply: str) -> None:
    assert TechAgent().reply(text) == reply


@pytest.mark.parametrize(
    ("current", "text", "decision"),
    [
        ("triage", "I was charged twice", RouteDecision("billing", "user mentioned 'charged'")),
        ("triage", "The app crashes on start", RouteDecision("tech", "user mentioned 'crashes'")),
        ("billing", "login error", RouteDecision("tech", "user mentioned 'error'")),
        ("tech", "and a refund please", RouteDecision("billing", "user mentioned 'refund'")),
        ("triage", "refund after the crash", RouteDecision("billing", "user mentioned 'refund'")),
        ("triage", "Hello", RouteDecision(None)),
        ("billing", "my invoice and a refund", RouteDecision(None)),
        ("tech", "it crashed", RouteDecision(None)),
    ],
)
def test_router_switches_on_topic_words_of_another_agent(
    current: str, text: str, decision: RouteDecision
) -> None:
    assert AgentRouter().route(current, text) == decision


def test_router_and_agents_are_deterministic() -> None:
    texts = ["I was charged twice", "login error", "Hello", "How are you?"]

    first = [
        (AgentRouter().route("triage", t), default_agents()["billing"].reply(t)) for t in texts
    ]
    second = [
        (AgentRouter().route("triage", t), default_agents()["billing"].reply(t)) for t in texts
    ]

    assert first == second
