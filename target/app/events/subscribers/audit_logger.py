"""Keeps an audit trail of every domain event, and logs it."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from app.domain.events import AgentSwitched, MessageReceived, SessionClosed, SessionCreated
from app.events.bus import EventBus

logger = logging.getLogger("app.audit")

AUDITED_EVENTS = (SessionCreated, MessageReceived, AgentSwitched, SessionClosed)


class AuditLogger:
    def __init__(self) -> None:
        self._records: list[dict[str, Any]] = []

    def subscribe(self, bus: EventBus) -> None:
        for event_type in AUDITED_EVENTS:
            bus.subscribe(event_type, self.on_event)

    async def on_event(self, event: Any) -> None:
        record = {"event": type(event).__name__, **asdict(event)}
        self._records.append(record)
        logger.info("%s", record)

    def records(self) -> list[dict[str, Any]]:
        return list(self._records)
