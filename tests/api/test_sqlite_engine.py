"""The embedded default under load (issue #18): SQLite connections are reused with WAL and
synchronous=NORMAL set on each, the writers of one process queue in order on one writer connection, and a
failed write leaves nothing behind and the connection usable."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from register import db


@pytest.fixture
def sqlite_db(db):
    if db.engine_type != "sqlite":
        pytest.skip("alleen SQLite")
    return db


async def test_connections_have_the_register_pragmas(sqlite_db):
    assert (await sqlite_db.run_ddl("PRAGMA journal_mode"))[0]["journal_mode"] == "wal"
    assert (await sqlite_db.run_ddl("PRAGMA synchronous"))[0]["synchronous"] == 1  # NORMAL
    assert (await sqlite_db.run_ddl("PRAGMA foreign_keys"))[0]["foreign_keys"] == 1
    async with db.transaction():
        assert (await sqlite_db.run_ddl("PRAGMA synchronous"))[0]["synchronous"] == 1
        assert (await sqlite_db.run_ddl("PRAGMA foreign_keys"))[0]["foreign_keys"] == 1


async def test_statements_reuse_their_connections(sqlite_db):
    await sqlite_db.run_ddl("SELECT 1")
    idle = list(sqlite_db.connections().idle)
    assert idle
    await sqlite_db.run_ddl("SELECT 1")
    assert sqlite_db.connections().idle == idle
    async with db.transaction():
        await sqlite_db.run_ddl("SELECT 1")
    writer = sqlite_db.connections().writer
    async with db.transaction():
        await sqlite_db.run_ddl("SELECT 1")
    assert sqlite_db.connections().writer is writer is not None


async def test_concurrent_writers_queue_in_order_and_all_commit(sqlite_db):
    await sqlite_db.run_ddl("CREATE TABLE IF NOT EXISTS proef_volgorde (n INTEGER, id TEXT)")
    await sqlite_db.run_ddl("DELETE FROM proef_volgorde")
    started: list[int] = []

    async def write(n: int) -> None:
        async with db.transaction():
            started.append(n)
            await sqlite_db.run_ddl(f"INSERT INTO proef_volgorde VALUES ({n}, '{uuid.uuid4()}')")
            await asyncio.sleep(0)  # another writer gets the loop here but must wait for the lock
            await sqlite_db.run_ddl(f"INSERT INTO proef_volgorde VALUES ({n}, '{uuid.uuid4()}')")

    try:
        await asyncio.gather(*(write(n) for n in range(16)))
        assert started == list(range(16))
        rows = await sqlite_db.run_ddl("SELECT n FROM proef_volgorde ORDER BY rowid")
        # each transaction's two rows are adjacent: no writer ran inside another's transaction
        assert [r["n"] for r in rows] == [n for n in range(16) for _ in range(2)]
    finally:
        await sqlite_db.run_ddl("DROP TABLE proef_volgorde")


async def test_a_failed_write_rolls_back_and_the_writer_stays_usable(sqlite_db):
    await sqlite_db.run_ddl("CREATE TABLE IF NOT EXISTS proef_terugdraai (n INTEGER)")
    try:
        with pytest.raises(RuntimeError):
            async with db.transaction():
                await sqlite_db.run_ddl("INSERT INTO proef_terugdraai VALUES (1)")
                raise RuntimeError("halverwege")
        assert await sqlite_db.run_ddl("SELECT n FROM proef_terugdraai") == []
        assert not sqlite_db.connections().writer_lock.locked()
        async with db.transaction():
            await sqlite_db.run_ddl("INSERT INTO proef_terugdraai VALUES (2)")
        assert await sqlite_db.run_ddl("SELECT n FROM proef_terugdraai") == [{"n": 2}]
    finally:
        await sqlite_db.run_ddl("DROP TABLE proef_terugdraai")
