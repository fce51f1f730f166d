"""The raw twin of single verification (issue #18, item 2): the same work as
`POST /api/v1/trajecten/{id}/verificaties`, without the framework and the ORM.

Per request, on a raw asyncpg connection in one transaction: the same fact statement
(register.services.feiten.fact_query, gemeente-scoped), the same rules (feiten._collect, oordeel_voor),
the same record and ES256 statement (api.attestatie.Ondertekenaar, a key made at start), and the same
inserts: the verification row, one access-log row and one unsequenced audit-log entry (as
register.infra.tlog.append). Not done here, so the twin is slightly cheaper than the real call: the
authentication of the bearer token, the signal upsert of a running traject whose verdict changed, and the
encryption of personal values in the audit entry (the register seals them per data subject).

Run with uvicorn: `BENCH_DATABASE_URL=... BENCH_GEMEENTE=GM0001 uvicorn bench.raw_verificatie:app`; POST to
`/{traject_id}`. PostgreSQL only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid

import asyncpg
import msgspec
from cryptography.hazmat.primitives.asymmetric import ec

from api.attestatie import Ondertekenaar
from register.rules.feiten import bronnen as gebruikte_bronnen
from register.services import feiten
from register.services.verificaties import _record

URL = os.environ["BENCH_DATABASE_URL"]
GEMEENTE = os.environ.get("BENCH_GEMEENTE", "GM0001")
_numbers = iter(range(1, 100))
FACT_SQL = re.sub(r"\{\}", lambda _: f"${next(_numbers)}", feiten.fact_query(1, True, 1))
_pool: asyncpg.Pool | None = None
_signer = Ondertekenaar(issuer="http://bench", kid="bench", key=ec.generate_private_key(ec.SECP256R1()))
_encode = msgspec.json.Encoder().encode


async def verificatie(traject_id: str) -> bytes | None:
    assert _pool is not None
    async with _pool.acquire() as conn, conn.transaction():
        rows = await conn.fetch(FACT_SQL, [uuid.UUID(traject_id)], GEMEENTE)
        geladen = feiten.Geladen()
        feiten._collect([dict(r) for r in rows], geladen)
        if traject_id not in geladen.trajecten:
            return None
        today = dt.date.today()
        now = dt.datetime.now(dt.UTC)
        info = geladen.trajecten[traject_id]
        oordeel = feiten.oordeel_voor(geladen, traject_id, today, {})
        record = _record(info, oordeel, now)
        record["bronnen"] = gebruikte_bronnen(geladen.feiten[traject_id], today)
        regel = uuid.uuid4()
        record["auditlogregel"] = str(regel)
        record["attestatie"] = _signer.attest(record)
        await conn.execute(
            "INSERT INTO inzagelog (id, tijdstip, account, rol, jobcoach, doel, verwerkingsactiviteit, trace_id) "
            "VALUES ($1, $2, NULL, 'gemeente', $3, 'verificatie', 'kwalificatie-traject', '')",
            uuid.uuid4(),
            now,
            uuid.UUID(record["jobcoach"]),
        )
        await conn.execute(
            "INSERT INTO verificatie (id, traject, jobcoach, organisatie, gemeente, peildatum, gekwalificeerd, "
            "kader_gemeente, kader_versie, criteria, bronnen, attestatie, aangemaakt_op, aangemaakt_door) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL)",
            uuid.UUID(record["id"]),
            uuid.UUID(record["traject"]),
            uuid.UUID(record["jobcoach"]),
            uuid.UUID(record["organisatie"]),
            record["gemeente"],
            record["peildatum"],
            record["gekwalificeerd"],
            record["toetsingskader"]["gemeente"],
            record["toetsingskader"]["versie"],
            _encode(record["criteria"]).decode(),
            _encode(record["bronnen"]).decode(),
            record["attestatie"],
            now,
        )
        wijziging = {"id": record["id"], "traject": traject_id, "gekwalificeerd": record["gekwalificeerd"]}
        await conn.execute(
            "INSERT INTO auditlog_regel (id, ontvangst, tijdstip, actor, actor_rol, actie, objecttype, object_id, "
            "wijziging) VALUES ($1, nextval('auditlog_regel_ontvangst_seq'), $2, NULL, 'gemeente', 'create', "
            "'verificatie', $3, $4::json)",
            regel,
            now,
            record["id"],
            json.dumps(wijziging),
        )
    return _encode(
        {
            "id": record["id"],
            "gekwalificeerd": record["gekwalificeerd"],
            "criteria": record["criteria"],
            "attestatie": record["attestatie"],
        }
    )


async def app(scope, receive, send) -> None:
    global _pool
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                _pool = await asyncpg.create_pool(URL, min_size=4, max_size=10)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if _pool is not None:
                    await _pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return
    while (await receive()).get("more_body"):
        pass
    try:
        traject_id = str(uuid.UUID(scope["path"].strip("/")))
    except ValueError:
        traject_id = None
    body = await verificatie(traject_id) if traject_id else None
    status = 201 if body is not None else 404
    payload = body or b"{}"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
