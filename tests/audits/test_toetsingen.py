"""Intercollegiale toetsing through the API: draft, edit, lock, correction, who sees the feedback."""

from __future__ import annotations

import datetime as dt

import time_machine

from audits.tables import AuditlogRegel, Inzagelog, Toetsing, ToetsingDeelnemer
from tests import builders
from tests.helpers import auth

TODAY = dt.date(2026, 3, 15)


def body(*deelnemers, datum: str = "2026-03-10", vorm: str = "intercollegiale-toetsing", **extra):
    return {"datum": datum, "vorm": vorm, "deelnemers": list(deelnemers), **extra}


async def create(client, auditor, payload) -> dict:
    response = await client.post("/api/v1/toetsingen", headers=auth(auditor), json=payload)
    assert response.status_code == 201, response.text
    return response.json()


def names(response) -> dict[str, str]:
    return {p["name"]: p["reason"] for p in response.json()["invalidParams"]}


@time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC), tick=False)
async def test_draft_edit_lock_and_correction(client, db):
    s = await builders.audit_world()
    made = await create(
        client, s.auditor, body(builders.deelnemer(s.coach_a), builders.deelnemer(s.coach_b, beoordeling="onvoldoende"))
    )
    assert made["status"] == "concept"
    assert made["vastgesteldOp"] is None
    assert {d["naam"] for d in made["deelnemers"]} == {"Anna Aalbers", "Bram Bos"}

    # edit the draft: drop coach B, change the form and coach A's feedback
    response = await client.put(
        f"/api/v1/toetsingen/{made['id']}",
        headers=auth(s.auditor),
        json=body(builders.deelnemer(s.coach_a, feedback="Aangepast"), vorm="intervisie", versie=made["versie"]),
    )
    assert response.status_code == 200, response.text
    edited = response.json()
    assert edited["vorm"] == "intervisie"
    assert [d["feedback"] for d in edited["deelnemers"]] == ["Aangepast"]
    assert edited["versie"] == made["versie"] + 1

    # a stale version is refused and changes nothing
    stale = await client.put(
        f"/api/v1/toetsingen/{made['id']}",
        headers=auth(s.auditor),
        json=body(builders.deelnemer(s.coach_a), versie=made["versie"]),
    )
    assert stale.status_code == 409

    locked = await client.post(f"/api/v1/toetsingen/{made['id']}/vaststelling", headers=auth(s.auditor))
    assert locked.status_code == 200, locked.text
    assert locked.json()["status"] == "vastgesteld"
    assert locked.json()["vastgesteldOp"].startswith("2026-03-15T10:00:00")

    # locking twice and editing a locked session: 409 with a Dutch reason, nothing changes
    again = await client.post(f"/api/v1/toetsingen/{made['id']}/vaststelling", headers=auth(s.auditor))
    assert again.status_code == 409
    assert "al vastgesteld" in again.json()["detail"]
    before = await ToetsingDeelnemer.select().where(ToetsingDeelnemer.toetsing == made["id"])
    log_before = await AuditlogRegel.count()
    edit = await client.put(
        f"/api/v1/toetsingen/{made['id']}", headers=auth(s.auditor), json=body(builders.deelnemer(s.coach_c))
    )
    assert edit.status_code == 409
    assert "correctie" in edit.json()["detail"]
    assert await ToetsingDeelnemer.select().where(ToetsingDeelnemer.toetsing == made["id"]) == before
    assert await AuditlogRegel.count() == log_before

    # a correction is a new record pointing at the old one; both stay visible
    correction = await create(
        client,
        s.auditor,
        body(builders.deelnemer(s.coach_a, beoordeling="onvoldoende"), vorm="intervisie", corrigeert=made["id"]),
    )
    assert correction["corrigeert"] == made["id"]
    old = (await client.get(f"/api/v1/toetsingen/{made['id']}", headers=auth(s.auditor))).json()
    assert old["gecorrigeerdDoor"] == [correction["id"]]
    assert old["status"] == "vastgesteld"
    assert old["deelnemers"][0]["beoordeling"] == "voldoende"
    listed = (await client.get("/api/v1/toetsingen", headers=auth(s.beheerder))).json()
    assert {t["id"] for t in listed["resultaten"]} == {made["id"], correction["id"]}

    # a second correction of the same record is refused; correcting a draft is refused
    twice = await client.post(
        "/api/v1/toetsingen",
        headers=auth(s.auditor),
        json=body(builders.deelnemer(s.coach_a), corrigeert=made["id"]),
    )
    assert twice.status_code == 409
    draft = await client.post(
        "/api/v1/toetsingen",
        headers=auth(s.auditor),
        json=body(builders.deelnemer(s.coach_a), corrigeert=correction["id"]),
    )
    assert draft.status_code == 400
    assert "concept" in names(draft)["corrigeert"]

    # a draft correction replaces nothing yet; once locked, only the correction counts
    url = f"/api/v1/jobcoaches/{s.coach_a['id']}/toetsingen"

    async def counts() -> dict[str, bool]:
        items = (await client.get(url, headers=auth(s.coach_a_account))).json()["resultaten"]
        return {t["id"]: t["teltMee"] for t in items}

    assert await counts() == {made["id"]: True}
    await client.post(f"/api/v1/toetsingen/{correction['id']}/vaststelling", headers=auth(s.auditor))
    assert await counts() == {made["id"]: False, correction["id"]: True}

    actions = [
        r["actie"]
        for r in await AuditlogRegel.select()
        .where(AuditlogRegel.objecttype == "toetsing")
        .order_by(AuditlogRegel.volgnummer)
    ]
    assert actions == ["create", "update", "vaststelling", "create", "vaststelling"]


@time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC), tick=False)
async def test_bad_toetsing_input_changes_nothing(client, db):
    s = await builders.audit_world()
    cases = [
        (body(), {"deelnemers"}),
        (body(builders.deelnemer(s.coach_a), builders.deelnemer(s.coach_a)), {"deelnemers[1].jobcoach"}),
        (body(builders.deelnemer(s.coach_a, casus="Client met BSN 111222333 besproken")), {"deelnemers[0].casus"}),
        (body(builders.deelnemer(s.coach_a), vorm="koffiepraat"), {"vorm"}),
        (body(builders.deelnemer(s.coach_a, beoordeling="goed")), {"deelnemers[0].beoordeling"}),
        (
            body(builders.deelnemer(s.coach_a, jobcoach="00000000-0000-0000-0000-000000000001")),
            {"deelnemers[0].jobcoach"},
        ),
        (body(builders.deelnemer(s.coach_a), datum="2026-02-30"), {"datum"}),
    ]
    for payload, expected in cases:
        response = await client.post("/api/v1/toetsingen", headers=auth(s.auditor), json=payload)
        assert response.status_code == 400, (payload, response.text)
        assert set(names(response)) == expected, response.json()
        assert response.headers["content-type"].startswith("application/problem+json")
    assert await Toetsing.count() == 0
    assert await AuditlogRegel.count().where(AuditlogRegel.objecttype == "toetsing") == 0
    no_participants = await client.post("/api/v1/toetsingen", headers=auth(s.auditor), json=body())
    assert "minstens één deelnemer" in names(no_participants)["deelnemers"]
    bsn = await client.post(
        "/api/v1/toetsingen",
        headers=auth(s.auditor),
        json=body(builders.deelnemer(s.coach_a, casus="Client met BSN 111222333 besproken")),
    )
    assert "BSN" in names(bsn)["deelnemers[0].casus"]


@time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC), tick=False)
async def test_conflict_of_interest_on_the_session_date(client, db):
    s = await builders.audit_world()
    # the auditor is a coach at organisation A: cannot assess colleague coach A
    refused = await client.post(
        "/api/v1/toetsingen",
        headers=auth(s.auditor_a),
        json=body(builders.deelnemer(s.coach_b), builders.deelnemer(s.coach_a)),
    )
    assert refused.status_code == 403
    detail = refused.json()["detail"]
    assert "Deelnemer 2 (Anna Aalbers)" in detail and "Werkfit A" in detail and "belangenconflict" in detail
    assert await Toetsing.count() == 0
    # nor themselves
    myself = await client.post(
        "/api/v1/toetsingen", headers=auth(s.auditor_a), json=body(builders.deelnemer(s.auditor_coach))
    )
    assert myself.status_code == 403
    assert "uzelf" in myself.json()["detail"]
    # coaches of another organisation are fine
    await create(client, s.auditor_a, body(builders.deelnemer(s.coach_b)))
    # the rule covers 12 months around the session date (issue 12, case 7): back-dating a session to
    # just before coach C joined organisation A does not help; more than 12 months before does
    await builders.dienstverband(s.coach_c["id"], s.org_a["id"], van=dt.date(2026, 3, 1))
    early = await client.post(
        "/api/v1/toetsingen", headers=auth(s.auditor_a), json=body(builders.deelnemer(s.coach_c), datum="2026-02-20")
    )
    assert early.status_code == 403, early.text
    assert "12 maanden" in early.json()["detail"]
    long_before = await client.post(
        "/api/v1/toetsingen", headers=auth(s.auditor_a), json=body(builders.deelnemer(s.coach_c), datum="2025-02-20")
    )
    assert long_before.status_code == 201, long_before.text
    late = await client.post(
        "/api/v1/toetsingen", headers=auth(s.auditor_a), json=body(builders.deelnemer(s.coach_c), datum="2026-03-05")
    )
    assert late.status_code == 403


@time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC), tick=False)
async def test_only_the_recording_auditor_edits_and_future_sessions_lock_later(client, db):
    s = await builders.audit_world()
    other = await builders.auditor()
    made = await create(client, s.auditor, body(builders.deelnemer(s.coach_a), datum="2026-04-01"))
    edit = await client.put(
        f"/api/v1/toetsingen/{made['id']}", headers=auth(other), json=body(builders.deelnemer(s.coach_b))
    )
    assert edit.status_code == 403
    lock = await client.post(f"/api/v1/toetsingen/{made['id']}/vaststelling", headers=auth(s.auditor))
    assert lock.status_code == 409
    assert "1 april 2026" in lock.json()["detail"]


@time_machine.travel(dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC), tick=False)
async def test_coach_sees_own_feedback_only_and_reads_are_logged(client, db):
    s = await builders.audit_world()
    made = await create(
        client,
        s.auditor,
        body(builders.deelnemer(s.coach_a, feedback="Voor Anna"), builders.deelnemer(s.coach_b, feedback="Voor Bram")),
    )
    url_a = f"/api/v1/jobcoaches/{s.coach_a['id']}/toetsingen"
    # a draft is not shown to the coach yet
    assert (await client.get(url_a, headers=auth(s.coach_a_account))).json()["resultaten"] == []
    await client.post(f"/api/v1/toetsingen/{made['id']}/vaststelling", headers=auth(s.auditor))
    own = (await client.get(url_a, headers=auth(s.coach_a_account))).json()["resultaten"]
    assert len(own) == 1
    assert own[0]["deelname"]["feedback"] == "Voor Anna"
    assert own[0]["teltMee"] is True
    assert "Voor Bram" not in str(own)
    # coach B, organisation A and a gemeente may not read coach A's feedback
    assert (await client.get(url_a, headers=auth(s.coach_b_account))).status_code == 403
    assert (await client.get(url_a, headers=auth(s.org_a_account))).status_code == 403
    gemeente = await builders.gemeente_account("GM0599")
    assert (await client.get(url_a, headers=auth(gemeente))).status_code == 403
    # nor the session itself
    for who in (s.coach_a_account, s.org_a_account):
        assert (await client.get(f"/api/v1/toetsingen/{made['id']}", headers=auth(who))).status_code == 403
    assert await Inzagelog.count() == 0  # the coach's own reads are not logged
    # an auditor and a beheerder may, and each read is logged with its purpose
    assert (await client.get(url_a, headers=auth(s.beheerder))).status_code == 200
    assert (
        await client.get(f"/api/v1/toetsingen/{made['id']}", headers=auth(s.auditor))
    ).status_code == 200
    rows = await Inzagelog.select().order_by(Inzagelog.tijdstip)
    assert {(str(r["jobcoach"]), r["account"], r["doel"]) for r in rows} == {
        (s.coach_a["id"], s.beheerder["id"], "intercollegiale toetsing"),
        (s.coach_a["id"], s.auditor["id"], "intercollegiale toetsing"),
        (s.coach_b["id"], s.auditor["id"], "intercollegiale toetsing"),
    }
    # the coach's export shows who read their data
    export = (
        await client.get(f"/api/v1/jobcoaches/{s.coach_a['id']}/export", headers=auth(s.coach_a_account))
    ).json()
    readers = {(r["account"], r["doel"]) for r in export["inzage"]}
    assert (s.auditor["id"], "intercollegiale toetsing") in readers
    assert (s.beheerder["id"], "intercollegiale toetsing") in readers
    assert {r["gebruikersnaam"] for r in export["inzage"]} == {
        s.auditor["gebruikersnaam"],
        s.beheerder["gebruikersnaam"],
    }
    assert [t["deelname"]["feedback"] for t in export["toetsingen"]] == ["Voor Anna"]


async def test_non_auditors_cannot_record(client, db):
    s = await builders.audit_world()
    for who in (s.coach_a_account, s.org_a_account, s.beheerder):
        response = await client.post(
            "/api/v1/toetsingen", headers=auth(who), json=body(builders.deelnemer(s.coach_b))
        )
        assert response.status_code == 403
    assert (await client.post("/api/v1/toetsingen", json=body(builders.deelnemer(s.coach_b)))).status_code == 401
    assert await Toetsing.count() == 0
