"""The tamper-evident audit log: the chain names the first altered, removed or reordered row."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audits.tables import AuditlogRegel, Inzagelog
from register import db as register_db
from register.actor import Actor, Rol
from register.infra import auditlog as log
from tests import builders
from tests.helpers import ROOT, SECRET, auth

TRIGGER = "auditlog_regel_alleen_toevoegen"


@contextlib.asynccontextmanager
async def as_database_owner():
    """Tampering as someone with direct database access: on PostgreSQL the owner switches the
    append-only trigger off first (the hash chain must still reveal what was done)."""
    postgres = register_db.is_postgres()
    if postgres:
        await AuditlogRegel.raw(f"ALTER TABLE auditlog_regel DISABLE TRIGGER {TRIGGER}")
    try:
        yield
    finally:
        if postgres:
            await AuditlogRegel.raw(f"ALTER TABLE auditlog_regel ENABLE TRIGGER {TRIGGER}")


async def some_history() -> int:
    await builders.audit_world()
    count = await AuditlogRegel.count()
    assert count >= 8
    assert await log.verify() == {"intact": True, "regels": count}
    return count


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
    row = await AuditlogRegel.select().where(AuditlogRegel.volgnummer == 4).first()
    row["actor_rol"] = "auditor"
    row["wijziging"] = log._load(row["wijziging"])
    forged = log.compute_hash(row, row["vorige_hash"])
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
        "regels": 3,
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
    assert "volgorde" in result["reden"]


async def test_verification_in_small_batches_finds_the_same_row(client, db):
    await some_history()
    async with as_database_owner():
        await AuditlogRegel.raw("UPDATE auditlog_regel SET actie = 'delete' WHERE volgnummer = 7")
    assert (await log.verify(batch=2))["eersteFouteRegel"] == 7
    assert (await log.verify(batch=5000))["eersteFouteRegel"] == 7


async def test_concurrent_appends_form_one_unbroken_chain(client, db):
    """Many writers at once (on PostgreSQL each on its own pooled connection): the append lock and the
    head read after it give every row the next number and the previous row's hash."""
    actor = Actor(account_id=None, gebruikersnaam="systeem", rollen=(Rol("systeem"),))

    async def append(i: int) -> None:
        async with register_db.transaction():
            await log.record(actor, "create", "test", f"object-{i}", {"i": i})

    await asyncio.gather(*(append(i) for i in range(25)))
    rows = await AuditlogRegel.select(AuditlogRegel.volgnummer).order_by(AuditlogRegel.volgnummer)
    assert [r["volgnummer"] for r in rows] == list(range(1, 26))
    assert await log.verify() == {"intact": True, "regels": 25}


async def test_hash_computed_by_the_database_matches_the_python_chain(client, db):
    """On PostgreSQL the database computes the hash from the canonical JSON split around the number and
    previous hash; text that looks like that split point, quotes and non-ASCII must not confuse it."""
    actor = Actor(account_id=None, gebruikersnaam="systeem", rollen=(Rol("systeem"),))
    tricky = {
        "volgnummer": 0,
        "vorigeHash": "",
        "tekst": 'Zoë zei: "volgnummer":0,"vorigeHash":"" \u00e9 ✓',
        "lijst": [1, 2.5, None, True],
    }
    async with register_db.transaction():
        await log.record(actor, "create", "test", 'object "met" aanhalingstekens', tricky)
        await log.record(actor, "update", "test", "ë", {"naam": {"van": "Æ", "naar": "Ø"}})
    rows = await AuditlogRegel.select().order_by(AuditlogRegel.volgnummer)
    assert [r["volgnummer"] for r in rows] == [1, 2]
    assert rows[1]["vorige_hash"] == rows[0]["hash"]
    for row, vorige in zip(rows, [log.GENESIS, rows[0]["hash"]], strict=True):
        row["wijziging"] = log._load(row["wijziging"])
        assert row["hash"] == log.compute_hash(row, vorige)
    assert await log.verify() == {"intact": True, "regels": 2}


async def test_postgres_refuses_update_and_delete_but_truncate_works(client, db):
    if not register_db.is_postgres():
        pytest.skip("de trigger bestaat alleen op PostgreSQL")
    count = await some_history()
    with pytest.raises(Exception, match="alleen-toevoegen"):
        await AuditlogRegel.raw("UPDATE auditlog_regel SET actie = 'x' WHERE volgnummer = 1")
    with pytest.raises(Exception, match="alleen-toevoegen"):
        await AuditlogRegel.raw("DELETE FROM auditlog_regel WHERE volgnummer = 1")
    with pytest.raises(Exception, match="alleen-toevoegen"):
        await AuditlogRegel.update({AuditlogRegel.actie: "x"}).where(AuditlogRegel.volgnummer == 2)
    assert await log.verify() == {"intact": True, "regels": count}
    await AuditlogRegel.raw("TRUNCATE TABLE auditlog_regel")
    assert await AuditlogRegel.count() == 0


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
    import datetime as dt

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
    assert newest["actie"] == "update"
    assert newest["actorNaam"] == s.coach_a_account["gebruikersnaam"]
    assert newest["actorRol"] == "jobcoach"
    assert newest["wijziging"]["status"] == {"van": "actief", "naar": "herregistratie-in-behandeling"}
    assert "next" in page["_links"]
    # browsing a coach's changes is a read of their data by someone else: logged
    rows = await Inzagelog.select().where(Inzagelog.account == admin["id"])
    assert [str(r["jobcoach"]) for r in rows] == [s.coach_a["id"]]
    assert rows[0]["doel"] == "beheer van het register: auditlog"

    async with as_database_owner():
        await AuditlogRegel.raw("DELETE FROM auditlog_regel WHERE volgnummer = 2")
    broken = (await client.get("/api/v1/auditlog/verificatie", headers=auth(admin))).json()
    assert broken["intact"] is False
    assert broken["eersteFouteRegel"] == 2


def run_cli(database_url: str, data_dir) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "REGISTER_DATABASE_URL": database_url,
        "REGISTER_DATA_DIR": str(data_dir),
        "REGISTER_SECRET_KEY": SECRET,
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "api.cli", "auditlog", "verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


async def test_cli_verify(client, db, database_url, data_dir):
    count = await some_history()
    ok = run_cli(database_url, data_dir)
    assert ok.returncode == 0, ok.stderr
    assert f"{count} regels" in ok.stdout
    async with as_database_owner():
        await AuditlogRegel.raw("UPDATE auditlog_regel SET objecttype = 'gebruiker' WHERE volgnummer = 4")
    bad = run_cli(database_url, data_dir)
    assert bad.returncode == 2
    assert "regel 4" in bad.stderr


# --- the chain as a pure function ----------------------------------------------------------------------


def chain(n: int) -> list[dict]:
    rows, vorige = [], log.GENESIS
    for i in range(1, n + 1):
        row = {
            "volgnummer": i,
            "tijdstip": f"2026-01-01T00:00:{i % 60:02d}.000000Z",
            "actor": "a",
            "actor_rol": "auditor",
            "actie": "create",
            "objecttype": "toetsing",
            "object_id": str(i),
            "wijziging": {"n": i},
        }
        row["vorige_hash"] = vorige
        row["hash"] = vorige = log.compute_hash(row, vorige)
        rows.append(row)
    return rows


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 12), data=st.data())
def test_any_single_tampering_is_found_at_the_right_row(n, data):
    rows = chain(n)
    assert log.check_chain(rows) == {"intact": True, "regels": n}
    kind = data.draw(st.sampled_from(["alter", "delete", "swap"]))
    i = data.draw(st.integers(0, n - 2))  # deleting the newest row leaves a valid, shorter chain
    if kind == "alter":
        rows[i] = {**rows[i], "wijziging": {"n": -1}}
        expected = i + 1
    elif kind == "delete":
        del rows[i]
        expected = i + 1
    else:
        rows[i], rows[i + 1] = (
            {**rows[i + 1], "volgnummer": i + 1},
            {**rows[i], "volgnummer": i + 2},
        )
        expected = i + 1
    result = log.check_chain(rows)
    assert result["intact"] is False
    assert result["eersteFouteRegel"] == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"volgnummer": 3}, "staat op de verkeerde plaats"),
        ({"vorige_hash": "f" * 64}, "vorige regel"),
        ({"actie": "delete"}, "gewijzigd"),
        ({"tijdstip": "2030-01-01T00:00:00.000000Z"}, "gewijzigd"),
    ],
)
def test_each_kind_of_break_has_a_dutch_reason(change, expected):
    rows = chain(4)
    rows[3] = {**rows[3], **change}
    result = log.check_chain(rows)
    assert result["eersteFouteRegel"] in (3, 4)
    assert expected in result["reden"]
