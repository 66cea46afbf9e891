"""Learner trees written by hand: copies of legacy edited with small text substitutions.

They differ on purpose from what the step codemods produce (other wiring, other names, files
left in place), so a check that compared text with our output would reject them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from migration_steps.paths import stage_roots
from migration_steps.steps.catalogue import catalogue
from migration_steps.steps.model import StepPlan
from migration_steps.steps.tree import DiskTree, OverlayTree, SourceTree

MAIN = "app/main.py"
HANDLER = "app/handlers/chat_handler.py"
SUBSCRIBER = "app/events/subscribers/persistence_subscriber.py"
REPOSITORY = "app/repositories/session_repository.py"
MANAGER_PACKAGE = "app/session_manager"

Edit = tuple[str, str, str]  # (file, old text, new text)

UNWIRE_SUBSCRIBER: tuple[Edit, ...] = (
    (MAIN, "from app.events.subscribers.persistence_subscriber import PersistenceSubscriber\n", ""),
    (
        MAIN,
        "    persistence_subscriber = PersistenceSubscriber(\n"
        "        session_manager, clock, settings.flush_delay_seconds\n"
        "    )\n"
        "    persistence_subscriber.subscribe(bus)\n",
        "",
    ),
    (MAIN, "background=[persistence_subscriber],", "background=(),"),
    (
        MAIN,
        "shutdown_hooks=[persistence_subscriber.shutdown, engine.dispose],",
        "shutdown_hooks=[engine.dispose],",
    ),
)
AGENT_FROM_DATABASE: tuple[Edit, ...] = (
    (
        HANDLER,
        "        state = await self._session_manager.get(require_session_id(session_id))\n"
        "        return state.current_agent\n",
        "        context = await self._orchestration.get_context(session_id)\n"
        "        return context.current_agent\n",
    ),
)
TURN_WITHOUT_MEMORY: tuple[Edit, ...] = (
    (
        HANDLER,
        "        state = await self._session_manager.get(require_session_id(session_id))\n"
        "        user_message",
        "        agent = (await self._orchestration.get_context(session_id)).current_agent\n"
        "        user_message",
    ),
    (HANDLER, "        state.messages.append(user_message)\n", ""),
    (HANDLER, "self._router.route(state.current_agent,", "self._router.route(agent,"),
    (
        HANDLER,
        "                state.current_agent = switch.to_agent\n"
        "                state.switches.append(switch)\n",
        "                agent = switch.to_agent\n",
    ),
    (HANDLER, "compose_reply(state.current_agent,", "compose_reply(agent,"),
    (
        HANDLER,
        "            state.messages.append(\n"
        "                await self._sessions.add_message(session_id, Role.ASSISTANT, reply)\n"
        "            )\n",
        "            await self._sessions.add_message(session_id, Role.ASSISTANT, reply)\n",
    ),
    (HANDLER, "TurnResult(state.current_agent,", "TurnResult(agent,"),
    (
        HANDLER,
        "        state = await self._session_manager.get(require_session_id(session_id))\n"
        "        return list(state.messages)\n",
        "        session = await self._sessions.get_session(session_id)\n"
        "        return list(session.messages)\n",
    ),
    (
        HANDLER,
        "        state = await self._session_manager.get(require_session_id(session_id))\n"
        "        await self._sessions.close_session(session_id)\n"
        "        state.status = SessionStatus.CLOSED\n",
        "        await self._sessions.close_session(session_id)\n",
    ),
)
DROP_MANAGER: tuple[Edit, ...] = (
    (HANDLER, "from app.session_manager.async_session_manager import AsyncSessionManager\n", ""),
    (HANDLER, "        session_manager: AsyncSessionManager,\n", ""),
    (HANDLER, "        self._session_manager = session_manager\n", ""),
    (
        MAIN,
        "from app.session_manager.async_session_manager import AsyncSessionManager, "
        "SessionDbService\n",
        "",
    ),
    (MAIN, "    session_manager = AsyncSessionManager(SessionDbService(engine))\n", ""),
    (
        MAIN,
        "ChatHandler(sessions, orchestration, AgentRouter(), session_manager)",
        "ChatHandler(sessions, orchestration, router=AgentRouter())",
    ),
)


def copy_legacy(root: Path) -> Path:
    """A copy of legacy's app/ and tests/ at `root`."""
    source = stage_roots()["legacy"]
    for name in ("app", "tests"):
        shutil.copytree(source / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def edit(root: Path, edits: Iterable[Edit]) -> Path:
    for relative, old, new in edits:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{relative} no longer holds {old!r}: update this learner tree"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def delete(root: Path, *relatives: str) -> Path:
    for relative in relatives:
        path = root / relative
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    return root


def step_1_by_hand(root: Path) -> Path:
    """Subscriber file deleted, main.py rewired (background=(), the clock left in place)."""
    return delete(edit(copy_legacy(root), UNWIRE_SUBSCRIBER), SUBSCRIBER)


def step_2_by_hand(root: Path) -> Path:
    """Step 1 by hand, then the handler reads through the services in its own way and the
    manager is cut out of main.py and deleted."""
    step_1_by_hand(root)
    edit(root, (*AGENT_FROM_DATABASE, *TURN_WITHOUT_MEMORY, *DROP_MANAGER))
    return delete(root, MANAGER_PACKAGE, "tests/integration/test_async_session_manager.py")


def subscriber_deleted_still_imported(root: Path) -> Path:
    return delete(copy_legacy(root), SUBSCRIBER)


def history_still_from_manager(root: Path) -> Path:
    """Subscriber unwired (its file left), the current agent read from the database, but the
    history still served from manager memory: a step 2 claimed too early."""
    return edit(copy_legacy(root), (*UNWIRE_SUBSCRIBER, *AGENT_FROM_DATABASE))


def syntax_error(root: Path) -> Path:
    return edit(
        copy_legacy(root), ((HANDLER, "    async def get_history(", "    async def get_history(("),)
    )


def manager_cut_from_main_only(root: Path) -> Path:
    """Step 1 by hand, then the manager dropped from main.py and the handler's constructor while
    its methods still use it: every chat call raises AttributeError."""
    return edit(step_1_by_hand(root), DROP_MANAGER)


def immediate_save_from_memory(root: Path) -> Path:
    """Step 1 misunderstood: the debounced flush replaced by a save from memory after each turn."""
    return edit(
        step_1_by_hand(root),
        (
            (
                HANDLER,
                "        return TurnResult(state.current_agent, reply, switched_from)\n",
                "        await self._session_manager._db_service.save_session(state)\n"
                "        return TurnResult(state.current_agent, reply, switched_from)\n",
            ),
        ),
    )


def append_only_save_reinserts_on_close(root: Path) -> Path:
    """Step 3 begun in save(): only the newest message is inserted, but close_session saves
    too, and so stores that message again."""
    return edit(
        step_2_by_hand(root),
        (
            (
                REPOSITORY,
                "            await connection.execute(delete(messages).where("
                "messages.c.session_id == session.id))\n"
                "            rows = message_rows(session.id, session.messages)\n"
                "            if rows:\n"
                "                await connection.execute(insert(messages), rows)\n",
                "            rows = message_rows(session.id, session.messages)\n"
                "            if rows:\n"
                "                await connection.execute(insert(messages), rows[-1:])\n",
            ),
        ),
    )


def turn_that_never_ends(root: Path) -> Path:
    """A chat turn that waits for ever, as a deadlock would."""
    return edit(
        step_1_by_hand(root),
        (
            (
                HANDLER,
                "        user_message = await self._sessions.add_message(",
                "        await __import__('asyncio').Event().wait()\n"
                "        user_message = await self._sessions.add_message(",
            ),
        ),
    )


def codemod_output(step_id: str) -> SourceTree:
    """What our step codemods make of legacy up to `step_id`, in memory."""
    tree: SourceTree = DiskTree(stage_roots()["legacy"])
    for step in catalogue().lineage(step_id):
        plan = step.planner(tree)
        assert isinstance(plan, StepPlan)
        tree = OverlayTree(tree, {edit.path: edit.after for edit in plan.edits})
    return tree


TREES = {
    "step 1 by hand": step_1_by_hand,
    "step 2 by hand": step_2_by_hand,
    "subscriber deleted, still imported": subscriber_deleted_still_imported,
    "history still from the manager": history_still_from_manager,
    "syntax error": syntax_error,
    "manager cut from main.py only": manager_cut_from_main_only,
    "immediate save from memory": immediate_save_from_memory,
    "append-only save re-inserts on close": append_only_save_reinserts_on_close,
    "a turn that never ends": turn_that_never_ends,
}
