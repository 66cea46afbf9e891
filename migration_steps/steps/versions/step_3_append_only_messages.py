"""Step 3: append-only messages with a per-session number, versioned agent contexts, Alembic.

After step 2 every write is still a read-modify-write: add_message reads the whole session,
appends in memory, then DELETEs and re-INSERTs every message; a switch rewrites the context row.
Two concurrent writers on one session lose each other's messages (DESIGN §1). Here a message is
one INSERT after one atomic UPDATE … RETURNING that takes the session's next number, an agent
context is saved only over the version it was read at (a lost race is retried, then refused),
and the schema comes from Alembic: a baseline revision equal to legacy's tables, and a revision
that numbers the stored messages.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from migration_steps.characterization.changes import IntendedChange
from migration_steps.codemods import codemod
from migration_steps.codemods.calls import AddCallArgument, ReplaceCallArguments
from migration_steps.codemods.classes import AddMethod
from migration_steps.codemods.definitions import RemoveDefinitions
from migration_steps.codemods.docstrings import ReplaceModuleDocstring
from migration_steps.codemods.import_names import AddImportedName
from migration_steps.codemods.imports import AddImport
from migration_steps.codemods.methods import AddClassField, RemoveMethod, ReplaceMethod
from migration_steps.codemods.module_level import AddDefinition, AddModuleConstant
from migration_steps.codemods.statements import InsertStatement, ReplaceExpression
from migration_steps.codemods.tables import AddTableArgument, ReplaceTableColumn
from migration_steps.codemods.writes import LoadModifySaveToCommand, RetryOnConflict
from migration_steps.steps.apply import apply_step
from migration_steps.steps.model import StepMetadata, StepPlan, StepResult, per_scenario
from migration_steps.steps.paths import SESSION_MANAGER_PACKAGE
from migration_steps.steps.plan import EditPlan
from migration_steps.steps.sources import step_3 as sources
from migration_steps.steps.tree import SourceTree

step_id = "3"
previous_step = "2"
route = "main"

metadata = StepMetadata(
    title="append-only messages, versioned agent contexts, Alembic",
    rationale=(
        "Step 2 leaves one writer, but every write is still read-modify-write: add_message loads "
        "the session, appends in memory and rewrites all its messages (DELETE all + INSERT all), "
        "so 50 concurrent add_message calls on one session lose 48 or 49 of their 50 messages, "
        "on SQLite and on PostgreSQL (READ COMMITTED), and each message costs O(conversation "
        "length). "
        "Now a message takes the session's next number with one atomic UPDATE … RETURNING and is "
        "one INSERT, in one transaction: 2 statements whatever the length, nothing lost. An agent "
        "context is saved only over the version it was read at; a switch that lost a race is "
        "applied again to the newer context, and refused with a clear error after 5 tries. "
        "Alembic now owns the schema: revision 0001 is legacy's tables, 0002 numbers the stored "
        "messages in conversation order, so `playbook migrate-db` upgrades a legacy database "
        "in place. A database failure reaches the caller as one StorageError in plain words "
        "(refused, connection lost, or lost while committing: then `in_doubt`), never as a "
        "driver's exception carrying SQL; the pool reconnects on the next call. A switch's "
        "reason must be storable text, like a message's content (a DomainError otherwise)."
    ),
    risk=(
        "Medium. A schema change with a data backfill: run `playbook migrate-db` on a copy first; "
        "it runs in one transaction (SQLite now begins transactions explicitly, so DDL is "
        "transactional too) and compares row counts and a checksum of every message. Writers on "
        "one session queue on its row for the length of a 2-statement transaction. A switch can "
        "now fail with ConcurrentUpdateError under heavy contention: callers may retry it."
    ),
    time_estimate="1–2 days, the data migration rehearsal included",
    intended_changes=(
        IntendedChange(
            "concurrent-writers",
            "loss: messages lost (any)",
            True,
            False,
            "each writer takes its own number from the session row and inserts only its own "
            "row: 0 of 50 concurrent messages lost, 0 duplicated",
        ),
        IntendedChange(
            "concurrent-writers",
            "statements per write: DELETE*",
            "1",
            "0",
            "a message is appended: nothing is deleted and re-inserted",
        ),
        IntendedChange(
            "concurrent-writers",
            "statements per write: SELECT",
            "2",
            "0",
            "add_message no longer loads the session: UPDATE sessions … RETURNING, then INSERT "
            "messages, 2 statements whatever the conversation's length",
        ),
        IntendedChange(
            "*",
            "statements: DELETE*",
            ">0",
            "0",
            "messages are appended and agent contexts updated in place: nothing is deleted",
        ),
        *per_scenario(
            "statements: SELECT",
            {
                "conversation": (12, 6),
                "router-switch": (20, 8),
                "explicit-switch": (15, 9),
                "close-session": (15, 7),
                "restart": (19, 10),
                "bad-inputs": (20, 13),
                "seed-timeline": (10, 2),
                "agent-revert": (10, 3),
                "two-instances": (14, 3),
            },
            "add_message and close_session write without loading the session first",
        ),
        *per_scenario(
            "statements: INSERT",
            {
                "router-switch": (15, 10),
                "explicit-switch": (12, 7),
                "close-session": (8, 4),
                "agent-revert": (10, 5),
            },
            "a switch after the first updates the agent context; closing inserts nothing",
        ),
        *per_scenario(
            "statements: INSERT agent_contexts",
            {"router-switch": (4, 1), "explicit-switch": (4, 1), "agent-revert": (4, 1)},
            "a session's agent context row is inserted once, at its first switch",
        ),
        *per_scenario(
            "statements: UPDATE agent_contexts",
            {"router-switch": (0, 1), "explicit-switch": (0, 1), "agent-revert": (0, 1)},
            "a later switch updates the context row, only over the version it read",
        ),
        *per_scenario(
            "statements: INSERT messages",
            {"close-session": (5, 2)},
            "closing a session updates its status only: its messages are not re-inserted",
        ),
        *per_scenario(
            "statements: UPDATE",
            {
                "router-switch": (10, 9),
                "explicit-switch": (7, 6),
                "close-session": (5, 6),
                "bad-inputs": (5, 7),
                "agent-revert": (5, 4),
            },
            "each message takes its number with one UPDATE of its session row, a later switch "
            "updates the context row, and a write to a closed session is refused by an UPDATE "
            "that matches no row",
        ),
        *per_scenario(
            "statements: UPDATE sessions",
            {"close-session": (5, 6), "bad-inputs": (5, 7)},
            "a write to a closed or unknown session is refused by its UPDATE matching no row "
            "(then one SELECT says which), instead of by loading the session first",
        ),
    ),
)

TABLES = "app/db/tables.py"
ENGINE = "app/db/engine.py"
ROWS = "app/db/rows.py"
SCHEMA = "app/db/schema.py"
ERRORS = "app/domain/errors.py"
MODELS = "app/domain/models.py"
SESSION_REPOSITORY = "app/repositories/session_repository.py"
AGENT_REPOSITORY = "app/repositories/agent_context_repository.py"
SESSION_SERVICE = "app/services/session_management.py"
ORCHESTRATION = "app/services/agent_orchestration.py"
MAIN = "app/main.py"
PROBE = "tests/support/probe.py"
REPOSITORY_TESTS = "tests/integration/test_repositories.py"

NEW_FILES = {
    SCHEMA: "schema.py",
    "app/db/migrations/env.py": "alembic_env.py",
    "app/db/migrations/versions/0001_legacy_baseline.py": "revision_0001.py",
    "app/db/migrations/versions/0002_append_only_messages.py": "revision_0002.py",
    "tests/integration/test_append_only.py": "append_only_tests.py",
    "tests/integration/test_schema_migrations.py": "schema_migration_tests.py",
    "app/db/storage_errors.py": "storage_errors.py",
    "tests/integration/test_storage_errors.py": "storage_error_tests.py",
}

TABLES_DOCSTRING = (
    "The schema: sessions, their messages appended one row each with a number per session, and\n"
    "agent contexts with a version for optimistic concurrency.\n"
    "\n"
    "The Alembic revisions in `app/db/migrations` create and upgrade it; this module is their "
    "head.\n"
)
SESSION_REPOSITORY_DOCSTRING = (
    "Sessions and their messages. A message is appended as one row; stored ones are never "
    "rewritten.\n"
    "\n"
    "Appending takes the session's next number with one atomic UPDATE … RETURNING on the "
    "session's\n"
    "row, then inserts the one new row, in one transaction: concurrent writers queue on that row\n"
    "(PostgreSQL) or on the database's write lock (SQLite), and each gets a number of its own.\n"
)
AGENT_REPOSITORY_DOCSTRING = (
    "Which agent serves a session, and its switch history, with optimistic concurrency.\n"
    "\n"
    "Each stored context carries a version. Saving writes only over the version that was read, "
    "so a\n"
    "switch made meanwhile by another request is detected (ConcurrentUpdateError), never "
    "overwritten.\n"
)
REPOSITORY_TESTS_DOCSTRING = (
    "Repositories on a real database: what round-trips, and what is not found.\n"
    "\n"
    "How messages and agent contexts are written is in test_append_only.py.\n"
)

APPEND_MESSAGE = '''
    async def append_message(self, session_id: str, message: Message) -> int:
        """Store `message` after the session's last one; returns its number in the session."""
        async with self._engine.begin() as connection:
            seq = await connection.scalar(
                update(sessions)
                .where(sessions.c.id == session_id, sessions.c.status == SessionStatus.OPEN)
                .values(last_seq=sessions.c.last_seq + 1)
                .returning(sessions.c.last_seq)
            )
            if seq is None:
                status = await connection.scalar(
                    select(sessions.c.status).where(sessions.c.id == session_id)
                )
                if status is None:
                    raise SessionNotFoundError(session_id)
                raise SessionClosedError(session_id)
            await connection.execute(
                insert(messages).values(
                    session_id=session_id,
                    seq=seq,
                    role=message.role.value,
                    content=message.content,
                    created_at=message.created_at,
                )
            )
        return seq
'''
CLOSE = """
    async def close(self, session_id: str) -> None:
        async with self._engine.begin() as connection:
            closed = await connection.execute(
                update(sessions)
                .where(sessions.c.id == session_id)
                .values(status=SessionStatus.CLOSED.value)
            )
            if closed.rowcount == 0:
                raise SessionNotFoundError(session_id)
"""
VERSIONED_SAVE = '''
    async def save(self, context: AgentContext) -> None:
        """Store `context` unless another version was stored since it was read."""
        values = {
            "current_agent": context.current_agent,
            "switch_history": switch_history(context.switches),
            "version": context.version + 1,
        }
        async with self._engine.begin() as connection:
            if context.version == 0:
                try:
                    await connection.execute(
                        insert(agent_contexts).values(session_id=context.session_id, **values)
                    )
                except IntegrityError:
                    raise ConcurrentUpdateError(context.session_id) from None
            else:
                updated = await connection.execute(
                    update(agent_contexts)
                    .where(
                        agent_contexts.c.session_id == context.session_id,
                        agent_contexts.c.version == context.version,
                    )
                    .values(**values)
                )
                if updated.rowcount == 0:
                    raise ConcurrentUpdateError(context.session_id)
        context.version += 1
'''
VALIDATE_REASON = '''
def validate_reason(reason: object) -> str:
    """A switch's reason is stored in the switch history: text a database can hold."""
    if not isinstance(reason, str):
        raise InvalidContentError(f"a switch's reason must be text, not {type(reason).__name__}")
    if len(reason) > MAX_CONTENT_LENGTH:
        raise InvalidContentError(
            f"a switch's reason is {len(reason)} characters long; the limit is {MAX_CONTENT_LENGTH}"
        )
    if not is_storable_text(reason):
        raise InvalidContentError("a switch's reason contains a NUL character or a lone surrogate")
    return reason
'''
CONCURRENT_UPDATE_ERROR = '''
class ConcurrentUpdateError(DomainError):
    """Another request changed the same record at the same time; trying again is safe."""

    def __init__(self, session_id: str) -> None:
        super().__init__(
            f"the agent of session {session_id!r} was changed by another request at the same "
            "time; nothing was saved, try again"
        )
        self.session_id = session_id
'''
BEGIN_SQLITE_TRANSACTION = """
def _begin_sqlite_transaction(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")
"""
EXPLICIT_TRANSACTIONS = """\
# The driver would begin transactions itself, late (at the first write) and never around
# DDL; `_begin_sqlite_transaction` begins them where SQLAlchemy does, so reads made before a
# write are in its transaction and a schema upgrade is one atomic transaction.
dbapi_connection.isolation_level = None
"""
VERSION_FIELD = """\
# The stored version this context was read at; 0 while nothing is stored.
version: int = 0
"""
OBSOLETE_REPOSITORY_TESTS = (
    "message",
    "test_save_stores_messages_and_status",
    "test_save_rewrites_every_message_with_one_delete_and_one_insert",
    "test_save_deletes_messages_missing_from_the_session",
    "test_save_leaves_other_sessions_alone",
    "test_find_by_id_orders_by_position_then_row_id",
    "test_agent_context_round_trip_rewrites_its_one_row",
    "test_sessions_table_holds_one_row_per_session",
)
BY_POSITION = codemod(
    ReplaceCallArguments,
    method="order_by",
    old=("messages.c.position", "messages.c.id"),
    new=("messages.c.seq",),
)


def new_file(name: str) -> str:
    return resources.files(sources).joinpath(name).read_text("utf-8")


def plan(tree: SourceTree) -> StepPlan:
    edits = EditPlan(step_id, tree)
    if edits.exists(SCHEMA):
        edits.refuse(f"already applied: {SCHEMA} brings the schema up with Alembic")
    if any(path.startswith(SESSION_MANAGER_PACKAGE) for path in tree.files()):
        edits.refuse(f"step 2 is not applied: {SESSION_MANAGER_PACKAGE} still holds sessions")
    refuse_readers_of_position(edits, besides=(SESSION_REPOSITORY, PROBE, REPOSITORY_TESTS))
    for path, name in NEW_FILES.items():
        edits.create(path, new_file(name))
    change_schema(edits)
    report_storage_errors(edits)
    append_messages(edits)
    version_agent_contexts(edits)
    update_tree_tests(edits)
    for name in ("message_rows", "create_all"):
        users = edits.files_using(name)
        if users:
            edits.refuse(f"{', '.join(users)} still uses {name}; cut it there by hand first")
    refuse_readers_of_position(edits, besides=tuple(NEW_FILES))
    return edits.finish()


def refuse_readers_of_position(edits: EditPlan, besides: tuple[str, ...]) -> None:
    """The column `position` goes: code that reads it, other than `besides`, must move first."""
    readers = [path for path in edits.attribute_readers("position") if path not in besides]
    if readers:
        edits.refuse(f"{', '.join(readers)} still reads messages' position; use seq there first")


def change_schema(edits: EditPlan) -> None:
    """The tables as revision 0002 leaves them, created and upgraded by Alembic."""
    edits.transform(
        TABLES,
        codemod(ReplaceModuleDocstring, text=TABLES_DOCSTRING),
        codemod(AddImportedName, module="sqlalchemy", name="UniqueConstraint"),
        codemod(
            AddTableArgument,
            table="sessions",
            source='Column("last_seq", Integer, nullable=False, server_default="0")',
        ),
        codemod(
            ReplaceTableColumn,
            table="messages",
            column="position",
            source='Column("seq", Integer, nullable=False)',
        ),
        codemod(
            AddTableArgument,
            table="messages",
            source='UniqueConstraint("session_id", "seq", name="uq_messages_session_seq")',
        ),
        codemod(
            AddTableArgument,
            table="agent_contexts",
            source='Column("version", Integer, nullable=False, server_default="0")',
        ),
    )
    edits.transform(
        ENGINE,
        codemod(AddImportedName, module="sqlalchemy.engine", name="Connection"),
        codemod(
            InsertStatement,
            function="create_database_engine",
            source='event.listen(engine.sync_engine, "begin", _begin_sqlite_transaction)\n',
            after='event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)',
        ),
        codemod(
            InsertStatement, function="_configure_sqlite_connection", source=EXPLICIT_TRANSACTIONS
        ),
        codemod(
            AddDefinition,
            name="_begin_sqlite_transaction",
            source=BEGIN_SQLITE_TRANSACTION,
            after="_configure_sqlite_connection",
        ),
        codemod(AddImport, module="app.db.schema", name="upgrade_to_head"),
        codemod(
            ReplaceExpression,
            function="create_schema",
            old="metadata.create_all",
            new="upgrade_to_head",
        ),
    )


def report_storage_errors(edits: EditPlan) -> None:
    """A failed write reaches its caller as one StorageError saying whether anything was stored."""
    edits.transform(
        MAIN,
        codemod(AddImport, module="app.db.storage_errors", name="raise_storage_errors"),
        codemod(
            InsertStatement,
            function="create_app",
            source="raise_storage_errors(engine)\n",
            after="engine = create_database_engine(settings.database_url)",
        ),
    )


def append_messages(edits: EditPlan) -> None:
    """The repository appends one row; the service hands it the message, not the session."""
    edits.transform(
        SESSION_REPOSITORY,
        codemod(ReplaceModuleDocstring, text=SESSION_REPOSITORY_DOCSTRING),
        BY_POSITION,
        codemod(
            AddMethod,
            class_name="SessionRepositoryImpl",
            name="append_message",
            after="find_by_id",
            source=APPEND_MESSAGE,
        ),
        codemod(
            AddMethod,
            class_name="SessionRepositoryImpl",
            name="close",
            after="append_message",
            source=CLOSE,
        ),
        codemod(RemoveMethod, class_name="SessionRepositoryImpl", name="save"),
        codemod(AddImportedName, module="app.domain.errors", name="SessionClosedError"),
        codemod(AddImportedName, module="app.domain.models", name="Message"),
    )
    edits.transform(ROWS, codemod(RemoveDefinitions, names=("message_rows",)))
    for method, mutator, command in (
        ("add_message", "add_message", "append_message"),
        ("close_session", "close", "close"),
    ):
        edits.transform(
            SESSION_SERVICE,
            codemod(
                LoadModifySaveToCommand,
                class_name="SessionManagementService",
                function=method,
                variable="session",
                loader="self.get_session",
                mutator=mutator,
                saver="self._repository.save",
                command=f"self._repository.{command}",
                key="session_id",
                guard="require_session_id",
            ),
        )


def version_agent_contexts(edits: EditPlan) -> None:
    """Contexts carry the version they were read at; a switch that lost a race is retried."""
    edits.transform(
        ERRORS, codemod(AddDefinition, name="ConcurrentUpdateError", source=CONCURRENT_UPDATE_ERROR)
    )
    edits.transform(
        MODELS,
        codemod(AddClassField, class_name="AgentContext", source=VERSION_FIELD, after="switches"),
        codemod(
            AddDefinition, name="validate_reason", source=VALIDATE_REASON, after="validate_agent"
        ),
    )
    edits.transform(
        AGENT_REPOSITORY,
        codemod(ReplaceModuleDocstring, text=AGENT_REPOSITORY_DOCSTRING),
        codemod(
            AddCallArgument,
            class_name="AgentContextRepositoryImpl",
            function="find_by_session_id",
            callee="select",
            value="agent_contexts.c.version",
            after="agent_contexts.c.switch_history",
        ),
        codemod(
            AddCallArgument,
            class_name="AgentContextRepositoryImpl",
            function="find_by_session_id",
            callee="AgentContext",
            value="row.version",
            after="switches_from_history(row.switch_history)",
        ),
        codemod(
            ReplaceMethod,
            class_name="AgentContextRepositoryImpl",
            name="save",
            source=VERSIONED_SAVE,
            replaces=("delete",),
        ),
        codemod(AddImportedName, module="sqlalchemy", name="update"),
        codemod(AddImport, module="sqlalchemy.exc", name="IntegrityError"),
        codemod(AddImportedName, module="app.domain.errors", name="ConcurrentUpdateError"),
    )
    edits.transform(
        ORCHESTRATION,
        codemod(AddImport, module="app.domain.errors", name="ConcurrentUpdateError"),
        codemod(AddImportedName, module="app.domain.models", name="validate_reason"),
        codemod(
            InsertStatement,
            class_name="AgentOrchestrationService",
            function="switch_agent",
            source="reason = validate_reason(reason)\n",
            after="target = validate_agent(agent)",
        ),
        codemod(
            AddModuleConstant,
            name="SWITCH_ATTEMPTS",
            value="5",
            comment=(
                "A switch that lost a race to another one is applied again to the newer "
                "context, this often."
            ),
        ),
        codemod(
            RetryOnConflict,
            class_name="AgentOrchestrationService",
            function="switch_agent",
            first="context",
            saver="self._repository.save",
            error="ConcurrentUpdateError",
            attempts="SWITCH_ATTEMPTS",
        ),
    )


def update_tree_tests(edits: EditPlan) -> None:
    """Tests of rewriting saves go; the probe reads messages by number."""
    edits.transform(PROBE, BY_POSITION)
    edits.transform(
        REPOSITORY_TESTS,
        codemod(RemoveDefinitions, names=OBSOLETE_REPOSITORY_TESTS),
        codemod(ReplaceModuleDocstring, text=REPOSITORY_TESTS_DOCSTRING),
    )


def apply(workspace: Path) -> StepResult:
    return apply_step(step_id, plan, workspace)
