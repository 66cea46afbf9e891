"""Composition root: builds every component of one application instance and wires them."""

from __future__ import annotations

from app.agents import default_agents
from app.agents.router import AgentRouter
from app.application import Application
from app.clock import utc_now
from app.config import Settings
from app.db.engine import create_database_engine, create_schema
from app.db.storage_errors import raise_storage_errors
from app.events.bus import EventBus
from app.events.subscribers.audit_logger import AuditLogger
from app.events.subscribers.metrics_collector import MetricsCollector
from app.events.subscribers.session_metrics import SessionMetricsCollector
from app.handlers.chat_handler import ChatHandler
from app.repositories.agent_context_repository import AgentContextRepositoryImpl
from app.repositories.session_repository import SessionRepositoryImpl
from app.services.agent_orchestration import AgentOrchestrationService
from app.services.session_management import SessionManagementService


async def create_app(settings: Settings) -> Application:
    engine = create_database_engine(settings.database_url)
    raise_storage_errors(engine)
    await create_schema(engine)

    bus = EventBus()
    sessions = SessionManagementService(SessionRepositoryImpl(engine), bus.publish, utc_now)
    orchestration = AgentOrchestrationService(
        AgentContextRepositoryImpl(engine), sessions, default_agents(), bus.publish, utc_now
    )
    chat = ChatHandler(sessions, orchestration, AgentRouter())

    audit = AuditLogger()
    audit.subscribe(bus)
    metrics = MetricsCollector()
    metrics.subscribe(bus)
    session_metrics = SessionMetricsCollector()
    session_metrics.subscribe(bus)

    return Application(
        chat=chat,
        sessions=sessions,
        orchestration=orchestration,
        audit=audit,
        metrics=metrics,
        session_metrics=session_metrics,
        background=[],
        shutdown_hooks=[engine.dispose],
    )
