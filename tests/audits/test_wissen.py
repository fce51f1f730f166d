"""Crypto-shredding (issue 13, finding 4): personal and free-text values enter the audit log encrypted with
a key per data subject; destroying the key (an erasure request, retention) makes them unreadable for good
while the chain, the tree and the signed checkpoints still verify."""

from __future__ import annotations

import datetime as dt
import json

import time_machine

from audits.tables import AuditlogRegel, Gegevenssleutel
from register import db as register_db
from register.infra import auditlog as log
from register.infra import tlog
from tests import builders
from tests.helpers import auth, cli, cli_env


def body(*deelnemers, datum: str = "2026-03-10", vorm: str = "intercollegiale-toetsing") -> dict:
    return {"datum": datum, "vorm": vorm, "deelnemers": list(deelnemers)}


async def create(client, auditor, payload) -> dict:
    response = await client.post("/api/v1/toetsingen", headers=auth(auditor), json=payload)
    assert response.status_code == 201, response.text
    return response.json()


async def raw_log() -> str:
    """The audit log as stored, every column of every row."""
    return json.dumps(await AuditlogRegel.select(), default=str, ensure_ascii=False)


async def klacht(client, s, onderwerp: str) -> dict:
    response = await client.post(
        f"/api/v1/organisaties/{s.org_a['id']}/klachten",
        headers=auth(s.org_a_account),
        json={"ontvangenOp": "2026-03-01", "onderwerp": onderwerp, "categorie": "bejegening"},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def readable(client, admin, objecttype: str, object_id: str) -> list[dict]:
    response = await client.get(
        f"/api/v1/auditlog?objecttype={objecttype}&objectId={object_id}", headers=auth(admin)
    )
    assert response.status_code == 200, response.text
    return response.json()["resultaten"]


@time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC), tick=False)
async def test_an_erasure_request_makes_a_klacht_unreadable_and_the_log_still_verifies(client, db):
    s = await builders.audit_world()
    complaint = await klacht(client, s, "Klacht over de diagnose van mevrouw Pietersen")
    # stored encrypted with the klacht's own key; codes and dates stay plain
    assert "Pietersen" not in await raw_log()
    stored = json.loads(
        (
            await AuditlogRegel.select(AuditlogRegel.wijziging)
            .where(AuditlogRegel.object_id == complaint["id"])
            .first()
        )["wijziging"]
    )
    assert set(stored["onderwerp"]) == {"versleuteld", "sleutel"}
    assert stored["ontvangen_op"] == "2026-03-01" and stored["organisatie"] == s.org_a["id"]
    assert (
        await Gegevenssleutel.select().where(Gegevenssleutel.onderwerp == f"klacht:{complaint['id']}").first()
    )["vernietigd_op"] is None
    # the beheerder with the key reads it
    entries = await readable(client, s.beheerder, "klacht", complaint["id"])
    assert entries[0]["wijziging"]["onderwerp"] == "Klacht over de diagnose van mevrouw Pietersen"
    before = await tlog.issue_checkpoint(force=True)

    response = await client.post(
        "/api/v1/auditlog/wisverzoeken",
        headers=auth(s.beheerder),
        json={
            "objecttype": "klacht",
            "objectId": complaint["id"],
            "reden": "verzoek AVG art. 17 van 2026-03-14",
        },
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"onderwerp": f"klacht:{complaint['id']}", "vernietigd": 1}

    entries = await readable(client, s.beheerder, "klacht", complaint["id"])
    created = next(e for e in entries if e["actie"] == "create")
    assert created["wijziging"]["onderwerp"] == "[gewist]"  # it existed; it is gone
    assert created["wijziging"]["ontvangenOp"] == "2026-03-01"  # a date: never encrypted
    erasure = next(e for e in entries if e["actie"] == "wis")
    assert erasure["wijziging"]["vernietigd"] == 1 and erasure["wijziging"]["reden"].startswith("verzoek AVG")
    key = (
        await Gegevenssleutel.select().where(Gegevenssleutel.onderwerp == f"klacht:{complaint['id']}").first()
    )
    assert key["sleutel"] is None and key["vernietigd_reden"] == "wisverzoek"
    # the log, its tree and the checkpoint signed before the erasure all still verify
    assert (await log.verify())["intact"] is True
    assert (await log.verify(checkpoint_note=before["tekst"]))["intact"] is True
    # a second request finds nothing to destroy
    again = await client.post(
        "/api/v1/auditlog/wisverzoeken",
        headers=auth(s.beheerder),
        json={"objecttype": "klacht", "objectId": complaint["id"], "reden": "nogmaals"},
    )
    assert again.json()["vernietigd"] == 0


async def test_an_erasure_request_needs_a_reason_and_a_proper_subject(client, db):
    admin = await builders.beheerder()
    response = await client.post(
        "/api/v1/auditlog/wisverzoeken",
        headers=auth(admin),
        json={"objecttype": "Klacht; DROP", "objectId": "x", "reden": " "},
    )
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} >= {"objecttype", "reden"}


@time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC), tick=False)
async def test_each_participant_of_a_toetsing_has_their_own_key(client, db, database_url, data_dir):
    s = await builders.audit_world()
    made = await create(
        client,
        s.auditor,
        body(
            builders.deelnemer(s.coach_a, casus="Casus van Anna over een klant met burn-out"),
            builders.deelnemer(s.coach_b, casus="Casus van Bram over een werkgever"),
        ),
    )
    assert "burn-out" not in await raw_log() and "werkgever" not in await raw_log()
    # the command line erases coach A's values only
    done = cli(
        ["auditlog", "wis", "--objecttype", "jobcoach", "--object-id", s.coach_a["id"], "--reden", "verzoek"],
        cli_env(database_url, data_dir),
    )
    assert done.returncode == 0, done.stderr
    assert "vernietigd" in done.stdout
    entries, _ = await log.entries(objecttype="toetsing", object_id=made["id"])
    parts = {d["jobcoach"]: d for d in entries[-1]["wijziging"]["deelnemers"]}
    assert parts[s.coach_a["id"]]["casus"] == "[gewist]"
    assert parts[s.coach_b["id"]]["casus"] == "Casus van Bram over een werkgever"
    assert parts[s.coach_a["id"]]["beoordeling"] == "voldoende"  # a code, never encrypted
    coach_entries, _ = await log.entries(objecttype="jobcoach", object_id=s.coach_a["id"])
    assert next(e for e in coach_entries if e["actie"] == "create")["wijziging"]["achternaam"] == "[gewist]"
    assert (await log.verify())["intact"] is True


async def test_every_field_outside_the_allow_list_is_encrypted(client, db):
    """Encrypt by default: a field name nobody classified never reaches the log in plain text."""
    async with register_db.transaction():
        await log.record(
            builders.BEHEER,
            "create",
            "nieuwsoort",
            "x-1",
            {
                "status": "actief",
                "datum": "2026-01-01",
                "uren": 3,
                "nieuwVeld": "Geheime notitie",
                "lijst": ["a"],
            },
        )
    stored = json.loads((await AuditlogRegel.select(AuditlogRegel.wijziging).first())["wijziging"])
    assert (stored["status"], stored["datum"], stored["uren"]) == ("actief", "2026-01-01", 3)
    assert set(stored["nieuwVeld"]) == set(stored["lijst"]) == {"versleuteld", "sleutel"}
    assert "Geheime" not in json.dumps(stored)
