"""Deterministic, rule-based agents and the router that hands sessions between them."""

from __future__ import annotations

from app.agents.base import Agent
from app.agents.billing import BillingAgent
from app.agents.tech import TechAgent
from app.agents.triage import TriageAgent


def default_agents() -> dict[str, Agent]:
    agents: list[Agent] = [TriageAgent(), BillingAgent(), TechAgent()]
    return {agent.name: agent for agent in agents}
