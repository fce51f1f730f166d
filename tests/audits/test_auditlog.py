"""The audit log as a transparency log: the verifier names the first altered, removed or reordered entry,
reads every value raw and never crashes on a corrupt one, and a kept checkpoint catches removed last
rows, a TRUNCATE and a rewritten history (issue 13, findings 1 and 2), on both engines."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import sqlite3
import uuid
from pathlib import Path

import pytest

from audits.tables import AuditlogCheckpoint, AuditlogKnoop, AuditlogRegel, Inzagelog
from register import db as register_db
from register.actor import Actor, Rol
from register.infra import auditlog as log
from register.infra import tlog
from register.rules import merkle
from tests import builders
from tests.helpers import auth, cli, cli_env, login

SYSTEM = Actor(account_id=None, gebruikersnaam="systeem", rollen=(Rol("systeem"),))
TABLES = ("auditlog_regel", "auditlog_knoop", "auditlog_checkpoint")


@contextlib.asynccontextmanager
async def as_database_owner():
    """Tampering as someone with direct database access: on PostgreSQL a superuser switches the
    append-only triggers off first (the log itself must still reveal what was done)."""
    postgres = register_db.is_postgres()
    if postgres:
        for table in TABLES:
            await AuditlogRegel.raw(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        yield
    finally:
        if postgres:
            for table in TABLES:
                await AuditlogRegel.raw(f"ALTER TABLE {table} ENABLE TRIGGER USER")


async def some_history() -> int:
    await builders.audit_world()
    count = await AuditlogRegel.count()
    assert count >= 8
    assert await log.verify() == {"intact": True, "regels": count}
    return count


async def keep_checkpoint(path: Path) -> dict:
    """What an outsider does: fetch the newest signed checkpoint and keep it."""
    cp = await tlog.issue_checkpoint(force=True)
    path.write_text(cp["tekst"])  # noqa: ASYNC240 - a small test file
    return cp


# --- the chain ----------------------------------------------------------------------------------------


async def test_altered_row_is_named(client, db):
    await some_history()
    async with as_database_owner():
        await AuditlogRegel.raw(
            "UPDATE auditlog_regel SET wijziging = {} WHERE volgnummer = 5",
            json.dumps({"naam": {"van": "x", "naar": "vervalst"}}),
        )
    result = await log.verify()
    assert result["intact"] is False
    assert result["eersteFouteRegel"] == 5
    assert "gewijzigd" in result["reden"]


async def test_altered_row_with_recomputed_hash_breaks_the_next_link(client, db):
    await some_history()
    row = (await tlog._raw_sequenced(3, 1))[0]
    entry, _ = tlog.parse(row)
    forged = tlog.chain_hash(
        tlog.canonical(
            dataclasses.replace(entry, actor_rol="auditor", volgnummer=4, vorige_hash=row["vorige_hash"])
        )
    )
    async with as_database_owner():
        await AuditlogRegel.raw(
            "UPDATE auditlog_regel SET actor_rol = 'auditor', hash = {} WHERE volgnummer = 4", forged
        )
    result = await log.verify()
    assert result["eersteFouteRegel"] == 5
    assert "vorige regel" in result["reden"]


async def test_deleted_row_is_named(client, db):
    await some_history()
    async with as_database_owner():
        await AuditlogRegel.raw("DELETE FROM auditlog_regel WHERE volgnummer = 3")
    result = await log.verify()
    assert result == {
        "intact": False,
        "regels": 2,
        "eersteFouteRegel": 3,
        "reden": "regel 3 ontbreekt (verwijderd)",
    }


async def test_reordered_rows_are_named(client, db):
    await some_history()
    async with as_database_owner():
        await AuditlogRegel.raw("UPDATE auditlog_regel SET volgnummer = -1 WHERE volgnummer = 6")
        await AuditlogRegel.raw("UPDATE auditlog_regel SET volgnummer = 6 WHERE volgnummer = 7")
        await AuditlogRegel.raw("UPDATE auditlog_regel SET volgnummer = 7 WHERE volgnummer = -1")
    result = await log.verify()
    assert result["eersteFouteRegel"] == 6
    assert "vorige regel" in result["reden"] or "gewijzigd" in result["reden"]


async def test_verification_in_small_batches_finds_the_same_row(client, db):
    await some_history()
    async with as_database_owner():
        await AuditlogRegel.raw("UPDATE auditlog_regel SET actie = 'delete' WHERE volgnummer = 7")
    assert (await log.verify(batch=2))["eersteFouteRegel"] == 7
    assert (await log.verify(batch=5000))["eersteFouteRegel"] == 7


async def test_the_hash_and_leaf_cover_the_documented_canonical_entry(client, db):
    """Recompute entry hashes and the tree from the format in register.infra.tlog's docstring, written out
    here by hand: text that looks like JSON syntax, quotes and non-ASCII must not confuse it."""
    tricky = {"status": {"van": "a", "naar": 'Zoë zei: "volgnummer":0,"vorigeHash":"" ✓'}, "uren": 2.5}
    async with register_db.transaction():
        await log.record(SYSTEM, "create", "test", 'object "met" aanhalingstekens', tricky)
        await log.record(SYSTEM, "update", "test", "ë", {"status": {"van": "Æ", "naar": "Ø"}})
    rows = await AuditlogRegel.raw(
        "SELECT id, volgnummer, ontvangst, tijdstip, actor, actor_rol, actie, objecttype, object_id, "
        "wijziging, vorige_hash, hash FROM auditlog_regel ORDER BY volgnummer"
    )
    assert [r["volgnummer"] for r in rows] == [1, 2]
    previous, leaves = "0" * 64, []
    for row in rows:
        moment = (
            row["tijdstip"]
            if isinstance(row["tijdstip"], dt.datetime)
            else dt.datetime.fromisoformat(row["tijdstip"])
        )
        wijziging = json.loads(row["wijziging"]) if isinstance(row["wijziging"], str) else row["wijziging"]
        payload = {
            "actie": row["actie"],
            "actor": row["actor"],
            "actorRol": row["actor_rol"],
            "id": str(row["id"]),
            "objectId": row["object_id"],
            "objecttype": row["objecttype"],
            "ontvangst": row["ontvangst"],
            "tijdstip": moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "volgnummer": row["volgnummer"],
            "vorigeHash": previous,
            "wijziging": wijziging,
        }
        data = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        assert row["vorige_hash"] == previous
        assert row["hash"] == hashlib.sha256(data).hexdigest()
        leaves.append(hashlib.sha256(b"\x00" + data).digest())
        previous = row["hash"]
    assert await tlog.root(2) == hashlib.sha256(b"\x01" + leaves[0] + leaves[1]).digest()
    stored = rows[0]["wijziging"]
    assert (json.loads(stored) if isinstance(stored, str) else stored) == tricky  # codes and numbers: plain


# --- writes do not queue -------------------------------------------------------------------------------


async def test_concurrent_writes_each_get_their_own_next_number(client, db):
    """Many writers at once (on PostgreSQL each on its own pooled connection): entries are written without
    a lock; the sequencer then gives every committed entry the next number, none twice, none skipped."""

    async def append(i: int) -> None:
        async with register_db.transaction():
            await log.record(SYSTEM, "create", "test", f"object-{i}", {"uren": i})

    await asyncio.gather(*(append(i) for i in range(25)))
    await tlog.sequence()
    rows = await AuditlogRegel.select(AuditlogRegel.volgnummer).order_by(AuditlogRegel.volgnummer)
    assert [r["volgnummer"] for r in rows] == list(range(1, 26))
    assert await log.verify() == {"intact": True, "regels": 25}


async def test_a_write_never_waits_for_another_uncommitted_write(client, db, monkeypatch):
    """Issue 18 part 3: with the chain's lock gone, a second transaction writes and commits its entry
    while the first still holds its own open (before, the second waited until the first committed)."""
    if not register_db.is_postgres():
        pytest.skip("SQLite has one writer at a time by design")
    monkeypatch.setitem(tlog._config, "mode", "off")
    first_written, second_done = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with register_db.transaction():
            await log.record(SYSTEM, "create", "test", "eerste", {"uren": 1})
            first_written.set()
            await asyncio.wait_for(second_done.wait(), timeout=10)

    async def second() -> None:
        await first_written.wait()
        async with register_db.transaction():
            await log.record(SYSTEM, "create", "test", "tweede", {"uren": 2})
        second_done.set()

    await asyncio.wait_for(asyncio.gather(first(), second()), timeout=15)
    assert await tlog.sequence() == 2
    assert (await log.verify())["regels"] == 2


async def test_the_server_sequences_after_the_commit_in_a_task_of_its_own(client, db, monkeypatch):
    monkeypatch.setitem(tlog._config, "mode", "background")
    # the task is held at its start until the check below has looked, so the check cannot race it
    go_on = asyncio.Event()
    sequence = tlog.sequence

    async def held_sequence() -> None:
        await go_on.wait()
        await sequence()

    monkeypatch.setattr(tlog, "sequence", held_sequence)
    try:
        async with register_db.transaction():
            await log.record(SYSTEM, "create", "test", "x", {"uren": 1})
        # the write returned before anything was numbered ...
        assert (await AuditlogRegel.select(AuditlogRegel.volgnummer).first())["volgnummer"] is None
    finally:
        go_on.set()
    await tlog.wait_idle()
    # ... and the task numbered it and signed a checkpoint soon after
    assert (await log.verify()) == {"intact": True, "regels": 1}
    assert (await tlog.latest_checkpoint())["grootte"] == 1

    async def numbered(count: int) -> None:
        for _ in range(500):
            if await tlog.tree_size() == count:
                return
            await asyncio.sleep(0.01)
        raise AssertionError(f"niet genummerd: {await tlog.tree_size()} van {count}")

    try:
        # within a minute of that checkpoint: numbered at once, the next checkpoint waits for the minute
        for count in (2, 3):
            async with register_db.transaction():
                await log.record(SYSTEM, "create", "test", f"x{count}", {"uren": count})
            await numbered(count)  # a new write wakes the task that waits for the checkpoint
        for _ in range(500):
            if tlog._background.get("sleeping"):
                break
            await asyncio.sleep(0.01)
        assert tlog._background["sleeping"] is True  # waiting for the minute to pass
        assert (await tlog.latest_checkpoint())["grootte"] == 1
    finally:
        await tlog.wait_idle(cancel=True)


# --- PostgreSQL guards ------------------------------------------------------------------------------------


async def test_postgres_refuses_update_delete_and_truncate_but_lets_the_sequencer_number_once(client, db):
    if not register_db.is_postgres():
        pytest.skip("de triggers bestaan alleen op PostgreSQL")
    count = await some_history()
    for statement in (
        "UPDATE auditlog_regel SET actie = 'x' WHERE volgnummer = 1",
        "DELETE FROM auditlog_regel WHERE volgnummer = 1",
        "UPDATE auditlog_regel SET volgnummer = 99 WHERE volgnummer = 1",  # numbered already
        "TRUNCATE TABLE auditlog_regel",
        "TRUNCATE TABLE auditlog_knoop",
        "TRUNCATE TABLE auditlog_checkpoint",
        "DELETE FROM auditlog_knoop",
        "UPDATE auditlog_checkpoint SET grootte = 0",
    ):
        with pytest.raises(Exception, match="alleen-toevoegen"):
            await AuditlogRegel.raw(statement)
    with pytest.raises(Exception, match="alleen-toevoegen"):
        await AuditlogRegel.update({AuditlogRegel.actie: "x"}).where(AuditlogRegel.volgnummer == 2)
    # an entry that waits for its number may get it, but nothing else may change with it
    tlog.configure(mode="off")
    try:
        async with register_db.transaction():
            entry_id = await log.record(SYSTEM, "create", "test", "x", {"uren": 1})
        with pytest.raises(Exception, match="alleen-toevoegen"):
            await AuditlogRegel.raw(
                "UPDATE auditlog_regel SET volgnummer = {}, vorige_hash = {}, hash = {}, actie = 'y' WHERE id = {}",
                count + 1,
                "0" * 64,
                "0" * 64,
                entry_id,
            )
    finally:
        tlog.configure(mode="inline")
    assert await tlog.sequence() == 1
    assert await log.verify() == {"intact": True, "regels": count + 1}


# --- a kept checkpoint catches what a chain cannot ---------------------------------------------------------


async def rebuild_tree_and_drop_checkpoints() -> None:
    """What a thorough attacker does after changing rows: recompute the stored tree from the rows, and
    remove the stored checkpoints (they cannot be signed again without the key file)."""
    await AuditlogRegel.raw("DELETE FROM auditlog_knoop")
    await AuditlogRegel.raw("DELETE FROM auditlog_checkpoint")
    builder, nodes = merkle.TreeBuilder(), []
    for row in await tlog._raw_sequenced(None, 100_000):
        entry, _ = tlog.parse(row)
        data = tlog.canonical(
            dataclasses.replace(entry, volgnummer=int(row["volgnummer"]), vorige_hash=row["vorige_hash"])
        )
        for level, index, value in builder.append(merkle.leaf_hash(data)):
            if level % tlog.STRIDE == 0:
                nodes.append((tlog.node_key(level, index), value))
    from register.infra.bulk import insert_rows

    await insert_rows(AuditlogKnoop, ("sleutel", "hash"), nodes)


async def rewrite_from(position: int, change: dict) -> None:
    """Change entry `position` and recompute the hash of it and of every later entry."""
    rows = await tlog._raw_sequenced(None, 100_000)
    previous = rows[position - 2]["hash"] if position > 1 else tlog.GENESIS
    for row in rows[position - 1 :]:
        entry, _ = tlog.parse(row)
        number = int(row["volgnummer"])
        if number == position:
            entry = dataclasses.replace(entry, wijziging=change)
        digest = tlog.chain_hash(
            tlog.canonical(dataclasses.replace(entry, volgnummer=number, vorige_hash=previous))
        )
        await AuditlogRegel.raw(
            "UPDATE auditlog_regel SET wijziging = "
            + ("{}::json" if register_db.is_postgres() else "{}")
            + ", vorige_hash = {}, hash = {} WHERE volgnummer = {}",
            json.dumps(entry.wijziging),
            previous,
            digest,
            number,
        )
        previous = digest


def verify_cli(database_url: str, data_dir, checkpoint: Path | None = None, *extra: str):
    args = ["auditlog", "verify"] + (["--checkpoint", str(checkpoint)] if checkpoint else []) + list(extra)
    return cli(args, cli_env(database_url, data_dir))


async def test_deleting_the_last_rows_is_caught_by_a_kept_checkpoint(
    client, db, tmp_path, database_url, data_dir
):
    count = await some_history()
    kept = tmp_path / "checkpoint.txt"
    await keep_checkpoint(kept)
    async with as_database_owner():
        await AuditlogRegel.raw("DELETE FROM auditlog_regel WHERE volgnummer > {}", count - 3)
    # the stored tree and checkpoints still remember them
    assert (await log.verify())["eersteFouteRegel"] == count - 2
    # and when those are made to agree as well, a chain alone cannot tell: the kept checkpoint can
    async with as_database_owner():
        await rebuild_tree_and_drop_checkpoints()
    assert (await log.verify())["intact"] is True
    result = await log.verify(checkpoint_note=kept.read_text())
    assert result["intact"] is False and result["eersteFouteRegel"] == count - 2
    assert result["totEnMetRegel"] == count and "ontbreken" in result["reden"]
    done = verify_cli(database_url, data_dir, kept)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"regel {count - 2} tot en met {count}" in done.stderr and "ontbreken" in done.stderr
    assert "Traceback" not in done.stderr


async def test_truncate_is_caught_by_a_kept_checkpoint(client, db, tmp_path, database_url, data_dir):
    """As superuser with the TRUNCATE guard switched off, the way an attacker would."""
    if not register_db.is_postgres():
        pytest.skip("TRUNCATE bestaat alleen op PostgreSQL (op SQLite: zie het verwijderen van regels)")
    count = await some_history()
    kept = tmp_path / "checkpoint.txt"
    await keep_checkpoint(kept)
    keys = (await tlog.verifier_keys())[0]["verificatiesleutel"]
    async with as_database_owner():
        await AuditlogRegel.raw("TRUNCATE TABLE auditlog_regel, auditlog_knoop, auditlog_checkpoint")
        await AuditlogRegel.raw("TRUNCATE TABLE checkpointsleutel")  # even the published key is gone
    assert await log.verify() == {"intact": True, "regels": 0}  # nothing left to compare with
    result = await log.verify(checkpoint_note=kept.read_text(), verifier_keys_text=[keys])
    assert result["intact"] is False and result["eersteFouteRegel"] == 1 and result["totEnMetRegel"] == count
    done = verify_cli(database_url, data_dir, kept, "--sleutel", keys)
    assert done.returncode == 2 and f"regel 1 tot en met {count}" in done.stderr
    # without the outsider's own copy of the key the checkpoint cannot be trusted either: still not intact
    unknown = verify_cli(database_url, data_dir, kept)
    assert unknown.returncode == 2 and "bekende sleutel" in unknown.stderr


async def test_a_rewritten_history_is_caught_by_a_kept_checkpoint(
    client, db, tmp_path, database_url, data_dir
):
    count = await some_history()
    kept = tmp_path / "checkpoint.txt"
    await keep_checkpoint(kept)
    async with as_database_owner():
        await rewrite_from(5, {"status": {"van": "x", "naar": "vervalst"}})
    # the chain itself is consistent again; the stored tree names the rewritten entry
    assert (await log.verify())["eersteFouteRegel"] == 5
    result = await log.verify(checkpoint_note=kept.read_text())
    assert result["eersteFouteRegel"] == 5
    done = verify_cli(database_url, data_dir, kept)
    assert done.returncode == 2 and "regel 5" in done.stderr
    # with the tree recomputed too, only the signed checkpoints hold the truth: a range is named
    async with as_database_owner():
        await rebuild_tree_and_drop_checkpoints()
    assert (await log.verify())["intact"] is True
    result = await log.verify(checkpoint_note=kept.read_text())
    assert result["intact"] is False and "herschreven" in result["reden"]
    assert (result["eersteFouteRegel"], result["totEnMetRegel"]) == (1, count)
    done = verify_cli(database_url, data_dir, kept)
    assert done.returncode == 2 and "herschreven" in done.stderr


async def test_a_rewrite_after_a_stored_checkpoint_is_narrowed_down_by_the_stored_ones(client, db):
    """The register keeps its own signed checkpoints; rewriting history with a recomputed tree is caught by
    the first one after the change, and the last one before it bounds the range."""
    await builders.audit_world()
    first = (await tlog.issue_checkpoint(force=True))["grootte"]
    await builders.jobcoach()
    await builders.jobcoach()
    second = (await tlog.issue_checkpoint(force=True))["grootte"]
    async with as_database_owner():
        await rewrite_from(first + 1, {"status": {"van": "x", "naar": "vervalst"}})
        await AuditlogRegel.raw("DELETE FROM auditlog_knoop")
        stored = [r["tekst"] for r in await AuditlogCheckpoint.select(AuditlogCheckpoint.tekst)]
        await rebuild_tree_and_drop_checkpoints()
        for text in stored:  # the signed checkpoints come back as they were
            cp = tlog.notes.parse_body(text.split("\n\n")[0] + "\n")
            await AuditlogCheckpoint.insert(
                AuditlogCheckpoint(
                    id=uuid.uuid4(),
                    grootte=cp.size,
                    wortel=cp.root.hex(),
                    tijdstip=cp.tijdstip,
                    sleutel_id="x",
                    tekst=text,
                )
            )
    result = await log.verify()
    assert (result["eersteFouteRegel"], result["totEnMetRegel"]) == (first + 1, second)


async def test_the_kept_checkpoint_is_consistent_with_today(client, db, tmp_path, database_url, data_dir):
    await some_history()
    kept = tmp_path / "checkpoint.txt"
    old = await keep_checkpoint(kept)
    await builders.jobcoach()
    result = await log.verify(checkpoint_note=kept.read_text())
    assert result["intact"] is True and result["checkpoint"]["grootte"] == old["grootte"]
    assert result["regels"] > old["grootte"]
    done = verify_cli(database_url, data_dir, kept)
    assert done.returncode == 0, done.stderr
    assert "precies wat de checkpoint" in done.stdout and "consistentiebewijs" in done.stdout
    forged = kept.read_text().replace(f"\n{old['grootte']}\n", f"\n{old['grootte'] - 1}\n")
    (tmp_path / "vervalst.txt").write_text(forged)
    refused = verify_cli(database_url, data_dir, tmp_path / "vervalst.txt")
    assert refused.returncode == 2 and "klopt niet" in refused.stderr
    missing = verify_cli(database_url, data_dir, tmp_path / "bestaat-niet.txt")
    assert missing.returncode == 1 and "niet te lezen" in missing.stderr


# --- a corrupt value never crashes the verifier -----------------------------------------------------------


@contextlib.contextmanager
def sqlite_without_not_null(path: str):
    """An attacker with the file can drop SQLite's NOT NULL constraints by rewriting the schema."""
    conn = sqlite3.connect(path)
    try:
        original = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'auditlog_regel'").fetchone()[0]
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = ? WHERE name = 'auditlog_regel'",
            (original.replace("NOT NULL", ""),),
        )
        conn.commit()
        conn.close()
        conn = sqlite3.connect(path)  # a new connection reads the changed schema
        yield conn
    finally:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'auditlog_regel'", (original,))
        conn.commit()
        conn.close()


SQLITE_CORRUPTIONS = [
    ("id", "NULL"),
    ("id", "'geen-uuid'"),
    ("id", "'00000000-0000-4000-8000-000000000000'"),
    ("volgnummer", "NULL"),
    ("volgnummer", "'vijf'"),
    ("volgnummer", "5.5"),
    ("volgnummer", "99"),
    ("ontvangst", "NULL"),
    ("ontvangst", "'x'"),
    ("ontvangst", "ontvangst + 1000"),
    ("tijdstip", "NULL"),
    ("tijdstip", "substr(tijdstip, 1, 17) || '7' || substr(tijdstip, 19)"),  # one digit of the seconds
    ("tijdstip", "substr(tijdstip, 1, 5) || 'x' || substr(tijdstip, 7)"),  # a letter in the month
    ("tijdstip", "'2026-11-23 10:15:00'"),  # no time zone
    ("actor", "'ander-account'"),
    ("actor_rol", "NULL"),
    ("actie", "NULL"),
    ("actie", "'delete'"),
    ("objecttype", "NULL"),
    ("objecttype", "'account'"),
    ("object_id", "NULL"),
    ("object_id", "'iets anders'"),
    ("wijziging", "NULL"),
    ("wijziging", "'{kapot'"),
    ("wijziging", "'[]'"),
    ("wijziging", "x'00ff'"),
    ("vorige_hash", "NULL"),
    ("vorige_hash", "'" + "f" * 64 + "'"),
    ("hash", "NULL"),
    ("hash", "'kort'"),
    ("hash", "'" + "0" * 64 + "'"),
]
POSTGRES_CORRUPTIONS = [
    ("id", "NULL"),
    ("id", "'00000000-0000-4000-8000-000000000000'"),
    ("volgnummer", "NULL"),
    ("volgnummer", "99"),
    ("ontvangst", "NULL"),
    ("ontvangst", "ontvangst + 1000"),
    ("tijdstip", "NULL"),
    ("tijdstip", "tijdstip + interval '1 microsecond'"),
    ("actor", "'ander-account'"),
    ("actor_rol", "NULL"),
    ("actie", "NULL"),
    ("actie", "'delete'"),
    ("objecttype", "NULL"),
    ("object_id", "'iets anders'"),
    ("wijziging", "NULL"),
    ("wijziging", "'\"tekst\"'::json"),
    ("vorige_hash", "NULL"),
    ("vorige_hash", "'" + "f" * 64 + "'"),
    ("hash", "NULL"),
    ("hash", "'kort'"),
]


@pytest.mark.parametrize(
    ("engine_type", "column", "value"),
    [("sqlite", c, v) for c, v in SQLITE_CORRUPTIONS] + [("postgres", c, v) for c, v in POSTGRES_CORRUPTIONS],
)
async def test_a_corrupt_value_in_any_column_names_the_row(
    client, db, database_url, data_dir, engine_type, column, value
):
    postgres = register_db.is_postgres()
    if engine_type != db.engine_type:
        pytest.skip("een waarde voor het andere type database")
    await some_history()
    admin = await builders.beheerder()
    target = (await AuditlogRegel.select(AuditlogRegel.id).where(AuditlogRegel.volgnummer == 5).first())["id"]
    if postgres:
        async with as_database_owner():
            if column == "id":
                await AuditlogRegel.raw("ALTER TABLE auditlog_regel DROP CONSTRAINT auditlog_regel_pkey")
            await AuditlogRegel.raw(f"ALTER TABLE auditlog_regel ALTER COLUMN {column} DROP NOT NULL")
            await AuditlogRegel.raw(f"UPDATE auditlog_regel SET {column} = {value} WHERE volgnummer = 5")  # noqa: S608
    else:
        with sqlite_without_not_null(database_url[len("sqlite:///") :]) as conn:
            conn.execute(f"UPDATE auditlog_regel SET {column} = {value} WHERE id = ?", (str(target),))  # noqa: S608
            conn.commit()
    try:
        result = await log.verify()
        assert result["intact"] is False, result
        assert result["eersteFouteRegel"] == 5, result
        response = await client.get("/api/v1/auditlog/verificatie", headers=auth(admin))
        assert response.status_code == 200 and response.json()["eersteFouteRegel"] == 5
        # browsing the log shows the row as it is, never an error
        assert (await client.get("/api/v1/auditlog?paginaGrootte=100", headers=auth(admin))).status_code == 200
        login(client, admin)
        assert (await client.get("/beheer/auditlog")).status_code == 200
        assert "NIET intact" in (await client.get("/beheer/auditlog/verificatie")).text
        if column == "tijdstip":  # the finding: a changed character of the time, from the command line
            done = verify_cli(database_url, data_dir)
            assert done.returncode == 2 and "regel 5" in done.stderr and "Traceback" not in done.stderr
    finally:
        if postgres:
            await AuditlogRegel.raw("ALTER TABLE auditlog_regel DISABLE TRIGGER USER")
            await AuditlogRegel.raw(
                "DELETE FROM auditlog_regel WHERE id IS NULL OR volgnummer IS NULL OR volgnummer > 0"
            )
            await AuditlogRegel.raw("ALTER TABLE auditlog_regel ENABLE TRIGGER USER")
            if column in ("id", "ontvangst", "tijdstip", "actie", "objecttype", "object_id", "wijziging"):
                await AuditlogRegel.raw(f"ALTER TABLE auditlog_regel ALTER COLUMN {column} SET NOT NULL")
            if column == "id":
                await AuditlogRegel.raw(
                    "ALTER TABLE auditlog_regel ADD CONSTRAINT auditlog_regel_pkey PRIMARY KEY (id)"
                )


async def test_a_corrupt_waiting_entry_is_named_and_skipped_by_the_sequencer(client, db, database_url):
    await some_history()
    tlog.configure(mode="off")
    try:
        async with register_db.transaction():
            broken = await log.record(SYSTEM, "create", "test", "x", {"uren": 1})
            await log.record(SYSTEM, "create", "test", "y", {"uren": 2})
    finally:
        tlog.configure(mode="inline")
    async with as_database_owner():
        if register_db.is_postgres():
            await AuditlogRegel.raw("ALTER TABLE auditlog_regel ALTER COLUMN wijziging DROP NOT NULL")
            await AuditlogRegel.raw("UPDATE auditlog_regel SET wijziging = NULL WHERE id = {}", broken)
        else:
            await AuditlogRegel.raw(
                "UPDATE auditlog_regel SET wijziging = {} WHERE id = {}", "{kapot", str(broken)
            )
    assert await tlog.sequence() == 1  # the readable one gets its number, the broken one waits
    result = await log.verify()
    assert (
        result["intact"] is False
        and result["regelId"] == str(broken)
        and "wachtende regel" in result["reden"]
    )
    if register_db.is_postgres():
        await AuditlogRegel.raw("ALTER TABLE auditlog_regel DISABLE TRIGGER USER")
        await AuditlogRegel.raw("DELETE FROM auditlog_regel WHERE id = {}", broken)
        await AuditlogRegel.raw("ALTER TABLE auditlog_regel ENABLE TRIGGER USER")
        await AuditlogRegel.raw("ALTER TABLE auditlog_regel ALTER COLUMN wijziging SET NOT NULL")


# --- reading the log ------------------------------------------------------------------------------------


async def test_api_verification_and_browsing_per_record(client, db):
    s = await builders.audit_world()
    admin = s.beheerder
    response = await client.get("/api/v1/auditlog/verificatie", headers=auth(admin))
    assert response.status_code == 200
    assert response.json() == {"intact": True, "regels": await AuditlogRegel.count()}
    for who in (s.auditor, s.coach_a_account, s.org_a_account):
        assert (await client.get("/api/v1/auditlog/verificatie", headers=auth(who))).status_code == 403
        assert (await client.get("/api/v1/auditlog", headers=auth(who))).status_code == 403

    # who changed this keurmerk, when, from what to what
    coach = Actor(
        s.coach_a_account["id"],
        s.coach_a_account["gebruikersnaam"],
        (Rol("jobcoach", jobcoach=s.coach_a["id"]),),
    )
    from register.services import jobcoaches, keurmerken

    km = await jobcoaches.add_keurmerk(
        coach,
        s.coach_a["id"],
        {
            "schema": "noloc",
            "nummer": "N-1",
            "ingangsdatum": dt.date(2024, 1, 1),
            "geldig_tot": dt.date(2028, 1, 1),
            "status": "actief",
        },
    )
    await keurmerken.update(coach, km["id"], {"status": "herregistratie-in-behandeling"}, lambda row: True)
    response = await client.get(
        f"/api/v1/auditlog?objecttype=keurmerk&objectId={km['id']}&paginaGrootte=1", headers=auth(admin)
    )
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["aantal"] == 2
    newest = page["resultaten"][0]
    assert newest["actie"] == "statuswijziging"
    assert newest["actorNaam"] == s.coach_a_account["gebruikersnaam"]
    assert newest["actorRol"] == "jobcoach"
    assert newest["wijziging"]["status"] == "herregistratie-in-behandeling"
    assert newest["volgnummer"] == await tlog.tree_size()
    assert "next" in page["_links"]
    oldest = (
        await client.get(f"/api/v1/auditlog?objecttype=keurmerk&objectId={km['id']}", headers=auth(admin))
    ).json()["resultaten"][-1]
    assert oldest["wijziging"]["nummer"] == "N-1"  # decrypted for the beheerder
    # browsing a coach's changes is a read of their data by someone else: logged
    rows = await Inzagelog.select().where(Inzagelog.account == admin["id"])
    assert {str(r["jobcoach"]) for r in rows} == {s.coach_a["id"]}
    assert rows[0]["doel"] == "beheer van het register: auditlog"

    async with as_database_owner():
        await AuditlogRegel.raw("DELETE FROM auditlog_regel WHERE volgnummer = 2")
    broken = (await client.get("/api/v1/auditlog/verificatie", headers=auth(admin))).json()
    assert broken["intact"] is False
    assert broken["eersteFouteRegel"] == 2


async def test_cli_verify(client, db, database_url, data_dir):
    count = await some_history()
    ok = verify_cli(database_url, data_dir)
    assert ok.returncode == 0, ok.stderr
    assert f"{count} regels" in ok.stdout
    async with as_database_owner():
        await AuditlogRegel.raw("UPDATE auditlog_regel SET objecttype = 'gebruiker' WHERE volgnummer = 4")
    bad = verify_cli(database_url, data_dir)
    assert bad.returncode == 2
    assert "regel 4" in bad.stderr


# --- the hash chain of before the transparency log ----------------------------------------------------


async def write_legacy_chain(rows: list[dict]) -> list[str]:
    """Rows as the register wrote them before this version: numbered, chained with the old canonical
    JSON (without id and arrival), personal values in plain text, and no tree."""
    previous, ids = tlog.GENESIS, []
    for number, row in enumerate(rows, start=1):
        entry_id = uuid.uuid4()
        moment = dt.datetime(2026, 1, 1, 9, 0, number, 123456, tzinfo=dt.UTC)
        entry = tlog.Entry(
            id=str(entry_id),
            ontvangst=number,
            tijdstip=tlog.format_time(moment),
            actor=None,
            actor_rol="systeem",
            actie=row["actie"],
            objecttype=row["objecttype"],
            object_id=row["object_id"],
            wijziging=row["wijziging"],
        )
        digest = hashlib.sha256(tlog._legacy_canonical(entry, number, previous).encode()).hexdigest()
        await AuditlogRegel.insert(
            AuditlogRegel(
                id=entry_id,
                volgnummer=number,
                ontvangst=number,
                tijdstip=moment,
                actor=None,
                actor_rol="systeem",
                actie=row["actie"],
                objecttype=row["objecttype"],
                object_id=row["object_id"],
                wijziging=json.dumps(row["wijziging"]),
                vorige_hash=previous,
                hash=digest,
            )
        )
        previous, ids = digest, [*ids, str(entry_id)]
    return ids


LEGACY = [
    {
        "actie": "create",
        "objecttype": "jobcoach",
        "object_id": str(uuid.uuid4()),
        "wijziging": {"voornaam": "Oud", "achternaam": "Jansen"},
    },
    {
        "actie": "status",
        "objecttype": "jobcoach",
        "object_id": str(uuid.uuid4()),
        "wijziging": {"status": {"van": "aangemeld", "naar": "actief"}, "reden": "geschikt"},
    },
    {
        "actie": "create",
        "objecttype": "klacht",
        "object_id": str(uuid.uuid4()),
        "wijziging": {"onderwerp": "bejegening"},
    },
]


async def test_the_old_chain_moves_into_the_transparency_log_once(client, db):
    ids = await write_legacy_chain(LEGACY)
    with pytest.raises(tlog.LegacyLog, match="migrate"):
        await tlog.sequence()
    assert await log.convert_legacy() == 3
    assert await log.convert_legacy() == 0  # once
    result = await log.verify()
    assert result == {"intact": True, "regels": 4}
    rows = await AuditlogRegel.select().order_by(AuditlogRegel.volgnummer)
    assert [str(r["id"]) for r in rows[:3]] == ids  # the same order
    assert rows[3]["actie"] == "omzetting" and json.loads(rows[3]["wijziging"])["regels"] == 3
    assert "Jansen" not in json.dumps([r["wijziging"] for r in rows])  # sealed now
    items, _ = await log.entries(objecttype="jobcoach")
    assert {"voornaam": "Oud", "achternaam": "Jansen"} in [i["wijziging"] for i in items]


async def test_a_broken_old_chain_is_not_laundered(client, db):
    await write_legacy_chain(LEGACY)
    async with as_database_owner():
        await AuditlogRegel.raw("UPDATE auditlog_regel SET actie = 'x' WHERE volgnummer = 2")
    with pytest.raises(tlog.LegacyLog, match="regel 2"):
        await log.convert_legacy()
    assert await AuditlogRegel.count().where(AuditlogRegel.volgnummer.is_null()) == 0
