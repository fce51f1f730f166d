"""The access log in the shape of Logboek Dataverwerkingen (issue 13, finding 5): list reads write one entry
per coach shown, in one statement, with the processing activity and the request's trace id; the coach's
export shows them."""

from __future__ import annotations

import re

from audits.tables import Inzagelog
from register.infra import bulk
from register.vocabulary import VERWERKINGSACTIVITEITEN
from tests import builders


async def _entries(account: dict, doel: str) -> list[dict]:
    return await Inzagelog.select().where((Inzagelog.account == account["id"]) & (Inzagelog.doel == doel))


async def test_the_beheerders_list_read_is_in_the_coachs_export(client):
    world = await builders.build_world()
    response = await client.get("/api/v1/jobcoaches", headers=world.headers("beheerder"))
    assert response.status_code == 200
    shown = {c["id"] for c in response.json()["resultaten"]}
    assert {world.coach_a["id"], world.coach_b["id"]} <= shown
    rows = await _entries(world.beheerder, "jobcoaches tonen")
    assert {str(r["jobcoach"]) for r in rows} == shown  # one entry per coach shown
    assert {r["verwerkingsactiviteit"] for r in rows} == {"beheer-register"}
    traces = {r["trace_id"] for r in rows}
    assert len(traces) == 1 and re.fullmatch(r"[0-9a-f]{32}", traces.pop())

    export = await client.get(
        f"/api/v1/jobcoaches/{world.coach_a['id']}/export", headers=world.headers("jobcoach")
    )
    assert export.status_code == 200
    mine = [r for r in export.json()["inzage"] if r["doel"] == "jobcoaches tonen"]
    assert len(mine) == 1
    entry = mine[0]
    assert entry["account"] == world.beheerder["id"]
    assert entry["gebruikersnaam"] == world.beheerder["gebruikersnaam"]
    assert entry["verwerkingsactiviteit"] == "beheer-register"
    assert entry["verwerkingsactiviteitLabel"] == VERWERKINGSACTIVITEITEN.label("beheer-register")
    assert entry["traceId"] == rows[0]["trace_id"]
    assert entry["tijdstip"].endswith("Z")


async def test_each_request_has_its_own_trace(client):
    world = await builders.build_world()
    for _ in range(2):
        await client.get("/api/v1/jobcoaches", headers=world.headers("auditor"))
    rows = await _entries(world.auditor, "jobcoaches tonen")
    assert {r["verwerkingsactiviteit"] for r in rows} == {"beoordeling-kwaliteit"}
    assert len({r["trace_id"] for r in rows}) == 2


async def test_other_list_reads_are_logged_per_coach_shown(client):
    world = await builders.build_world()
    # a gemeente's trajecten: traject T has coach A
    assert (await client.get("/api/v1/trajecten", headers=world.headers("gemeente"))).status_code == 200
    rows = await _entries(world.gemeente_account, "trajecten tonen")
    assert [(str(r["jobcoach"]), r["verwerkingsactiviteit"]) for r in rows] == [
        (world.coach_a["id"], "kwalificatie-traject")
    ]
    # an organisation's coaches
    url = f"/api/v1/organisaties/{world.org_a['id']}/jobcoaches"
    assert (await client.get(url, headers=world.headers("organisatie"))).status_code == 200
    rows = await _entries(world.org_a_account, "jobcoaches van de organisatie tonen")
    assert [(str(r["jobcoach"]), r["verwerkingsactiviteit"]) for r in rows] == [
        (world.coach_a["id"], "werkgeverschap")
    ]
    # the coach's own list is not someone else's read
    assert (await client.get("/api/v1/trajecten", headers=world.headers("jobcoach"))).status_code == 200
    assert await _entries(world.coach_a_account, "trajecten tonen") == []


async def test_a_list_of_toetsingen_logs_its_participants(client):
    world = await builders.audit_world()
    made = await client.post(
        "/api/v1/toetsingen",
        headers=world.headers("auditor"),
        json={
            "vorm": "intervisie",
            "datum": builders.days_ago(3).isoformat(),
            "deelnemers": [builders.deelnemer(world.coach_a), builders.deelnemer(world.coach_b)],
        },
    )
    assert made.status_code == 201, made.text
    assert (await client.get("/api/v1/toetsingen", headers=world.headers("beheerder"))).status_code == 200
    rows = await _entries(world.beheerder, "toetsingen tonen")
    assert {str(r["jobcoach"]) for r in rows} == {world.coach_a["id"], world.coach_b["id"]}


async def test_a_list_is_written_in_one_statement(client, monkeypatch):
    world = await builders.build_world()
    calls: list[int] = []
    original = bulk.insert_rows

    async def counting(table, columns, rows):
        if table is Inzagelog:
            calls.append(len(rows))
        await original(table, columns, rows)

    monkeypatch.setattr(bulk, "insert_rows", counting)
    response = await client.get("/api/v1/jobcoaches", headers=world.headers("beheerder"))
    assert calls == [len(response.json()["resultaten"])]
    assert calls[0] >= 2
