"""Organisation audits: findings per area, the organisation reports actions done, an auditor closes them."""

from __future__ import annotations

import datetime as dt

import time_machine

from audits.tables import AuditlogRegel, Bevinding, OrganisatieAudit
from tests import builders
from tests.helpers import auth

URL = "/api/v1/organisatie-audits"


def audit_body(org: dict, **overrides) -> dict:
    return {
        "organisatie": org["id"],
        "datum": "2026-03-01",
        "schema": "blik-op-werk",
        "bevindingen": [
            {
                "gebied": "privacy",
                "oordeel": "major",
                "maatregel": "Verwerkingsregister opstellen",
                "deadline": "2026-04-01",
            },
            {
                "gebied": "klachtprocedure",
                "oordeel": "minor",
                "maatregel": "Termijnen publiceren",
                "deadline": "2026-06-01",
            },
            {"gebied": "continuiteit", "oordeel": "conform"},
        ],
        "uitkomst": "voorwaardelijk",
        **overrides,
    }


def names(response) -> set[str]:
    return {p["name"] for p in response.json()["invalidParams"]}


@time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC), tick=False)
async def test_audit_findings_actions_and_closing(client, db):
    s = await builders.audit_world()
    response = await client.post(URL, headers=auth(s.auditor), json=audit_body(s.org_b))
    assert response.status_code == 201, response.text
    audit = response.json()
    assert audit["organisatieNaam"] == "Jobstap B"
    by_area = {b["gebied"]: b for b in audit["bevindingen"]}
    assert [b["gebied"] for b in audit["bevindingen"]] == ["continuiteit", "privacy", "klachtprocedure"]
    assert by_area["continuiteit"]["status"] == "conform"
    assert by_area["privacy"]["status"] == "open" and by_area["privacy"]["verlopen"] is False
    privacy = by_area["privacy"]["id"]
    base = f"{URL}/{audit['id']}/bevindingen/{privacy}"

    # the organisation sees its own audit; another organisation does not
    assert (await client.get(f"{URL}/{audit['id']}", headers=auth(s.org_b_account))).status_code == 200
    assert (await client.get(f"{URL}/{audit['id']}", headers=auth(s.org_a_account))).status_code == 403
    own_list = (await client.get(URL, headers=auth(s.org_b_account))).json()
    assert [a["id"] for a in own_list["resultaten"]] == [audit["id"]]
    assert (await client.get(URL, headers=auth(s.org_a_account))).json()["resultaten"] == []
    assert (
        await client.get(f"{URL}?organisatie={s.org_b['id']}", headers=auth(s.org_a_account))
    ).status_code == 403

    # an auditor cannot close before the organisation reports the action done
    early = await client.post(f"{base}/sluiting", headers=auth(s.auditor))
    assert early.status_code == 409 and "nog niet" in early.json()["detail"]
    # another organisation cannot report it; the organisation itself can, once, with a note
    assert (
        await client.post(f"{base}/afronding", headers=auth(s.org_a_account), json={"toelichting": "klaar"})
    ).status_code == 403
    empty = await client.post(f"{base}/afronding", headers=auth(s.org_b_account), json={"toelichting": ""})
    assert empty.status_code == 400
    done = await client.post(
        f"{base}/afronding",
        headers=auth(s.org_b_account),
        json={"toelichting": "Register staat op intranet."},
    )
    assert done.status_code == 200, done.text
    privacy_view = next(b for b in done.json()["bevindingen"] if b["id"] == privacy)
    assert privacy_view["status"] == "uitgevoerd"
    assert privacy_view["afrondingToelichting"] == "Register staat op intranet."
    again = await client.post(
        f"{base}/afronding", headers=auth(s.org_b_account), json={"toelichting": "nog eens"}
    )
    assert again.status_code == 409

    # an auditor linked to the organisation may not close it; an independent one does
    linked = await builders.auditor(s.coach_b["id"])
    assert (await client.post(f"{base}/sluiting", headers=auth(linked))).status_code == 403
    closed = await client.post(f"{base}/sluiting", headers=auth(s.auditor))
    assert closed.status_code == 200
    privacy_view = next(b for b in closed.json()["bevindingen"] if b["id"] == privacy)
    assert privacy_view["status"] == "gesloten"
    assert privacy_view["geslotenDoor"] == s.auditor["gebruikersnaam"]
    assert (await client.post(f"{base}/sluiting", headers=auth(s.auditor))).status_code == 409
    conform = by_area["continuiteit"]["id"]
    assert (
        await client.post(
            f"{URL}/{audit['id']}/bevindingen/{conform}/afronding",
            headers=auth(s.org_b_account),
            json={"toelichting": "x"},
        )
    ).status_code == 409
    actions = [
        r["actie"]
        for r in await AuditlogRegel.select()
        .where(AuditlogRegel.objecttype.is_in(["organisatie-audit", "bevinding"]))
        .order_by(AuditlogRegel.volgnummer)
    ]
    assert actions == ["create", "afronding", "sluiting"]


async def test_open_major_findings_past_deadline_are_listed(client, db):
    s = await builders.audit_world()
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC), tick=False):
        audit = (await client.post(URL, headers=auth(s.auditor), json=audit_body(s.org_b))).json()
        other = audit_body(
            s.org_a,
            bevindingen=[
                {"gebied": "privacy", "oordeel": "major", "maatregel": "x", "deadline": "2026-05-01"}
            ],
        )
        await client.post(URL, headers=auth(s.auditor), json=other)
        url = f"{URL}/verlopen-bevindingen"
        assert (await client.get(url, headers=auth(s.auditor))).json()["resultaten"] == []
    with time_machine.travel(dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC), tick=False):
        late = (await client.get(url, headers=auth(s.auditor))).json()["resultaten"]
        assert [(b["organisatieNaam"], b["gebied"], b["dagenTeLaat"]) for b in late] == [
            ("Jobstap B", "privacy", 1)
        ]
        assert late[0]["verlopen"] is True
        assert (await client.get(url, headers=auth(s.org_b_account))).status_code == 403
        # the minor finding is not listed even once its deadline passes; a closed major leaves the list
    with time_machine.travel(dt.datetime(2026, 6, 2, 9, tzinfo=dt.UTC), tick=False):
        late = (await client.get(url, headers=auth(s.beheerder))).json()["resultaten"]
        assert [b["organisatieNaam"] for b in late] == ["Jobstap B", "Werkfit A"]
        privacy = next(b for b in audit["bevindingen"] if b["gebied"] == "privacy")["id"]
        base = f"{URL}/{audit['id']}/bevindingen/{privacy}"
        await client.post(
            f"{base}/afronding", headers=auth(s.org_b_account), json={"toelichting": "gedaan"}
        )
        # reported done but not yet closed: still open for the auditor
        assert len((await client.get(url, headers=auth(s.auditor))).json()["resultaten"]) == 2
        await client.post(f"{base}/sluiting", headers=auth(s.auditor))
        late = (await client.get(url, headers=auth(s.auditor))).json()["resultaten"]
        assert [b["organisatieNaam"] for b in late] == ["Werkfit A"]


@time_machine.travel(dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC), tick=False)
async def test_bad_audit_input_changes_nothing(client, db):
    s = await builders.audit_world()
    cases = [
        (
            audit_body(
                s.org_b,
                bevindingen=[
                    {"gebied": "kantine", "oordeel": "minor", "maatregel": "x", "deadline": "2026-04-01"}
                ],
            ),
            {"bevindingen[0].gebied"},
        ),
        (
            audit_body(
                s.org_b,
                bevindingen=[
                    {"gebied": "privacy", "oordeel": "major", "maatregel": "x", "deadline": "2026-02-01"}
                ],
            ),
            {"bevindingen[0].deadline"},
        ),
        (
            audit_body(s.org_b, bevindingen=[{"gebied": "privacy", "oordeel": "major"}]),
            {"bevindingen[0].maatregel", "bevindingen[0].deadline"},
        ),
        (
            audit_body(
                s.org_b,
                bevindingen=[
                    {
                        "gebied": "privacy",
                        "oordeel": "minor",
                        "maatregel": "Bel client 111222333",
                        "deadline": "2026-04-01",
                    }
                ],
            ),
            {"bevindingen[0].maatregel"},
        ),
        (
            audit_body(
                s.org_b,
                bevindingen=[
                    {"gebied": "privacy", "oordeel": "conform"},
                    {"gebied": "privacy", "oordeel": "conform"},
                ],
            ),
            {"bevindingen[1].gebied"},
        ),
        (audit_body(s.org_b, bevindingen=[]), {"bevindingen"}),
        (audit_body(s.org_b, uitkomst="positief"), {"uitkomst"}),
        (audit_body(s.org_b, datum="2026-03-20"), {"datum"}),
        (audit_body(s.org_b, schema="iso"), {"schema"}),
        (audit_body({"id": "00000000-0000-0000-0000-000000000005"}), {"organisatie"}),
    ]
    for payload, expected in cases:
        response = await client.post(URL, headers=auth(s.auditor), json=payload)
        assert response.status_code == 400, (payload, response.text)
        assert names(response) == expected, response.json()
    unknown_area = await client.post(URL, headers=auth(s.auditor), json=cases[0][0])
    assert "continuiteit" in unknown_area.json()["invalidParams"][0]["reason"]
    deadline = await client.post(URL, headers=auth(s.auditor), json=cases[1][0])
    assert deadline.json()["invalidParams"][0]["reason"] == "mag niet voor de auditdatum liggen"
    # conflict of interest: the auditor who is a coach at A cannot audit A
    conflict = await client.post(URL, headers=auth(s.auditor_a), json=audit_body(s.org_a))
    assert conflict.status_code == 403 and "Werkfit A" in conflict.json()["detail"]
    for who in (s.org_b_account, s.coach_a_account, s.beheerder):
        assert (await client.post(URL, headers=auth(who), json=audit_body(s.org_b))).status_code == 403
    assert await OrganisatieAudit.count() == 0
    assert await Bevinding.count() == 0
