"""DropMemoryWrites, MemoryReadsToServices, InlineReturnedLocal: source in, source out."""

import pytest

from migration_steps.codemods import Changed, CodemodSpec, Failed, Skipped, codemod
from migration_steps.codemods.inline import InlineReturnedLocal
from migration_steps.codemods.memory import DropMemoryWrites, MemoryReadsToServices

HANDLER = """\
from app.models import SessionStatus


class Handler:
    async def turn(self, session_id, text):
        state = await self._memory.get(check(session_id))
        message = await self._sessions.add(session_id, text)
        state.messages.append(message)

        agent = state.current_agent
        if text == "switch":
            state.current_agent = "billing"
            state.switches.append("billing")
        state.messages.append(
            await self._sessions.add(session_id, reply(state.current_agent))
        )
        return state.current_agent

    async def history(self, session_id):
        state = await self._memory.get(check(session_id))
        return list(state.messages)

    async def close(self, session_id):
        state = await self._memory.get(check(session_id))
        await self._sessions.close(session_id)
        state.status = SessionStatus.CLOSED
"""

WITHOUT_WRITES = """\


class Handler:
    async def turn(self, session_id, text):
        state = await self._memory.get(check(session_id))
        message = await self._sessions.add(session_id, text)

        agent = state.current_agent
        if text == "switch":
            state.current_agent = "billing"
        await self._sessions.add(session_id, reply(state.current_agent))
        return state.current_agent

    async def history(self, session_id):
        state = await self._memory.get(check(session_id))
        return list(state.messages)

    async def close(self, session_id):
        state = await self._memory.get(check(session_id))
        await self._sessions.close(session_id)
"""

SOURCES = {
    "messages": "(await self._sessions.get(session_id)).messages",
    "current_agent": "(await self._agents.get(session_id)).current_agent",
}

READS_FROM_SERVICES = """\


class Handler:
    async def turn(self, session_id, text):
        current_agent = (await self._agents.get(session_id)).current_agent
        message = await self._sessions.add(session_id, text)

        agent = current_agent
        if text == "switch":
            current_agent = "billing"
        await self._sessions.add(session_id, reply(current_agent))
        return current_agent

    async def history(self, session_id):
        messages = (await self._sessions.get(session_id)).messages
        return list(messages)

    async def close(self, session_id):
        await self._sessions.close(session_id)
"""

INLINED = READS_FROM_SERVICES.replace(
    "        messages = (await self._sessions.get(session_id)).messages\n"
    "        return list(messages)\n",
    "        return list((await self._sessions.get(session_id)).messages)\n",
)

MEMORY_READS = codemod(
    MemoryReadsToServices,
    class_name="Handler",
    variable="state",
    loader="self._memory.get",
    sources=SOURCES,
)

TABLE = [
    pytest.param(
        codemod(DropMemoryWrites, variable="state", fields=("messages", "switches", "status")),
        HANDLER,
        WITHOUT_WRITES,
        id="drop-writes-keep-the-awaited-work",
    ),
    pytest.param(MEMORY_READS, WITHOUT_WRITES, READS_FROM_SERVICES, id="reads-from-services"),
    pytest.param(
        codemod(InlineReturnedLocal, class_name="Handler"),
        READS_FROM_SERVICES,
        INLINED,
        id="inline-the-returned-local",
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
    second = spec.run(run(spec, before))
    assert isinstance(second, Skipped)
    assert second.reason.startswith(("nothing", "no method"))


def test_state_used_as_a_whole_is_refused() -> None:
    source = WITHOUT_WRITES.replace("return list(state.messages)", "return snapshot(state)")
    assert MEMORY_READS.run(source) == Failed(
        "`history` uses `state` as a whole, not only its fields"
    )


def test_a_field_no_service_provides_is_refused() -> None:
    source = WITHOUT_WRITES.replace("list(state.messages)", "list(state.switches)")
    assert MEMORY_READS.run(source) == Failed(
        "`history` uses `state.switches`, which no service read replaces"
    )


def test_a_local_of_the_field_name_is_refused() -> None:
    source = WITHOUT_WRITES.replace(
        "        return list(state.messages)\n",
        "        messages = []\n        return list(state.messages) + messages\n",
    )
    assert MEMORY_READS.run(source) == Failed("`history` already has a local `messages`")


def test_other_classes_are_left_alone() -> None:
    source = WITHOUT_WRITES.replace("class Handler", "class Other")
    outcome = MEMORY_READS.run(source)
    assert isinstance(outcome, Skipped)


def test_inline_leaves_a_local_used_twice() -> None:
    source = "class Handler:\n    def f(self):\n        x = self.read()\n        return x + x\n"
    outcome = codemod(InlineReturnedLocal, class_name="Handler").run(source)
    assert isinstance(outcome, Skipped)


def test_inline_leaves_a_value_that_would_need_parentheses() -> None:
    source = "class Handler:\n    def f(self):\n        x = a + b\n        return x.real\n"
    outcome = codemod(InlineReturnedLocal, class_name="Handler").run(source)
    assert isinstance(outcome, Skipped)
