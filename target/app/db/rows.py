"""Conversions between table rows and domain objects, shared by every writer of the tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row

from app.domain.models import AgentSwitch, Message, Role


def message_from_row(row: Row[Any]) -> Message:
    return Message(Role(row.role), row.content, as_utc(row.created_at))


def switch_history(switches: Iterable[AgentSwitch]) -> list[dict[str, str]]:
    return [
        {
            "from_agent": switch.from_agent,
            "to_agent": switch.to_agent,
            "reason": switch.reason,
            "switched_at": switch.switched_at.isoformat(),
        }
        for switch in switches
    ]


def switches_from_history(history: Sequence[dict[str, str]]) -> list[AgentSwitch]:
    return [
        AgentSwitch(
            item["from_agent"],
            item["to_agent"],
            item["reason"],
            datetime.fromisoformat(item["switched_at"]),
        )
        for item in history
    ]


def as_utc(moment: datetime) -> datetime:
    # SQLite hands timestamps back without their zone.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
