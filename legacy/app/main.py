"""Composition root: builds every component of one application instance and wires them."""

from __future__ import annotations

from app.agents import default_agents
from app.agents.router import AgentRouter
from app.application import Application
from app.clock import SystemClock, utc_now
from app.config import Settings
from app.db.engine import create_database_engine, create_schema
from app.events.bus import EventBus
from app.events.subscribers.audit_logger import AuditLogger
from app.events.subscribers.metrics_collector import MetricsCollector
from app.events.subscribers.persistence_subscriber import PersistenceSubscriber
from app.events.subscribers.session_metrics import SessionMetricsCollector
from app.handlers.chat_handler import ChatHandler
from app.repositories.agent_context_repository import AgentContextRepositoryImpl
from app.repositories.session_repository import SessionRepositoryImpl
from app.services.agent_orchestration import AgentOrchestrationService
from app.services.session_management import SessionManagementService
from app.session_manager.async_session_manager import AsyncSessionManager, SessionDbService


async def create_app(settings: Settings) -> Application:
    clock = settings.clock or SystemClock()
    engine = create_database_engine(settings.database_url)
    await create_schema(engine)

    bus = EventBus()
    sessions = SessionManagementService(SessionRepositoryImpl(engine), bus.publish, utc_now)
    orchestration = AgentOrchestrationService(
        AgentContextRepositoryImpl(engine), sessions, default_agents(), bus.publish, utc_now
    )
    session_manager = AsyncSessionManager(SessionDbService(engine))
    chat = ChatHandler(sessions, orchestration, AgentRouter(), session_manager)

    audit = AuditLogger()
    audit.subscribe(bus)
    metrics = MetricsCollector()
    metrics.subscribe(bus)
    session_metrics = SessionMetricsCollector()
    session_metrics.subscribe(bus)
    persistence_subscriber = PersistenceSubscriber(
        session_manager, clock, settings.flush_delay_seconds
    )
    persistence_subscriber.subscribe(bus)

    return Application(
        chat=chat,
        sessions=sessions,
        orchestration=orchestration,
        audit=audit,
        metrics=metrics,
        session_metrics=session_metrics,
        background=[persistence_subscriber],
        shutdown_hooks=[persistence_subscriber.shutdown, engine.dispose],
    )
