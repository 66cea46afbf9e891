"""What a scenario works with: the stage, a fresh database, a manual clock, and a timeline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from migration_steps.clock import ManualClock
from migration_steps.scenarios.database_view import DatabaseView
from migration_steps.scenarios.sql_counter import StatementCounter
from migration_steps.stages.context import StageContext

FLUSH_DELAY_SECONDS = 2.0

# Which instance is acting. Background tasks an instance starts inherit it, so the statement
# counter can tell whose debounced flush wrote.
acting_instance: ContextVar[str] = ContextVar("acting_instance", default="")


@dataclass
class TimelineEntry:
    t: float
    actor: str
    action: str
    result: str = ""
    database_change: list[str] = field(default_factory=list)
    value: Any = field(default=None, repr=False)  # the call's raw result, for transcripts

    def as_dict(self) -> dict[str, Any]:
        return {
            "t": round(self.t, 3),
            "actor": self.actor,
            "action": self.action,
            "result": self.result,
            "database_change": self.database_change,
        }


class ScenarioEnvironment:
    """Opens application instances on one database and records each step with its effect."""

    def __init__(
        self, stage: StageContext, database_url: str, view: DatabaseView | None = None
    ) -> None:
        """`view`: a reader of this database to share (the caller closes it), else an own one."""
        self.stage = stage
        self.database_url = database_url
        self.clock = ManualClock()
        self._owns_view = view is None
        self.view = DatabaseView(database_url) if view is None else view
        self.counter = StatementCounter(writer=acting_instance.get)
        self.timeline: list[TimelineEntry] = []
        self.events: list[dict[str, Any]] = []
        self._apps: dict[str, Any] = {}
        self._closed: set[str] = set()
        self._events_seen: dict[str, int] = {}
        self._watched: str | None = None
        self._last_seen: list[str] = []

    async def __aenter__(self) -> ScenarioEnvironment:
        self.counter.__enter__()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        try:
            for name, app in self._apps.items():
                if name not in self._closed:
                    await app.close()
        finally:
            self.counter.__exit__()
            if self._owns_view:
                await self.view.close()

    async def open_app(self, name: str) -> Any:
        """Start an instance; the schema set-up it runs is not counted as its statements."""
        settings = self.stage.make_settings(
            database_url=self.database_url,
            clock=self.clock,
            flush_delay_seconds=FLUSH_DELAY_SECONDS,
        )
        with self.counter.paused():
            app = await self.stage.create_app(settings)
        self._apps[name] = app
        self._events_seen[name] = 0
        return app

    async def close_app(self, name: str) -> None:
        """Shut an instance down (its shutdown writes are counted); its events stay readable."""
        self.collect_events()
        token = acting_instance.set(name)
        try:
            await self._apps[name].close()
        finally:
            acting_instance.reset(token)
        self._closed.add(name)

    @property
    def instances(self) -> dict[str, Any]:
        """Every instance opened so far, by name, in opening order (closed ones included)."""
        return dict(self._apps)

    def watch(self, session_id: str) -> None:
        """Report, after each step, how the stored messages of this session changed."""
        self._watched = session_id

    async def step(
        self, instance: str, actor: str, action: str, call: Callable[[], Awaitable[Any]]
    ) -> Any:
        """Run one call as `instance`, and record it with the change it made to the database."""
        token = acting_instance.set(instance)
        try:
            result = await call()
        finally:
            acting_instance.reset(token)
        entry = TimelineEntry(
            self.clock.now(), f"{instance} · {actor}", action, describe(result), value=result
        )
        entry.database_change = await self._database_change()
        self.timeline.append(entry)
        self.collect_events()
        return result

    async def advance(self, seconds: float) -> None:
        """Let time pass; every window that closes meanwhile runs its background work."""
        writes_before = Counter(self.counter.writes_by_writer)
        await self.clock.advance(seconds)
        for name, app in self._apps.items():
            if name not in self._closed:
                await app.drain()
        writers = sorted(set((Counter(self.counter.writes_by_writer) - writes_before).elements()))
        change = await self._database_change()
        if writers or change:
            actor = f"{' + '.join(writers) or '?'} · background"
            self.timeline.append(
                TimelineEntry(self.clock.now(), actor, "debounced flush from memory", "", change)
            )
        self.collect_events()

    def collect_events(self) -> None:
        """Append to `events` what each instance's observability subscribers saw since last time."""
        for name, app in self._apps.items():
            records = app.observed_events()
            self.events.extend(records[self._events_seen[name] :])
            self._events_seen[name] = len(records)

    async def settle(self) -> None:
        """Run every pending window, so nothing is left for shutdown."""
        await self.advance(10 * FLUSH_DELAY_SECONDS)

    async def stored_messages(self, session_id: str) -> list[str]:
        with self.counter.paused():
            return await self.view.messages(session_id)

    async def stored_agent(self, session_id: str) -> tuple[str | None, list[str]]:
        with self.counter.paused():
            return await self.view.agent(session_id)

    async def stored_status(self, session_id: str) -> str | None:
        with self.counter.paused():
            return await self.view.status(session_id)

    async def _database_change(self) -> list[str]:
        if self._watched is None:
            return []
        now = await self.stored_messages(self._watched)
        change = diff_messages(self._last_seen, now)
        self._last_seen = now
        return change

    def acknowledged_messages(self, session_id: str) -> list[str]:
        """Every message a domain service stored and announced, across instances, in order."""
        return [
            f"{record['role']}: {record['content']}"
            for record in self.events
            if record["event"] == "MessageReceived" and record["session_id"] == session_id
        ]

    def acknowledged_switches(self, session_id: str) -> list[str]:
        return [
            f"{record['from_agent']} → {record['to_agent']}"
            for record in self.events
            if record["event"] == "AgentSwitched" and record["session_id"] == session_id
        ]


def diff_messages(before: list[str], after: list[str]) -> list[str]:
    return [f"- {item}" for item in missing(before, after)] + [
        f"+ {item}" for item in missing(after, before)
    ]


def missing(expected: list[str], stored: list[str]) -> list[str]:
    """What was acknowledged but is not stored (as a multiset difference, in expected order)."""
    remaining = Counter(stored)
    lost = []
    for item in expected:
        if remaining[item] > 0:
            remaining[item] -= 1
        else:
            lost.append(item)
    return lost


def describe(result: Any) -> str:
    if result is None:
        return ""
    if isinstance(result, str):
        return result
    fields = getattr(result, "__dataclass_fields__", None)
    if fields:
        return ", ".join(f"{name}={getattr(result, name)!r}" for name in fields)
    return repr(result)
