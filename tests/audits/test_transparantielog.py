"""What an outsider sees of the transparency log, without a login and without a copy of the database:
the signed checkpoint, the verifier key, inclusion and consistency proofs, and the entry a signed
statement names. Every check below uses only hashlib and cryptography (and the RFC verifiers written out
in tests/register/test_merkle.py), never the register's own code."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

import jwt
import pytest
import time_machine
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audits.tables import AuditlogCheckpoint
from register import db as register_db
from register.infra import auditlog as log
from register.infra import tlog
from tests import builders
from tests.helpers import auth, cli, cli_env
from tests.rfc9162 import rfc_verify_consistency, rfc_verify_inclusion


async def verify(client, world, traject_id):
    return await client.post(
        f"/api/v1/trajecten/{traject_id}/verificaties", headers=auth(world.gemeente_account), json={}
    )


class QueryCounter:
    """Counts the statements the engine runs (every Piccolo query, raw or not, passes through these)."""

    def __init__(self, monkeypatch) -> None:
        self.count = 0
        engine_type = type(register_db.engine())
        original_query, original_ddl = engine_type.run_querystring, engine_type.run_ddl

        async def run_querystring(engine, *args, **kwargs):
            self.count += 1
            return await original_query(engine, *args, **kwargs)

        async def run_ddl(engine, *args, **kwargs):
            self.count += 1
            return await original_ddl(engine, *args, **kwargs)

        monkeypatch.setattr(engine_type, "run_querystring", run_querystring)
        monkeypatch.setattr(engine_type, "run_ddl", run_ddl)

    def take(self) -> int:
        count, self.count = self.count, 0
        return count


def open_checkpoint(note: str, vkey: str) -> tuple[str, int, bytes]:
    """Check a signed checkpoint with a verifier key (c2sp.org/signed-note, tlog-checkpoint)."""
    name, key_id, raw = vkey.split("+", 2)
    public = base64.b64decode(raw)[1:]
    assert hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4].hex() == key_id
    text, signatures = note[: note.rindex("\n\n") + 1], note[note.rindex("\n\n") + 2 :]
    for line in signatures.splitlines():
        dash, signer, signature = line.split(" ")
        data = base64.b64decode(signature)
        if dash == "\u2014" and signer == name and data[:4].hex() == key_id:
            Ed25519PublicKey.from_public_bytes(public).verify(data[4:], text.encode())  # raises if wrong
            origin, size, root = text.splitlines()[:3]
            return origin, int(size), base64.b64decode(root)
    raise AssertionError("geen handtekening van deze sleutel")


async def public_key(client) -> str:
    response = await client.get("/api/v1/auditlog/sleutels")
    assert response.status_code == 200
    return response.json()["sleutels"][0]["verificatiesleutel"]


async def test_anyone_fetches_and_checks_the_checkpoint_and_every_inclusion_proof(client, db):
    await builders.audit_world()
    await tlog.issue_checkpoint()  # what the daily run (or the next write a minute later) does
    response = await client.get("/api/v1/auditlog/checkpoint")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    origin, size, root = open_checkpoint(response.text, await public_key(client))
    assert origin == "testserver.local/auditlog" and size == await tlog.tree_size() > 8
    for regel in range(1, size + 1):
        proof = await client.get(f"/api/v1/auditlog/bewijs?regel={regel}&grootte={size}")
        assert proof.status_code == 200, proof.text
        body = proof.json()
        assert body["soort"] == "inclusie" and body["bladindex"] == regel - 1
        assert base64.b64decode(body["wortel"]) == root
        path = [base64.b64decode(h) for h in body["pad"]]
        assert rfc_verify_inclusion(regel - 1, size, base64.b64decode(body["bladhash"]), path, root)
        assert not rfc_verify_inclusion(regel % size, size, base64.b64decode(body["bladhash"]), path, root)


async def test_consistency_between_two_kept_checkpoints(client, db):
    await builders.audit_world()
    key = await public_key(client)
    _, first, first_root = open_checkpoint((await client.get("/api/v1/auditlog/checkpoint")).text, key)
    await builders.jobcoach()
    await builders.jobcoach()
    await tlog.issue_checkpoint()
    _, second, second_root = open_checkpoint((await client.get("/api/v1/auditlog/checkpoint")).text, key)
    assert second > first
    response = await client.get(f"/api/v1/auditlog/bewijs?van={first}&tot={second}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["soort"] == "consistentie" and (body["van"], body["tot"]) == (first, second)
    path = [base64.b64decode(h) for h in body["pad"]]
    assert rfc_verify_consistency(first, second, first_root, second_root, path)
    assert not rfc_verify_consistency(first, second, second_root, first_root, path)
    # every size in between, too (the register never signs two inconsistent checkpoints)
    for van in range(1, second + 1):
        body = (await client.get(f"/api/v1/auditlog/bewijs?van={van}&tot={second}")).json()
        start = base64.b64decode(body["wortelVan"])
        assert rfc_verify_consistency(
            van, second, start, second_root, [base64.b64decode(h) for h in body["pad"]]
        )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "regel"),
        ("?regel=1&van=1", "regel"),
        ("?regel=5&grootte=3", "regel"),
        ("?regel=1&grootte=999999", "grootte"),
        ("?van=4&tot=2", "van"),
        ("?regel=0", "regel"),
        ("?regel=abc", "regel"),
    ],
)
async def test_a_wrong_question_is_a_400_naming_the_field(client, db, query, field):
    await builders.audit_world()
    response = await client.get(f"/api/v1/auditlog/bewijs{query}")
    assert response.status_code == 400, response.text
    assert field in [p["name"] for p in response.json()["invalidParams"]]


async def test_a_signed_statement_names_its_entry_whose_proof_anyone_can_check(client):
    with time_machine.travel(builders.T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        response = await verify(client, o, traject["id"])
        assert response.status_code == 201, response.text
        statement = response.json()
        claims = jwt.decode(statement["attestatie"], options={"verify_signature": False})
        entry_id = claims["auditlogregel"]
        await tlog.issue_checkpoint()

        found = await client.get(f"/api/v1/auditlog/regels/{entry_id}")
        assert found.status_code == 200, found.text
        body = found.json()
        assert body["id"] == entry_id
        # the entry itself: it records this verification
        content = base64.b64decode(body["inhoud"])
        entry = json.loads(content)
        assert entry["id"] == entry_id and entry["volgnummer"] == body["volgnummer"]
        assert entry["objecttype"] == "verificatie" and entry["objectId"] == claims["jti"]
        assert entry["wijziging"]["gekwalificeerd"] == claims["gekwalificeerd"]
        # its leaf is in the signed tree
        leaf = hashlib.sha256(b"\x00" + content).digest()
        proof = body["bewijs"]
        assert base64.b64decode(proof["bladhash"]) == leaf
        _, size, root = open_checkpoint(body["checkpoint"], await public_key(client))
        assert proof["grootte"] == size
        path = [base64.b64decode(h) for h in proof["pad"]]
        assert rfc_verify_inclusion(body["volgnummer"] - 1, size, leaf, path, root)

        # a bulk of statements names one entry, which lists every verification
        bulk = await client.post(
            "/api/v1/verificaties/_bulk",
            headers=auth(o.gemeente_account),
            json={"trajecten": [traject["id"]]},
        )
        bulk_claims = jwt.decode(
            bulk.json()["verificaties"][0]["attestatie"], options={"verify_signature": False}
        )
        body = (await client.get(f"/api/v1/auditlog/regels/{bulk_claims['auditlogregel']}")).json()
        listed = json.loads(base64.b64decode(body["inhoud"]))["wijziging"]["verificaties"]
        assert [v["id"] for v in listed] == [bulk_claims["jti"]]
        # and bulk verification signed a checkpoint that already holds it
        assert body["checkpoint"] is not None and body["bewijs"]["grootte"] >= body["volgnummer"]


async def test_entries_of_other_kinds_show_no_content_and_unknown_ones_are_404(client, db, monkeypatch):
    s = await builders.audit_world()
    items, _ = await log.entries(objecttype="jobcoach", object_id=s.coach_a["id"])
    body = (await client.get(f"/api/v1/auditlog/regels/{items[0]['id']}")).json()
    assert "inhoud" not in body and body["volgnummer"] == items[-1]["volgnummer"] or body["volgnummer"] >= 1
    for unknown in ("00000000-0000-4000-8000-000000000000", "geen-id"):
        assert (await client.get(f"/api/v1/auditlog/regels/{unknown}")).status_code == 404
    monkeypatch.setitem(tlog._config, "mode", "off")
    async with register_db.transaction():
        waiting = await log.record(builders.BEHEER, "create", "test", "x", {"uren": 1})
    response = await client.get(f"/api/v1/auditlog/regels/{waiting}")
    assert response.status_code == 409 and "volgnummer" in response.json()["detail"]


async def test_a_proof_costs_the_same_few_queries_at_any_size(client, db, monkeypatch):
    """The stored subtree hashes answer a proof with a fixed number of statements, whatever the size
    (the time at a million entries is measured in bench/, never here)."""
    monkeypatch.setitem(tlog._config, "mode", "off")
    for chunk in range(3):
        async with register_db.transaction():
            for i in range(700):
                await log.record(builders.BEHEER, "create", "test", f"{chunk}-{i}", {"uren": i})
        await tlog.sequence()
    counter = QueryCounter(monkeypatch)
    costs = []
    for size in (5, 100, 1000, 2100):
        counter.take()
        await tlog.inclusion_proof(max(1, size // 3), size)
        await tlog.consistency_proof(max(1, size // 7), size)
        costs.append(counter.take())
    assert len(set(costs)) == 1 and costs[0] <= 8, costs


async def test_a_checkpoint_at_least_daily_and_the_command_prints_it(client, db, database_url, data_dir):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False) as t:
        await builders.audit_world()
        first = await tlog.issue_checkpoint()
        assert await tlog.issue_checkpoint() == first  # nothing new: the same one
        t.shift(dt.timedelta(hours=25))
        daily = await tlog.issue_checkpoint()
        assert daily["grootte"] == first["grootte"] and daily["tijdstip"] > first["tijdstip"]
        assert "tijdstip 2026-11-24T10:00:00Z" in daily["tekst"]
    count = await AuditlogCheckpoint.count()
    done = cli(["auditlog", "checkpoint"], cli_env(database_url, data_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("testserver.local/auditlog\n") and "\n\n\u2014 " in done.stdout
    assert await AuditlogCheckpoint.count() == count + 1  # a day old (the real clock): a new one
    again = cli(["auditlog", "checkpoint"], cli_env(database_url, data_dir))
    assert again.stdout == done.stdout and await AuditlogCheckpoint.count() == count + 1
