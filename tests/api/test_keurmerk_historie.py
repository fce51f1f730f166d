"""Keurmerk history and lifecycle (issue 12, cases 3, 4 and 5): a later scheme decision never changes the
verdict for an earlier peildatum; a holder's herregistratie report keeps the last verified validity
counting for the grace period; auditors and beheerders record decisions on personal and organisation
keurmerken; bad input changes nothing."""

from __future__ import annotations

import datetime as dt

import time_machine

from audits.tables import AuditlogRegel
from register.tables import Keurmerk, KeurmerkVersie, Verificatie
from tests import builders
from tests.builders import T0
from tests.helpers import auth, invalid_params


async def verify(client, o, traject_id, peildatum):
    response = await client.post(
        f"/api/v1/trajecten/{traject_id}/verificaties",
        headers=auth(o.gemeente_account),
        json={"peildatum": peildatum},
    )
    assert response.status_code == 201, response.text
    return response.json()


def regel(verificatie, code):
    return next(r for r in verificatie["criteria"] if r["code"] == code)


async def wijzig(client, account, keurmerk_id, **body):
    return await client.post(
        f"/api/v1/keurmerken/{keurmerk_id}/statuswijzigingen", headers=auth(account), json=body
    )


async def test_a_later_withdrawal_leaves_the_verdict_for_an_earlier_peildatum(client):
    """Case 3: Noloc `actief` on 2026-02-01 stays met for that peildatum after a withdrawal from 2026-02-15."""
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        noloc = o.ids["keurmerk"]
        before = await verify(client, o, traject["id"], "2026-02-01")
        assert regel(before, "persoonsregister")["voldaan"] and before["gekwalificeerd"]

        response = await wijzig(
            client,
            o.auditor,
            noloc,
            status="ingetrokken",
            ingangsdatum="2026-02-15",
            toelichting="besluit Noloc",
        )
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "ingetrokken"

        again = await verify(client, o, traject["id"], "2026-02-01")
        assert regel(again, "persoonsregister") == regel(before, "persoonsregister")
        assert again["gekwalificeerd"]
        after = await verify(client, o, traject["id"], "2026-03-01")
        assert not regel(after, "persoonsregister")["voldaan"]
        assert "ingetrokken" in regel(after, "persoonsregister")["toelichting"]
        assert not after["gekwalificeerd"]

    # the verification names the keurmerk version it used
    stored = await Verificatie.select(Verificatie.id, Verificatie.bronnen).where(
        Verificatie.id.is_in([before["id"], after["id"]])
    )
    bronnen = {str(r["id"]): r["bronnen"] for r in stored}
    versies = (
        await KeurmerkVersie.select()
        .where(KeurmerkVersie.keurmerk == noloc)
        .order_by(KeurmerkVersie.ingangsdatum)
    )
    assert [v["status"] for v in versies] == ["actief", "ingetrokken"]
    assert str(versies[0]["id"]) in _json(bronnen[before["id"]])["keurmerkversies"]
    assert str(versies[1]["id"]) in _json(bronnen[after["id"]])["keurmerkversies"]


def _json(value):
    import json

    while isinstance(value, str):
        value = json.loads(value)
    return value


async def test_a_coach_reporting_herregistratie_keeps_qualifying_in_the_grace_period(client):
    """Case 4: the report keeps the claim verified and the last verified end date, so the coach qualifies
    up to 90 days after it; on the old main the coach was sent back to "nog niet geverifieerd"."""
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t, noloc_tot=dt.date(2026, 2, 20))
        traject = await builders.traject(o)
        noloc = o.ids["keurmerk"]
        response = await wijzig(
            client,
            o.coach_a_account,
            noloc,
            status="herregistratie-in-behandeling",
            ingangsdatum="2026-03-02",
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["status"], body["verificatie"], body["geldigTot"]) == (
            "herregistratie-in-behandeling",
            "geverifieerd",
            "2026-02-20",
        )
        today = await verify(client, o, traject["id"], "2026-03-02")
        assert regel(today, "persoonsregister")["voldaan"], regel(today, "persoonsregister")
        assert today["gekwalificeerd"]
        # the day before the report the keurmerk had simply expired: the report does not reach back
        yesterday = await verify(client, o, traject["id"], "2026-03-01")
        assert not regel(yesterday, "persoonsregister")["voldaan"]

        # an auditor ends it: the scheme withdrew the registration
        ended = await wijzig(
            client,
            o.auditor,
            noloc,
            status="ingetrokken",
            ingangsdatum="2026-03-02",
            toelichting="niet herregistreerd",
        )
        assert ended.status_code == 201, ended.text
        assert not regel(await verify(client, o, traject["id"], "2026-03-02"), "persoonsregister")["voldaan"]


async def test_the_old_patch_route_reports_herregistratie_without_resetting_the_verification(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        noloc = o.ids["keurmerk"]
        response = await client.patch(
            f"/api/v1/jobcoaches/{o.coach_a['id']}/keurmerken/{noloc}",
            headers=auth(o.coach_a_account),
            json={"status": "herregistratie-in-behandeling"},
        )
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["verificatie"]) == (
        "herregistratie-in-behandeling",
        "geverifieerd",
    )


async def test_auditors_and_beheerders_record_decisions_on_personal_and_organisation_keurmerken(client):
    """Case 5: a withdrawal recorded by an auditor (personal) or a beheerder (organisation) stops the
    keurmerk counting from its ingangsdatum, with an audit-log entry; the history lists every version."""
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        bow = o.ids["org_keurmerk"]
        response = await wijzig(
            client,
            await builders.beheerder(),
            bow,
            status="geschorst",
            ingangsdatum="2026-03-01",
            toelichting="schorsing door Blik op Werk",
        )
        assert response.status_code == 201, response.text
        v = await verify(client, o, traject["id"], "2026-03-01")
        assert not regel(v, "organisatie-keurmerk")["voldaan"]
        assert regel(await verify(client, o, traject["id"], "2026-02-28"), "organisatie-keurmerk")["voldaan"]

        history = await client.get(
            f"/api/v1/keurmerken/{bow}/statuswijzigingen", headers=auth(o.org_a_account)
        )
        assert history.status_code == 200, history.text
        # the paginated list shape of every list (API.md): resultaten, aantal, pagina, _links
        assert history.json()["aantal"] == 2 and history.json()["pagina"] == 1
        assert [(h["status"], h["ingangsdatum"]) for h in history.json()["resultaten"]] == [
            ("actief", "2025-01-01"),
            ("geschorst", "2026-03-01"),
        ]
        tweede = await client.get(
            f"/api/v1/keurmerken/{bow}/statuswijzigingen",
            params={"pagina": 2, "paginaGrootte": 1},
            headers=auth(o.org_a_account),
        )
        assert tweede.status_code == 200, tweede.text
        assert [h["status"] for h in tweede.json()["resultaten"]] == ["geschorst"]
        assert tweede.json()["aantal"] == 2 and "prev" in tweede.json()["_links"]
        assert await AuditlogRegel.exists().where(
            (AuditlogRegel.objecttype == "keurmerk")
            & (AuditlogRegel.object_id == bow)
            & (AuditlogRegel.actie == "statuswijziging")
        )
        # the auditor reinstates it from 2026-03-02 with a new end date
        back = await wijzig(
            client,
            o.auditor,
            bow,
            status="actief",
            ingangsdatum="2026-03-02",
            geldigTot="2028-01-01",
            toelichting="schorsing opgeheven",
        )
        assert back.status_code == 201, back.text
        assert back.json()["geldigTot"] == "2028-01-01"
        assert regel(await verify(client, o, traject["id"], "2026-03-02"), "organisatie-keurmerk")["voldaan"]
        assert not regel(await verify(client, o, traject["id"], "2026-03-01"), "organisatie-keurmerk")[
            "voldaan"
        ]


async def test_bad_lifecycle_input_changes_nothing(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        noloc = o.ids["keurmerk"]
        bow = o.ids["org_keurmerk"]
        before = await Keurmerk.select().order_by(Keurmerk.id)
        versions = await KeurmerkVersie.count()

        early = await wijzig(
            client, o.auditor, noloc, status="geschorst", ingangsdatum="2023-03-31", toelichting="x"
        )
        assert early.status_code == 400
        assert "ingangsdatum" in invalid_params(early)
        assert "1 april 2023" in invalid_params(early)["ingangsdatum"]

        no_reason = await wijzig(client, o.auditor, noloc, status="ingetrokken", ingangsdatum="2026-03-01")
        assert no_reason.status_code == 400 and "toelichting" in invalid_params(no_reason)

        unknown = await wijzig(client, o.auditor, noloc, status="verlopen", ingangsdatum="2026-03-01")
        assert unknown.status_code == 400 and "status" in invalid_params(unknown)

        extra = await wijzig(
            client, o.auditor, noloc, status="actief", ingangsdatum="2026-03-01", verificatie="geverifieerd"
        )
        assert extra.status_code == 400, extra.text
        assert "verificatie" in invalid_params(extra), extra.text

        coach_suspends = await wijzig(
            client, o.coach_a_account, noloc, status="geschorst", ingangsdatum="2026-03-02"
        )
        assert coach_suspends.status_code == 403 and "status" in coach_suspends.json()["detail"]

        coach_extends = await wijzig(
            client,
            o.coach_a_account,
            noloc,
            status="herregistratie-in-behandeling",
            ingangsdatum="2026-03-02",
            geldigTot="2030-01-01",
        )
        assert coach_extends.status_code == 403 and "geldigTot" in coach_extends.json()["detail"]

        backdated = await wijzig(
            client,
            o.coach_a_account,
            noloc,
            status="herregistratie-in-behandeling",
            ingangsdatum="2026-01-01",
        )
        assert backdated.status_code == 400 and "ingangsdatum" in invalid_params(backdated)

        patch_verified = await client.patch(
            f"/api/v1/jobcoaches/{o.coach_a['id']}/keurmerken/{noloc}",
            headers=auth(o.coach_a_account),
            json={"geldigTot": "2030-01-01"},
        )
        assert patch_verified.status_code == 403 and "geldigTot" in patch_verified.json()["detail"]

        # the organisation reports on its own keurmerk, never on a coach's
        org_on_coach = await wijzig(
            client, o.org_a_account, noloc, status="herregistratie-in-behandeling", ingangsdatum="2026-03-02"
        )
        assert org_on_coach.status_code == 403
        gemeente = await wijzig(
            client, o.gemeente_account, bow, status="ingetrokken", ingangsdatum="2026-03-02"
        )
        assert gemeente.status_code == 403

        assert await Keurmerk.select().order_by(Keurmerk.id) == before
        assert await KeurmerkVersie.count() == versions

        own = await wijzig(
            client, o.org_a_account, bow, status="herregistratie-in-behandeling", ingangsdatum="2026-03-02"
        )
        assert own.status_code == 201, own.text
        assert own.json()["verificatie"] == "geverifieerd"
