"""Verifying claims: the work queue, verify or reject with a reason, the conflict-of-interest rule."""

from __future__ import annotations

import datetime as dt

import time_machine

from audits.tables import AuditlogRegel, Inzagelog
from register.actor import Actor, Rol
from register.services import accounts, jobcoaches, organisaties
from register.tables import Opleiding, Scholing
from tests import builders
from tests.helpers import auth


def coach_actor(account: dict, coach: dict) -> Actor:
    return Actor(account["id"], account["gebruikersnaam"], (Rol("jobcoach", jobcoach=coach["id"]),))


async def submit_claims(s):
    """Coach A submits an opleiding, then coach B a scholing, then organisation B a keurmerk."""
    claims = {}
    with time_machine.travel(dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC), tick=False):
        claims["opleiding"] = await jobcoaches.add_opleiding(
            coach_actor(s.coach_a_account, s.coach_a),
            s.coach_a["id"],
            {
                "soort": "hbo-diploma",
                "omschrijving": "Bachelor Toegepaste Psychologie",
                "datum": dt.date(2015, 6, 30),
            },
        )
    with time_machine.travel(dt.datetime(2026, 2, 2, 9, tzinfo=dt.UTC), tick=False):
        claims["scholing"] = await jobcoaches.add_scholing(
            coach_actor(s.coach_b_account, s.coach_b),
            s.coach_b["id"],
            {
                "titel": "IPS-basistraining",
                "aanbieder": "Trimbos",
                "datum": dt.date(2026, 1, 20),
                "uren": 16.0,
            },
        )
    with time_machine.travel(dt.datetime(2026, 2, 3, 9, tzinfo=dt.UTC), tick=False):
        org_actor = Actor(
            s.org_b_account["id"],
            s.org_b_account["gebruikersnaam"],
            (Rol("organisatie", organisatie=s.org_b["id"]),),
        )
        claims["keurmerk"] = await organisaties.add_keurmerk(
            org_actor,
            s.org_b["id"],
            {
                "schema": "blik-op-werk",
                "nummer": "BOW-7",
                "ingangsdatum": dt.date(2025, 5, 1),
                "geldig_tot": dt.date(2026, 5, 1),
                "status": "actief",
            },
        )
    return claims


@time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False)
async def test_work_queue_oldest_first_and_filters(client, db):
    s = await builders.audit_world()
    claims = await submit_claims(s)
    url = "/api/v1/beoordelingen/werkvoorraad"
    queue = (await client.get(url, headers=auth(s.auditor))).json()
    assert [i["soort"] for i in queue["resultaten"]] == ["opleiding", "scholing", "keurmerk"]
    assert queue["resultaten"][0]["houder"]["naam"] == "Anna Aalbers"
    assert queue["resultaten"][2]["houder"] == {
        "soort": "organisatie",
        "id": s.org_b["id"],
        "naam": "Jobstap B",
        "registratienummer": None,
    }
    assert "Bachelor Toegepaste Psychologie" in queue["resultaten"][0]["samenvatting"]
    only = (await client.get(f"{url}?soort=scholing", headers=auth(s.auditor))).json()["resultaten"]
    assert [i["object"] for i in only] == [claims["scholing"]["id"]]
    org_b = (await client.get(f"{url}?organisatie={s.org_b['id']}", headers=auth(s.auditor))).json()[
        "resultaten"
    ]
    assert [i["soort"] for i in org_b] == ["scholing", "keurmerk"]
    paged = (await client.get(f"{url}?paginaGrootte=2&pagina=2", headers=auth(s.auditor))).json()
    assert paged["aantal"] == 3 and [i["soort"] for i in paged["resultaten"]] == ["keurmerk"]
    bad = await client.get(f"{url}?soort=diploma", headers=auth(s.auditor))
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "soort"
    # the linked auditor (a coach at A) is told which items they cannot assess
    mine = (await client.get(url, headers=auth(s.auditor_a))).json()["resultaten"]
    conflicts = {i["soort"]: i["belangenconflict"] for i in mine}
    assert "Werkfit A" in conflicts["opleiding"]
    assert conflicts["scholing"] is None and conflicts["keurmerk"] is None
    # reading coaches' claims is logged per coach shown
    readers = {
        (str(r["jobcoach"]), r["doel"])
        for r in await Inzagelog.select().where(Inzagelog.account == s.auditor["id"])
    }
    assert readers == {
        (s.coach_a["id"], "verificatie van opgegeven gegevens"),
        (s.coach_b["id"], "verificatie van opgegeven gegevens"),
    }
    for who in (s.coach_a_account, s.org_a_account):
        assert (await client.get(url, headers=auth(who))).status_code == 403


@time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False)
async def test_verify_and_reject_and_the_owner_sees_the_reason(client, db):
    s = await builders.audit_world()
    claims = await submit_claims(s)
    # a rejection without a reason is refused and changes nothing
    no_reason = await client.post(
        "/api/v1/beoordelingen",
        headers=auth(s.auditor),
        json={"object": claims["opleiding"]["id"], "besluit": "afgewezen"},
    )
    assert no_reason.status_code == 400
    assert no_reason.json()["invalidParams"][0]["name"] == "toelichting"
    assert (await Opleiding.select().first())["verificatie"] == "ingediend"

    rejected = await client.post(
        "/api/v1/beoordelingen",
        headers=auth(s.auditor),
        json={
            "object": claims["opleiding"]["id"],
            "besluit": "afgewezen",
            "toelichting": "Diploma ontbreekt; stuur een kopie mee.",
        },
    )
    assert rejected.status_code == 201, rejected.text
    assert rejected.json()["soort"] == "opleiding"
    verified = await client.post(
        "/api/v1/beoordelingen",
        headers=auth(s.auditor),
        json={"object": claims["scholing"]["id"], "besluit": "geverifieerd"},
    )
    assert verified.status_code == 201
    assert (await Scholing.select().first())["verificatie"] == "geverifieerd"
    # deciding twice is a conflict
    twice = await client.post(
        "/api/v1/beoordelingen",
        headers=auth(s.auditor),
        json={"object": claims["scholing"]["id"], "besluit": "afgewezen", "toelichting": "toch niet"},
    )
    assert twice.status_code == 409
    # the owner sees outcome and reason on their own record
    own = (
        await client.get(f"/api/v1/jobcoaches/{s.coach_a['id']}", headers=auth(s.coach_a_account))
    ).json()
    assert own["opleidingen"][0]["verificatie"] == "afgewezen"
    assert own["opleidingen"][0]["beoordelingToelichting"] == "Diploma ontbreekt; stuur een kopie mee."
    # decided claims leave the queue
    queue = (await client.get("/api/v1/beoordelingen/werkvoorraad", headers=auth(s.auditor))).json()
    assert [i["soort"] for i in queue["resultaten"]] == ["keurmerk"]
    log = await AuditlogRegel.select().where(AuditlogRegel.actie.is_in(["verify", "reject"]))
    assert sorted(r["actie"] for r in log) == ["reject", "verify"]


@time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False)
async def test_conflict_of_interest_and_non_auditors(client, db):
    s = await builders.audit_world()
    claims = await submit_claims(s)
    colleague = await client.post(
        "/api/v1/beoordelingen",
        headers=auth(s.auditor_a),
        json={"object": claims["opleiding"]["id"], "besluit": "geverifieerd"},
    )
    assert colleague.status_code == 403
    assert "Werkfit A" in colleague.json()["detail"] and "belangenconflict" in colleague.json()["detail"]
    # an auditor who also holds an organisation role cannot verify that organisation's keurmerk
    dual = await builders.account(
        accounts.RolInvoer("auditor"), accounts.RolInvoer("organisatie", organisatie=s.org_b["id"])
    )
    own_org = await client.post(
        "/api/v1/beoordelingen",
        headers=auth(dual),
        json={"object": claims["keurmerk"]["id"], "besluit": "geverifieerd"},
    )
    assert own_org.status_code == 403
    for who in (s.coach_a_account, s.org_b_account, s.beheerder):
        response = await client.post(
            "/api/v1/beoordelingen",
            headers=auth(who),
            json={"object": claims["opleiding"]["id"], "besluit": "geverifieerd"},
        )
        assert response.status_code == 403
    assert (await Opleiding.select().first())["verificatie"] == "ingediend"
    unknown = await client.post(
        "/api/v1/beoordelingen",
        headers=auth(s.auditor),
        json={"object": "00000000-0000-0000-0000-000000000009", "besluit": "geverifieerd"},
    )
    assert unknown.status_code == 404
    bsn = await client.post(
        "/api/v1/beoordelingen",
        headers=auth(s.auditor),
        json={
            "object": claims["opleiding"]["id"],
            "besluit": "afgewezen",
            "toelichting": "BSN 111222333 staat op het diploma",
        },
    )
    assert bsn.status_code == 400
