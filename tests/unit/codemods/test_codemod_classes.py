"""RemoveConstructorDependency, AddConstructorDependency, AddMethod: source in, source out."""

import pytest

from migration_steps.codemods import Changed, CodemodSpec, Failed, Skipped, codemod
from migration_steps.codemods.classes import (
    AddConstructorDependency,
    AddMethod,
    RemoveConstructorDependency,
)

HANDLER = """\
from app.memory import Manager
from app.services import Sessions


class Handler:
    def __init__(
        self,
        sessions: Sessions,
        manager: Manager,
    ) -> None:
        self._sessions = sessions
        self._manager = manager

    async def history(self, session_id: str) -> list:
        return await self._sessions.history(session_id)


class Other:
    def __init__(self, manager: Manager) -> None:
        self._manager = manager
"""

HANDLER_AFTER = """\
from app.memory import Manager
from app.services import Sessions


class Handler:
    def __init__(
        self,
        sessions: Sessions,
    ) -> None:
        self._sessions = sessions

    async def history(self, session_id: str) -> list:
        return await self._sessions.history(session_id)


class Other:
    def __init__(self, manager: Manager) -> None:
        self._manager = manager
"""

APPLICATION = """\
class Application:
    def __init__(
        self,
        *,
        chat: Chat,
        hooks: list,
    ) -> None:
        self._chat = chat
        self._hooks = hooks

    def metrics(self) -> dict:
        return {}

    async def close(self) -> None:
        pass
"""

APPLICATION_WITH_REPORTS = """\
class Application:
    def __init__(
        self,
        *,
        chat: Chat,
        hooks: list,
        reports: Reports,
    ) -> None:
        self._chat = chat
        self._hooks = hooks
        self._reports = reports

    def metrics(self) -> dict:
        return {}

    def reports(self) -> list:
        return self._reports.all()

    async def close(self) -> None:
        pass
"""

TABLE = [
    pytest.param(
        codemod(RemoveConstructorDependency, class_name="Handler", parameter="manager"),
        HANDLER,
        HANDLER_AFTER,
        id="drop-dependency-of-the-named-class-only",
    ),
    pytest.param(
        codemod(
            AddConstructorDependency,
            class_name="Application",
            parameter="reports",
            annotation="Reports",
            attribute="_reports",
        ),
        APPLICATION,
        APPLICATION_WITH_REPORTS.replace(
            "    def reports(self) -> list:\n        return self._reports.all()\n\n", ""
        ),
        id="add-keyword-dependency",
    ),
    pytest.param(
        codemod(
            AddMethod,
            class_name="Application",
            name="reports",
            after="metrics",
            source="def reports(self) -> list:\n    return self._reports.all()\n",
        ),
        APPLICATION_WITH_REPORTS.replace(
            "    def reports(self) -> list:\n        return self._reports.all()\n\n", ""
        ),
        APPLICATION_WITH_REPORTS,
        id="add-method-after-another",
    ),
]


def run(spec: CodemodSpec, source: str) -> str:
    outcome = spec.run(source)
    assert isinstance(outcome, Changed), outcome
    return outcome.code


@pytest.mark.parametrize(("spec", "before", "after"), TABLE)
def test_before_after(spec: CodemodSpec, before: str, after: str) -> None:
    assert run(spec, before) == after


@pytest.mark.parametrize(("spec", "before", "after"), TABLE)
def test_applying_twice_skips_with_a_reason(spec: CodemodSpec, before: str, after: str) -> None:
    assert isinstance(spec.run(run(spec, before)), Skipped)


def test_a_dependency_still_used_by_a_method_is_refused() -> None:
    source = HANDLER.replace(
        "return await self._sessions.history(session_id)",
        "return self._manager.get(session_id)",
    )
    outcome = codemod(RemoveConstructorDependency, class_name="Handler", parameter="manager").run(
        source
    )
    assert outcome == Failed("`Handler` still uses `self._manager`; move those uses first")


def test_adding_a_method_after_a_missing_one_is_refused() -> None:
    spec = codemod(
        AddMethod, class_name="Application", name="x", after="nope", source="def x(self): ..."
    )
    assert spec.run(APPLICATION) == Failed("`Application` has no method `nope`")
