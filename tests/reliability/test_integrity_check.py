"""check_integrity on hand-made and hand-broken SQLite databases: each problem is named."""

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from migration_steps.databases import fresh_database
from migration_steps.reliability.integrity import check_integrity

TARGET_TABLES = [
    "CREATE TABLE sessions (id VARCHAR(36) PRIMARY KEY, last_seq INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE messages (id INTEGER PRIMARY KEY, session_id VARCHAR(36) NOT NULL,"
    " seq INTEGER NOT NULL, role VARCHAR(16) NOT NULL, content TEXT NOT NULL)",
    "CREATE INDEX ix_messages_session_id ON messages (session_id)",
]
LEGACY_TABLES = [
    "CREATE TABLE sessions (id VARCHAR(36) PRIMARY KEY)",
    "CREATE TABLE messages (id INTEGER PRIMARY KEY, session_id VARCHAR(36) NOT NULL,"
    " position INTEGER NOT NULL, role VARCHAR(16) NOT NULL, content TEXT NOT NULL)",
]


async def execute(url: str, statements: list[str]) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


def session_with(session_id: str, last_seq: int, seqs: list[int]) -> list[str]:
    return [f"INSERT INTO sessions (id, last_seq) VALUES ('{session_id}', {last_seq})"] + [
        "INSERT INTO messages (session_id, seq, role, content)"
        f" VALUES ('{session_id}', {seq}, 'user', '{session_id}-{seq}')"
        for seq in seqs
    ]


async def test_a_sound_database_passes_every_check(tmp_path: Path) -> None:
    async with fresh_database(None, tmp_path) as url:
        await execute(
            url, TARGET_TABLES + session_with("s1", 3, [1, 2, 3]) + session_with("s2", 0, [])
        )

        report = await check_integrity(url)

    assert report == {
        "ok": True,
        "sessions": 2,
        "messages": 3,
        "checks": ["orphan_messages", "sequence", "sqlite_integrity_check"],
        "skipped": [],
        "problem_count": 0,
        "problems": [],
    }


async def test_a_counter_ahead_of_its_messages_is_a_problem(tmp_path: Path) -> None:
    async with fresh_database(None, tmp_path) as url:
        await execute(url, TARGET_TABLES + session_with("s1", 4, [1, 2, 3]))

        report = await check_integrity(url)

    assert not report["ok"]
    assert report["problems"] == ["session s1: last_seq 4 but 3 messages"]


async def test_a_gap_or_a_repeat_in_the_numbering_is_a_problem(tmp_path: Path) -> None:
    async with fresh_database(None, tmp_path) as url:
        await execute(
            url,
            TARGET_TABLES + session_with("gap", 3, [1, 2, 4]) + session_with("twice", 3, [1, 2, 2]),
        )

        report = await check_integrity(url)

    assert report["problems"] == [
        "session gap: seqs are not 1..3 (3 distinct, from 1 to 4)",
        "session twice: seqs are not 1..3 (2 distinct, from 1 to 2)",
    ]


async def test_messages_without_a_session_are_a_problem(tmp_path: Path) -> None:
    async with fresh_database(None, tmp_path) as url:
        await execute(
            url,
            TARGET_TABLES
            + session_with("s1", 1, [1])
            + [
                "INSERT INTO messages (session_id, seq, role, content)"
                " VALUES ('gone', 1, 'user', 'x')"
            ],
        )

        report = await check_integrity(url)

    assert report["problems"] == ["session gone: 1 messages but no session row"]


async def test_legacy_tables_skip_the_sequence_check_and_say_so(tmp_path: Path) -> None:
    async with fresh_database(None, tmp_path) as url:
        await execute(url, LEGACY_TABLES + ["INSERT INTO sessions (id) VALUES ('s1')"])

        report = await check_integrity(url)

    assert report["ok"]
    assert report["skipped"] == ["sequence"]
    assert "sequence" not in report["checks"]


async def test_a_damaged_file_fails_sqlites_own_check(tmp_path: Path) -> None:
    async with fresh_database(None, tmp_path) as url:
        await execute(url, TARGET_TABLES + session_with("victim-session", 1, [1]))
        path = Path(url.split("///", 1)[1])
        data = bytearray(path.read_bytes())
        # The id is stored in table rows and in the indexes over them: changing one copy
        # behind SQLite's back leaves an index that no longer matches its table.
        where = data.index(b"victim-session")
        data[where : where + 6] = b"VICTIM"
        path.write_bytes(bytes(data))

        report = await check_integrity(url)

    assert not report["ok"]
    assert any(problem.startswith("sqlite integrity_check: ") for problem in report["problems"])
