"""Decisions on the current verdict and the gemeente's list of current verdicts (issue 12, cases 6 and 8).

A decision `goedgekeurd` must cite a verification for today or the traject's start that no newer one for
the same or a later peildatum contradicts; the list and the "niet gekwalificeerd" counter show the verdict
for today, and a retrospective check apart."""

from __future__ import annotations

import datetime as dt

import time_machine

from register.services import jobcoaches, overzichten
from register.tables import Besluit, Traject
from tests import builders
from tests.builders import T0, VANDAAG
from tests.helpers import audit_rows, auth, login

START = VANDAAG - dt.timedelta(days=7)  # a traject that started last week, when everything was in order


async def _verify(client, o: builders.World, traject_id: str, peildatum: dt.date | None = None) -> dict:
    body = {"peildatum": peildatum.isoformat()} if peildatum else {}
    made = await client.post(
        f"/api/v1/trajecten/{traject_id}/verificaties", headers=auth(o.gemeente_account), json=body
    )
    assert made.status_code == 201, made.text
    return made.json()


async def _besluit(client, o: builders.World, traject_id: str, verificatie: str):
    return await client.post(
        f"/api/v1/trajecten/{traject_id}/besluit",
        headers=auth(o.gemeente_account),
        json={"besluit": "goedgekeurd", "verificatie": verificatie, "toelichting": "voldoet"},
    )


async def test_case_6_a_decision_on_yesterdays_verdict_after_a_suspension_is_refused(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        gisteren = await _verify(client, o, traject["id"], VANDAAG - dt.timedelta(days=1))
        assert gisteren["gekwalificeerd"] is True
        t.shift(dt.timedelta(minutes=1))
        await jobcoaches.set_status(builders.BEHEER, o.coach_a["id"], "geschorst", "klacht in onderzoek")
        t.shift(dt.timedelta(minutes=1))
        vandaag = await _verify(client, o, traject["id"])
        assert vandaag["gekwalificeerd"] is False

        before = await audit_rows()
        refused = await _besluit(client, o, traject["id"], gisteren["id"])
        assert refused.status_code == 409, refused.text
        assert "peildatum vandaag" in refused.json()["detail"]
        assert await audit_rows() == before
        assert await Besluit.count() == 0
        assert (await Traject.select(Traject.status).first())["status"] == "aangevraagd"


async def test_case_6_a_verdict_for_the_start_date_contradicted_by_a_newer_one_is_refused(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o, startdatum=START)
        start = await _verify(client, o, traject["id"], START)
        assert start["gekwalificeerd"] is True
        t.shift(dt.timedelta(minutes=1))
        await jobcoaches.set_status(builders.BEHEER, o.coach_a["id"], "geschorst", "klacht in onderzoek")
        t.shift(dt.timedelta(minutes=1))
        assert (await _verify(client, o, traject["id"]))["gekwalificeerd"] is False
        refused = await _besluit(client, o, traject["id"], start["id"])
        assert refused.status_code == 409, refused.text
        assert "nieuwere verificatie" in refused.json()["detail"]


async def test_a_decision_on_the_start_date_verdict_without_contradiction_is_accepted(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o, startdatum=START)
        start = await _verify(client, o, traject["id"], START)
        t.shift(dt.timedelta(minutes=1))
        # a newer check for an EARLIER date that fails does not contradict the start date's verdict
        assert (await _verify(client, o, traject["id"], dt.date(2024, 6, 1)))["gekwalificeerd"] is False
        accepted = await _besluit(client, o, traject["id"], start["id"])
        assert accepted.status_code == 201, accepted.text


async def test_case_8_a_retrospective_check_does_not_change_the_list_or_the_counter(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        vandaag = await _verify(client, o, traject["id"])
        assert (await _besluit(client, o, traject["id"], vandaag["id"])).status_code == 201
        t.shift(dt.timedelta(minutes=1))
        terug = await _verify(client, o, traject["id"], dt.date(2024, 6, 1))  # before the coach registered
        assert terug["gekwalificeerd"] is False

        [item] = (await client.get("/api/v1/trajecten", headers=auth(o.gemeente_account))).json()[
            "resultaten"
        ]
        assert item["actueleVerificatie"]["id"] == vandaag["id"]
        assert item["actueleVerificatie"]["gekwalificeerd"] is True
        assert item["laatsteVerificatie"]["id"] == terug["id"]  # the retrospective check, shown apart
        detail = (
            await client.get(f"/api/v1/trajecten/{traject['id']}", headers=auth(o.gemeente_account))
        ).json()
        assert detail["actueleVerificatie"]["id"] == vandaag["id"]
        telling = await overzichten.trajecten_per_kwalificatie(["GM0599"])
        assert (telling["gekwalificeerd"], telling["niet-gekwalificeerd"]) == (1, 0)

        login(client, o.gemeente_account)
        page = (await client.get("/gemeente")).text
        assert "Controle achteraf" in page and "voldeed niet op 1 juni 2024" in page
