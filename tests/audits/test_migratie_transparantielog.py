"""Upgrading a register of before the transparency log, on both engines: `migrate` reshapes the tables
(SQLite rebuilds them, copying every row), encrypts the plain-text signing key, verifies the old hash
chain and moves it into the transparency log, after which the log verifies."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import sqlite3
import subprocess
import uuid

import asyncpg
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.helpers import ROOT, cli, cli_env, fresh_database, needs_postgres, pg_database_url

BEFORE = {"register": "2026-11-24T12:00:00:000000", "audits": "2026-11-24T13:00:00:000000"}
MARKER = '"volgnummer":0,"vorigeHash":""'
ROWS = [
    ("create", "jobcoach", {"voornaam": "Oud", "achternaam": "Jansen", "registratienummer": "JC-000001"}),
    (
        "status",
        "jobcoach",
        {"status": {"van": "aangemeld", "naar": "actief"}, "reden": "portfolio van Oud Jansen"},
    ),
    ("create", "klacht", {"onderwerp": "bejegening", "ontvangen_op": "2026-01-02"}),
]


def old_canonical(
    number: int, moment: dt.datetime, actie: str, objecttype: str, object_id: str, change: dict, previous: str
) -> str:
    """The hash input of the audit log before this version (no id, no arrival order)."""
    payload = {
        "volgnummer": number,
        "tijdstip": moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": None,
        "actorRol": "systeem",
        "actie": actie,
        "objecttype": objecttype,
        "objectId": object_id,
        "wijziging": change,
        "vorigeHash": previous,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def plain_key() -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return f"oude-sleutel-{uuid.uuid4().hex[:6]}", pem.decode()


def migrate_to_before(env: dict[str, str]) -> None:
    for app, migration in BEFORE.items():
        subprocess.run(
            [str(ROOT / ".venv/bin/piccolo"), "migrations", "forwards", app, migration],
            cwd=ROOT,
            env={**env, "PICCOLO_CONF": "piccolo_conf"},
            check=True,
            capture_output=True,
            timeout=120,
        )


def upgrade_and_check(env: dict[str, str]) -> None:
    done = cli(["migrate"], env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 ondertekeningssleutel(s) versleuteld opgeslagen" in done.stdout
    assert "3 bestaande auditlogregel(s) overgezet naar het transparantielog" in done.stdout
    checked = cli(["auditlog", "verify"], env)
    assert checked.returncode == 0, checked.stderr
    assert "Auditlog intact: 4 regels" in checked.stdout  # the three old rows and the one noting the move
    again = cli(["migrate"], env)
    assert again.returncode == 0 and "overgezet" not in again.stdout


def test_upgrading_a_sqlite_register(tmp_path):
    url = f"sqlite:///{tmp_path / 'oud.sqlite3'}"
    env = cli_env(url, tmp_path)
    migrate_to_before(env)
    conn = sqlite3.connect(tmp_path / "oud.sqlite3")
    previous = "0" * 64
    for number, (actie, objecttype, change) in enumerate(ROWS, start=1):
        moment = dt.datetime(2026, 1, 1, 9, 0, number, 123456, tzinfo=dt.UTC)
        object_id = str(uuid.uuid4())
        digest = hashlib.sha256(
            old_canonical(number, moment, actie, objecttype, object_id, change, previous).encode()
        ).hexdigest()
        conn.execute(
            "INSERT INTO auditlog_regel (id, volgnummer, tijdstip, actor, actor_rol, actie, objecttype, object_id, "
            "wijziging, vorige_hash, hash) VALUES (?, ?, ?, NULL, 'systeem', ?, ?, ?, ?, ?, ?)",
            (
                str(uuid.uuid4()),
                number,
                str(moment),
                actie,
                objecttype,
                object_id,
                json.dumps(change),
                previous,
                digest,
            ),
        )
        previous = digest
    kid, pem = plain_key()
    conn.execute(
        "INSERT INTO ondertekeningssleutel (id, kid, alg, private_pem, public_jwk, aangemaakt_op, actief) "
        "VALUES (?, ?, 'ES256', ?, '{}', ?, 1)",
        (str(uuid.uuid4()), kid, pem, str(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))),
    )
    conn.commit()
    conn.close()
    upgrade_and_check(env)
    conn = sqlite3.connect(tmp_path / "oud.sqlite3")
    assert conn.execute("SELECT private_pem FROM ondertekeningssleutel").fetchone() == (None,)
    assert not conn.execute("SELECT count(*) FROM auditlog_regel WHERE wijziging LIKE '%Jansen%'").fetchone()[
        0
    ]
    conn.close()


@needs_postgres
def test_upgrading_a_postgresql_register(tmp_path):
    with fresh_database("register_oud") as name:
        url = pg_database_url(name)
        env = cli_env(url, tmp_path)
        migrate_to_before(env)

        async def write_old_rows() -> None:
            conn = await asyncpg.connect(url)
            try:
                for number, (actie, objecttype, change) in enumerate(ROWS, start=1):
                    moment = dt.datetime(2026, 1, 1, 9, 0, number, 123456, tzinfo=dt.UTC)
                    object_id = str(uuid.uuid4())
                    text = old_canonical(0, moment, actie, objecttype, object_id, change, "")
                    at = text.index(MARKER)
                    # the old write path: the database function that locked, chained and hashed
                    await conn.execute(
                        "SELECT auditlog_toevoegen($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                        731_905_117,
                        uuid.uuid4(),
                        moment,
                        None,
                        "systeem",
                        actie,
                        objecttype,
                        object_id,
                        json.dumps(change),
                        text[:at] + '"volgnummer":',
                        text[at + len(MARKER) :],
                    )
                kid, pem = plain_key()
                await conn.execute(
                    "INSERT INTO ondertekeningssleutel (id, kid, alg, private_pem, public_jwk, aangemaakt_op, actief) "
                    "VALUES ($1, $2, 'ES256', $3, '{}', now(), true)",
                    uuid.uuid4(),
                    kid,
                    pem,
                )
            finally:
                await conn.close()

        asyncio.run(write_old_rows())
        upgrade_and_check(env)

        async def stored() -> tuple:
            conn = await asyncpg.connect(url)
            try:
                return (
                    await conn.fetchval("SELECT private_pem FROM ondertekeningssleutel"),
                    await conn.fetchval(
                        "SELECT count(*) FROM auditlog_regel WHERE wijziging::text LIKE '%Jansen%'"
                    ),
                )
            finally:
                await conn.close()

        assert asyncio.run(stored()) == (None, 0)
