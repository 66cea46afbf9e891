"""AddCallArgument, ReplaceCallArguments, LoadModifySaveToCommand, RetryOnConflict: source in,
source out."""

import pytest

from migration_steps.codemods import Changed, CodemodSpec, Failed, Skipped, codemod
from migration_steps.codemods.calls import AddCallArgument, ReplaceCallArguments
from migration_steps.codemods.writes import LoadModifySaveToCommand, RetryOnConflict

READS = """\
class Repository:
    async def find(self, session_id):
        async with self._engine.connect() as connection:
            row = await connection.execute(
                select(
                    contexts.c.agent,
                    contexts.c.history,
                )
            )
            result = await connection.execute(
                select(messages)
                .where(messages.c.session_id == session_id)
                .order_by(messages.c.position, messages.c.id)
            )
        return Context(
            session_id, row.agent, history_of(row.history)
        )
"""

SERVICE = """\
class Service:
    async def add_message(self, session_id, role, content):
        message = Message.create(role, content)
        session = await self.get_session(session_id)
        session.add_message(message)
        await self._repository.save(session)
        await self._publish(Received(session.id, message.content))
        return message

    async def switch(self, session_id, agent):
        target = validate(agent)
        context = await self.get_context(session_id)
        switch = context.switch_to(target)
        if switch is None:
            return None
        await self._repository.save(context)
        await self._publish(Switched(session_id))
        return switch
"""

ADD_MESSAGE = codemod(
    LoadModifySaveToCommand,
    class_name="Service",
    function="add_message",
    variable="session",
    loader="self.get_session",
    mutator="add_message",
    saver="self._repository.save",
    command="self._repository.append_message",
    key="session_id",
    guard="require_session_id",
)
RETRY = codemod(
    RetryOnConflict,
    class_name="Service",
    function="switch",
    first="context",
    saver="self._repository.save",
    error="Conflict",
    attempts="ATTEMPTS",
)

TABLE = [
    pytest.param(
        codemod(
            AddCallArgument,
            class_name="Repository",
            function="find",
            callee="select",
            value="contexts.c.version",
            after="contexts.c.history",
        ),
        READS,
        READS.replace(
            "contexts.c.history,\n",
            "contexts.c.history,\n                    contexts.c.version,\n",
        ),
        id="argument-on-a-line-of-its-own",
    ),
    pytest.param(
        codemod(
            AddCallArgument,
            class_name="Repository",
            function="find",
            callee="Context",
            value="row.version",
            after="history_of(row.history)",
        ),
        READS,
        READS.replace("history_of(row.history)\n", "history_of(row.history), row.version\n"),
        id="argument-inline",
    ),
    pytest.param(
        codemod(
            ReplaceCallArguments,
            method="order_by",
            old=("messages.c.position", "messages.c.id"),
            new=("messages.c.seq",),
        ),
        READS,
        READS.replace(
            "                select(messages)\n"
            "                .where(messages.c.session_id == session_id)\n"
            "                .order_by(messages.c.position, messages.c.id)\n",
            "                select(messages).where(messages.c.session_id == session_id).order_by("
            "messages.c.seq)\n",
        ),
        id="chain-goes-on-one-line-when-it-fits",
    ),
    pytest.param(
        ADD_MESSAGE,
        SERVICE,
        SERVICE.replace(
            "        session = await self.get_session(session_id)\n"
            "        session.add_message(message)\n"
            "        await self._repository.save(session)\n"
            "        await self._publish(Received(session.id, message.content))\n",
            "        await self._repository.append_message("
            "require_session_id(session_id), message)\n"
            "        await self._publish(Received(session_id, message.content))\n",
        ),
        id="load-modify-save-to-one-command",
    ),
    pytest.param(
        RETRY,
        SERVICE,
        SERVICE.replace(
            "        context = await self.get_context(session_id)\n"
            "        switch = context.switch_to(target)\n"
            "        if switch is None:\n"
            "            return None\n"
            "        await self._repository.save(context)\n",
            "        for attempt in range(1, ATTEMPTS + 1):\n"
            "            context = await self.get_context(session_id)\n"
            "            switch = context.switch_to(target)\n"
            "            if switch is None:\n"
            "                return None\n"
            "            try:\n"
            "                await self._repository.save(context)\n"
            "            except Conflict:\n"
            "                if attempt == ATTEMPTS:\n"
            "                    raise\n"
            "            else:\n"
            "                break\n",
        ),
        id="bounded-retry",
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


def test_a_chain_too_long_for_one_line_keeps_its_lines() -> None:
    source = READS.replace("select(messages)", "select(messages.c.role, messages.c.content)")
    spec = codemod(
        ReplaceCallArguments,
        method="order_by",
        old=("messages.c.position", "messages.c.id"),
        new=("messages.c.seq",),
    )
    assert run(spec, source) == source.replace(
        ".order_by(messages.c.position, messages.c.id)", ".order_by(messages.c.seq)"
    )


@pytest.mark.parametrize(
    ("spec", "source", "reason"),
    [
        (
            ADD_MESSAGE,
            SERVICE.replace("        session.add_message(message)\n", ""),
            "`Service.add_message` does not follow loading `session` with "
            "`session.add_message(...)` and `self._repository.save(session)`",
        ),
        (
            ADD_MESSAGE,
            SERVICE.replace("return message", "return session"),
            "`Service.add_message` uses `session` for more than its id; edit it by hand",
        ),
        (
            RETRY,
            SERVICE.replace("        await self._repository.save(context)\n", ""),
            "`Service.switch` does not call `self._repository.save`",
        ),
    ],
)
def test_a_tree_not_in_shape_fails_with_a_reason(
    spec: CodemodSpec, source: str, reason: str
) -> None:
    assert spec.run(source) == Failed(reason)
