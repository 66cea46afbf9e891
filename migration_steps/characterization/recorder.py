"""Builds one scenario's transcript: named checks (compared with the golden) and information.

Check names start with their kind: `api`, `rows`, `events`, `statements`, `loss` or
`consistency`. A scenario records its API calls as it goes; `finish()` adds what every scenario
shares: the stored rows of each session it created, the events each instance's observability
subscribers saw, the SQL statements by verb and table, and what was lost or duplicated against
what the services acknowledged (a `MessageReceived` / `AgentSwitched` event is published only
after the write). A stage whose `Application` has `consistency_reports()` (step 1b's consistency
check) also gets what each instance reported, so these checks exist at that stage only.

A *racy* scenario (concurrent writers) has raw outcomes that vary from run to run; it records
stable properties instead (any message lost? stored ⊆ acknowledged? which kinds of events?) and
keeps raw counts as information.
"""

from __future__ import annotations

from typing import Any

from migration_steps.characterization.normalise import SessionLabels, canonical
from migration_steps.scenarios.environment import ScenarioEnvironment, missing

# Whether a racy scenario (concurrent writers) lost any acknowledged message.
RACY_LOSS_CHECK = "loss: messages lost (any)"


class Recorder:
    def __init__(self, env: ScenarioEnvironment) -> None:
        self.env = env
        self.labels = SessionLabels()
        self.checks: dict[str, Any] = {}
        self.info: dict[str, Any] = {}
        self.racy = False

    def check(self, name: str, value: Any) -> None:
        """Record a check; a name used twice in one scenario gets ' #2', ' #3', ..."""
        unique, number = name, 1
        while unique in self.checks:
            number += 1
            unique = f"{name} #{number}"
        self.checks[unique] = canonical(value)

    def call_name(self, app: Any, method: str, args: tuple[Any, ...]) -> str:
        instance = next((name for name, a in self.env.instances.items() if a is app), "?")
        prefix = "" if instance == "A" else f"{instance} · "
        shown = ", ".join(self.labels.argument(arg) for arg in args)
        return f"api: {prefix}{method}({shown})"

    async def call(self, app: Any, method: str, *args: Any) -> Any:
        """Call `app.method(*args)` and record its result, or the error it raised."""
        name = self.call_name(app, method, args)
        try:
            result = await getattr(app, method)(*args)
        except Exception as error:
            self.check(name, self.labels.error(error))
            return None
        if method == "create_session" and isinstance(result, str):
            self.labels.add(result)
        self.check(name, self.labels.value(result))
        return result

    def label_sessions_from_events(self) -> None:
        self.env.collect_events()
        for app in self.env.instances.values():
            for record in app.observed_events():
                if record.get("event") == "SessionCreated":
                    self.labels.add(record["session_id"])

    async def finish(self) -> dict[str, Any]:
        """Add the shared checks; return {"checks", "info"}."""
        self.label_sessions_from_events()
        outcomes = []
        for session_id, label in self.labels.items():
            outcomes.append(await self._session_rows(session_id, label))
        self._events()
        self._statements()
        self._losses(outcomes)
        self._consistency_reports()
        return {"checks": self.checks, "info": canonical(self.info)}

    async def _session_rows(self, session_id: str, label: str) -> dict[str, Any]:
        stored = await self.env.stored_messages(session_id)
        agent, switches = await self.env.stored_agent(session_id)
        if not self.racy:
            self.check(f"rows: {label} messages", stored)
        self.check(f"rows: {label} status", await self.env.stored_status(session_id))
        self.check(f"rows: {label} agent", agent)
        self.check(f"rows: {label} switches", switches)
        return {
            "label": label,
            "stored": stored,
            "acknowledged": self.env.acknowledged_messages(session_id),
            "stored_switches": switches,
            "acknowledged_switches": self.env.acknowledged_switches(session_id),
        }

    def _events(self) -> None:
        for name, app in self.env.instances.items():
            records = [self.labels.value(record) for record in app.observed_events()]
            if self.racy:
                self.check(f"events: {name} kinds", sorted({r["event"] for r in records}))
            else:
                self.check(f"events: {name}", records)

    def _consistency_reports(self) -> None:
        for name, app in self.env.instances.items():
            reports = getattr(app, "consistency_reports", None)
            if reports is not None:
                self.check(f"consistency: {name} reports", self.labels.value(reports()))

    def _statements(self) -> None:
        counts = self.env.counter.snapshot()
        self.info["rows written"] = counts["rows_written"]
        if self.racy:
            return
        for verb, count in counts["by_verb"].items():
            self.check(f"statements: {verb}", count)
        for key, count in counts["by_table"].items():
            self.check(f"statements: {key}", count)

    def _losses(self, outcomes: list[dict[str, Any]]) -> None:
        lost, duplicated, switches_lost, unknown = [], [], [], []
        for outcome in outcomes:
            label, stored, acknowledged = (
                outcome["label"],
                outcome["stored"],
                outcome["acknowledged"],
            )
            lost += [f"{label} {item}" for item in missing(acknowledged, stored)]
            duplicated += [f"{label} {item}" for item in missing(stored, acknowledged)]
            unknown += [f"{label} {item}" for item in set(stored) - set(acknowledged)]
            switches_lost += [
                f"{label} {item}"
                for item in missing(outcome["acknowledged_switches"], outcome["stored_switches"])
            ]
        self.info.update(
            {
                "acknowledged": sum(len(outcome["acknowledged"]) for outcome in outcomes),
                "stored": sum(len(outcome["stored"]) for outcome in outcomes),
                "lost": len(lost),
                "duplicated": len(duplicated),
            }
        )
        if self.racy:
            self.check(RACY_LOSS_CHECK, bool(lost))
            self.check("loss: messages duplicated (any)", bool(duplicated))
            self.check("loss: stored ⊆ acknowledged", not unknown)
        else:
            self.check("loss: messages lost", lost)
            self.check("loss: messages duplicated", duplicated)
        self.check("loss: switches lost", switches_lost)
