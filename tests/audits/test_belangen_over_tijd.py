"""Conflict of interest across time and co-signature of back-dated sessions (issue 12, case 7).

An auditor may not assess someone they were linked to within 12 months before or after the session date,
and a toetsing or organisation audit dated more than 30 days before it is recorded needs a second
auditor's co-signature (medeondertekening)."""

from __future__ import annotations

import datetime as dt

import time_machine

from audits.tables import Toetsing
from tests import builders
from tests.helpers import audit_rows, auth, login, post_form

NU = dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC)


def toetsing(*deelnemers, datum: str) -> dict:
    return {"datum": datum, "vorm": "intercollegiale-toetsing", "deelnemers": list(deelnemers)}


def audit(org: dict, datum: str) -> dict:
    return {
        "organisatie": org["id"],
        "datum": datum,
        "schema": "blik-op-werk",
        "bevindingen": [{"gebied": "continuiteit", "oordeel": "conform"}],
        "uitkomst": "positief",
    }


@time_machine.travel(NU, tick=False)
async def test_case_7_back_dating_before_the_colleague_joined_does_not_beat_the_rule(client, db):
    s = await builders.audit_world()  # auditor A is a coach at Werkfit A since 1 January 2024
    # a toetsing of A's coach, dated a month before the auditor joined: refused (it was accepted before)
    refused = await client.post(
        "/api/v1/toetsingen",
        headers=auth(s.auditor_a),
        json=toetsing(builders.deelnemer(s.coach_a), datum="2023-12-01"),
    )
    assert refused.status_code == 403, refused.text
    assert "12 maanden" in refused.json()["detail"] and "belangenconflict" in refused.json()["detail"]
    # an organisation audit of Werkfit A dated half a year before: refused too
    org = await client.post(
        "/api/v1/organisatie-audits", headers=auth(s.auditor_a), json=audit(s.org_a, "2023-07-01")
    )
    assert org.status_code == 403, org.text
    # more than 12 months before the link began, there was no link: allowed (and it needs a co-signature)
    ok = await client.post(
        "/api/v1/organisatie-audits", headers=auth(s.auditor_a), json=audit(s.org_a, "2022-12-01")
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["medeondertekeningNodig"] is True


@time_machine.travel(NU, tick=False)
async def test_a_session_dated_more_than_30_days_back_is_locked_only_after_a_second_auditor_co_signs(
    client, db
):
    s = await builders.audit_world()
    tweede = await builders.auditor(name="tweede-auditor")
    made = await client.post(
        "/api/v1/toetsingen",
        headers=auth(s.auditor),
        json=toetsing(builders.deelnemer(s.coach_b), datum="2026-02-10"),
    )
    assert made.status_code == 201, made.text
    t = made.json()
    assert (t["medeondertekeningNodig"], t["medeondertekendDoor"]) == (True, None)
    url = f"/api/v1/toetsingen/{t['id']}"

    before = await audit_rows()
    lock = await client.post(f"{url}/vaststelling", headers=auth(s.auditor))
    assert lock.status_code == 409 and "medeondertekening" in lock.json()["detail"]
    own = await client.post(f"{url}/medeondertekening", headers=auth(s.auditor))
    assert own.status_code == 403
    # coach B works at Jobstap B: auditor A (at Werkfit A) has no conflict and may co-sign
    signed = await client.post(f"{url}/medeondertekening", headers=auth(s.auditor_a))
    assert await audit_rows() == before + 1
    assert signed.status_code == 200, signed.text
    assert signed.json()["medeondertekendDoor"] is not None
    again = await client.post(f"{url}/medeondertekening", headers=auth(tweede))
    assert again.status_code == 409

    locked = await client.post(f"{url}/vaststelling", headers=auth(s.auditor))
    assert locked.status_code == 200, locked.text
    assert (await Toetsing.select(Toetsing.status).first())["status"] == "vastgesteld"


@time_machine.travel(NU, tick=False)
async def test_a_co_signer_linked_to_a_participant_is_refused_and_a_change_needs_a_new_signature(client, db):
    s = await builders.audit_world()
    made = await client.post(
        "/api/v1/toetsingen",
        headers=auth(s.auditor),
        json=toetsing(builders.deelnemer(s.coach_a), datum="2026-02-01"),
    )
    url = f"/api/v1/toetsingen/{made.json()['id']}"
    conflict = await client.post(f"{url}/medeondertekening", headers=auth(s.auditor_a))
    assert conflict.status_code == 403 and "belangenconflict" in conflict.json()["detail"]
    tweede = await builders.auditor(name="tweede-auditor")
    assert (await client.post(f"{url}/medeondertekening", headers=auth(tweede))).status_code == 200
    changed = await client.put(
        url, headers=auth(s.auditor), json=toetsing(builders.deelnemer(s.coach_b), datum="2026-01-20")
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["medeondertekendDoor"] is None
    assert (await client.post(f"{url}/vaststelling", headers=auth(s.auditor))).status_code == 409


@time_machine.travel(NU, tick=False)
async def test_a_recent_session_needs_no_co_signature(client, db):
    s = await builders.audit_world()
    made = await client.post(
        "/api/v1/toetsingen",
        headers=auth(s.auditor),
        json=toetsing(builders.deelnemer(s.coach_b), datum="2026-02-13"),
    )
    assert made.json()["medeondertekeningNodig"] is False  # 30 days back: within the limit
    locked = await client.post(
        f"/api/v1/toetsingen/{made.json()['id']}/vaststelling", headers=auth(s.auditor)
    )
    assert locked.status_code == 200, locked.text


@time_machine.travel(NU, tick=False)
async def test_a_second_auditor_co_signs_on_the_toetsing_page(client, db):
    s = await builders.audit_world()
    made = await client.post(
        "/api/v1/toetsingen",
        headers=auth(s.auditor),
        json=toetsing(builders.deelnemer(s.coach_b), datum="2026-01-05"),
    )
    tid = made.json()["id"]
    login(client, s.auditor_a)
    page = await client.get(f"/auditor/toetsingen/{tid}")
    assert "Medeondertekenen" in page.text
    signed = await post_form(client, f"/auditor/toetsingen/{tid}/medeondertekening", {})
    assert signed.status_code == 303, signed.text
    assert "Medeondertekend op" in (await client.get(f"/auditor/toetsingen/{tid}")).text
    again = await post_form(client, f"/auditor/toetsingen/{tid}/medeondertekening", {})
    assert again.status_code == 409 and "al medeondertekend" in again.text


@time_machine.travel(NU, tick=False)
async def test_a_second_auditor_co_signs_a_back_dated_organisation_audit_on_its_page(client, db):
    s = await builders.audit_world()
    made = await client.post(
        "/api/v1/organisatie-audits", headers=auth(s.auditor), json=audit(s.org_b, "2026-01-05")
    )
    assert made.status_code == 201, made.text
    aid = made.json()["id"]
    # the recording auditor sees that a colleague must co-sign, and cannot do it herself
    login(client, s.auditor)
    own = await client.get(f"/auditor/organisatie-audits/{aid}")
    assert "Medeondertekening" in own.text and "een andere auditor ondertekent haar mede" in own.text
    before = await audit_rows()
    refused = await post_form(client, f"/auditor/organisatie-audits/{aid}/medeondertekening", {})
    assert refused.status_code == 403 and "niet zelf medeondertekenen" in refused.text
    assert await audit_rows() == before
    # a second auditor co-signs on the page
    tweede = await builders.auditor(name="tweede-auditor")
    login(client, tweede)
    page = await client.get(f"/auditor/organisatie-audits/{aid}")
    assert "Medeondertekenen" in page.text
    signed = await post_form(client, f"/auditor/organisatie-audits/{aid}/medeondertekening", {})
    assert signed.status_code == 303, signed.text
    shown = await client.get(signed.headers["location"])
    assert "Medeondertekend" in shown.text and "Medeondertekenen</button>" not in shown.text
    again = await post_form(client, f"/auditor/organisatie-audits/{aid}/medeondertekening", {})
    assert again.status_code == 409 and "al medeondertekend" in again.text
