"""A 409 on a form page: the form comes back with what the user typed and the conflict at the top (issue
#11 part 3). The Formulier pages of coaches, organisations and beheer have their own 409 tests (stale
versions, status changes); these are the traject pages of gemeente and coach."""

from __future__ import annotations

import re

import time_machine

from register.services import trajecten
from register.tables import Besluit, Rapportage, Urenregistratie
from tests import builders
from tests.builders import T0
from tests.helpers import field_value, login, post_form, summary


def textarea(html: str, field_id: str) -> str | None:
    match = re.search(rf'<textarea id="{re.escape(field_id)}"[^>]*>(.*?)</textarea>', html, re.S)
    return match.group(1) if match else None


async def test_a_second_decision_keeps_the_typed_toelichting(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        await builders.approve(o, traject)  # someone else decided meanwhile
        [besluit] = await Besluit.select(Besluit.verificatie)
        login(client, o.gemeente_account)
        response = await post_form(
            client,
            f"/gemeente/trajecten/{traject['id']}/besluit",
            {"verificatie": str(besluit["verificatie"]), "besluit": "afgewezen", "toelichting": "Te duur."},
        )
        assert response.status_code == 409
        assert "Over dit traject is al besloten" in summary(response.text)
        assert textarea(response.text, "veld-besluit-toelichting") == "Te duur."
        assert 'value="afgewezen" checked' in response.text
        assert await Besluit.count() == 1


async def test_hours_on_a_traject_not_yet_approved_keep_the_input(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        login(client, o.coach_a_account)
        response = await post_form(
            client,
            f"/jobcoach/trajecten/{traject['id']}/uren",
            {"datum": "2026-02-02", "uren": "1,75", "activiteit": "training-on-the-job", "omschrijving": "x1"},
        )
        assert response.status_code == 409
        assert "Uren kunnen pas worden geregistreerd" in summary(response.text)
        assert field_value(response.text, "veld-uren") == "1,75"
        assert textarea(response.text, "veld-omschrijving") == "x1"
        await builders.approve(o, traject)
        page = await client.get(f"/jobcoach/trajecten/{traject['id']}")
        assert field_value(page.text, "veld-uren") == ""  # a fresh form once approved
        assert await Urenregistratie.count() == 0


async def test_a_report_submitted_twice_keeps_the_second_summary(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        await builders.approve(o, traject)
        plan = await Rapportage.select(Rapportage.id).where(Rapportage.soort == "begeleidingsplan").first()
        await trajecten.dien_in(o.actor("jobcoach"), traject["id"], str(plan["id"]), "Eerste versie.")
        login(client, o.coach_a_account)
        response = await post_form(
            client,
            f"/jobcoach/trajecten/{traject['id']}/rapportages/{plan['id']}/indiening",
            {"samenvatting": "Tweede versie."},
        )
        assert response.status_code == 409
        assert "Deze rapportage is al ingediend" in summary(response.text)
        veld = f"veld-rapportage-{plan['id']}-samenvatting"
        assert textarea(response.text, veld) == "Tweede versie."
        stored = await Rapportage.select(Rapportage.samenvatting).where(Rapportage.id == plan["id"]).first()
        assert stored["samenvatting"] == "Eerste versie."
