"""The current state of a fact with history is the version in force today (issue 12, the outsider's
finding): a scheme decision, dienstverband or kwaliteitsborging version dated in the future never shows as
current before its day, on any page, list or search; on that day it does (register.infra.historie)."""

from __future__ import annotations

import datetime as dt
import re

import time_machine

from register.rules.historie import geldend_op, loopt_op
from tests import builders
from tests.builders import NU, T0
from tests.helpers import auth, login

MORGEN = NU.date() + dt.timedelta(days=1)
OVERMORGEN = NU + dt.timedelta(days=2)


def rij(html: str, nummer: str) -> str:
    """The table row (or list item) of the page that names this keurmerk number."""
    for stuk in re.split(r"<tr>|<li>", html):
        stuk = re.split(r"</tr>|</li>", stuk)[0]
        if nummer in stuk:
            return stuk
    raise AssertionError(f"{nummer} staat niet op de pagina")


def test_the_version_in_force_is_the_latest_started_one():
    versies = [("a", dt.date(2026, 1, 1), 1), ("b", dt.date(2026, 3, 1), 2), ("c", dt.date(2026, 3, 1), 3)]
    kies = dict(begin=lambda v: v[1], volgorde=lambda v: v[2])
    assert geldend_op(versies, dt.date(2025, 12, 31), **kies) is None
    assert geldend_op(versies, dt.date(2026, 2, 28), **kies)[0] == "a"
    assert geldend_op(versies, dt.date(2026, 3, 1), **kies)[0] == "c"  # same day: the later recorded
    assert geldend_op(list(reversed(versies)), dt.date(2026, 3, 1), **kies)[0] == "c"
    assert loopt_op(dt.date(2026, 1, 1), None, dt.date(2026, 1, 1))
    assert not loopt_op(dt.date(2026, 1, 2), None, dt.date(2026, 1, 1))
    assert loopt_op(dt.date(2026, 1, 1), dt.date(2026, 1, 5), dt.date(2026, 1, 5))
    assert not loopt_op(dt.date(2026, 1, 1), dt.date(2026, 1, 5), dt.date(2026, 1, 6))


async def test_a_withdrawal_from_tomorrow_is_not_current_today(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        coach, org = o.coach_a["id"], o.org_a["id"]
        nummer = o.coach_a["registratienummer"]
        for keurmerk, status in ((o.ids["keurmerk"], "ingetrokken"), (o.ids["org_keurmerk"], "geschorst")):
            response = await client.post(
                f"/api/v1/keurmerken/{keurmerk}/statuswijzigingen",
                headers=auth(o.auditor),
                json={"status": status, "ingangsdatum": MORGEN.isoformat(), "toelichting": "besluit"},
            )
            assert response.status_code == 201, response.text
            assert response.json()["status"] == "actief"  # the answer shows today's state

        async def staat():
            profiel = (
                await client.get(f"/api/v1/jobcoaches/{coach}", headers=auth(o.coach_a_account))
            ).json()
            organisatie = (
                await client.get(f"/api/v1/organisaties/{org}", headers=auth(o.org_a_account))
            ).json()
            publiek = (await client.get(f"/api/v1/register/jobcoaches/{nummer}")).json()
            gevonden = (await client.get("/api/v1/register/jobcoaches", params={"schema": "noloc"})).json()
            login(client, o.coach_a_account)
            coachpagina = rij((await client.get(f"/jobcoach/{coach}/keurmerken")).text, "NOLOC-1234")
            login(client, o.org_a_account)
            orgpagina = rij((await client.get(f"/organisatie/{org}/keurmerken")).text, "BOW-77")
            overzicht = rij((await client.get(f"/organisatie/{org}")).text, "geldig tot en met")
            return profiel, organisatie, publiek, gevonden, coachpagina, orgpagina, overzicht

        profiel, organisatie, publiek, gevonden, coachpagina, orgpagina, overzicht = await staat()
        assert [k["status"] for k in profiel["keurmerken"]] == ["actief"]
        assert [k["status"] for k in organisatie["keurmerken"]] == ["actief"]
        assert [k["status"] for k in publiek["keurmerken"]] == ["actief"]
        assert nummer in [c["registratienummer"] for c in gevonden["resultaten"]]
        assert "Actief" in coachpagina and "Ingetrokken" not in coachpagina
        assert "Actief" in orgpagina and "Geschorst" not in orgpagina
        assert "Geschorst" not in overzicht

        t.move_to(OVERMORGEN)
        client.cookies.clear()
        profiel, organisatie, publiek, gevonden, coachpagina, orgpagina, overzicht = await staat()
        assert [k["status"] for k in profiel["keurmerken"]] == ["ingetrokken"]
        assert [k["status"] for k in organisatie["keurmerken"]] == ["geschorst"]
        assert [k["status"] for k in publiek["keurmerken"]] == ["ingetrokken"]
        assert nummer not in [c["registratienummer"] for c in gevonden["resultaten"]]
        assert "Ingetrokken" in coachpagina
        assert "Geschorst" in orgpagina and "Geschorst" in overzicht


async def test_a_dienstverband_from_next_month_is_not_running_today(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        later = await builders.jobcoach(voornaam="Pim", achternaam="Later")
        await builders.dienstverband(later["id"], o.org_a["id"], van=NU.date() + dt.timedelta(days=30))
        login(client, o.org_a_account)
        page = await client.get(f"/organisatie/{o.org_a['id']}/jobcoaches")
        assert page.status_code == 200, page.text
        pim = rij(page.text, "Pim Later")
        assert "nog niet ingegaan" in pim and "/jobcoaches/" + later["id"] not in pim
        sanne = rij(page.text, "Sanne de Vries")
        assert f"/jobcoaches/{o.coach_a['id']}" in sanne
        overzicht = await client.get(f"/organisatie/{o.org_a['id']}")
        assert re.search(r"<strong>1</strong> met een lopend dienstverband", overzicht.text)
        # the organisation reads the coach's private record only once the link runs
        early = await client.get(f"/api/v1/jobcoaches/{later['id']}", headers=auth(o.org_a_account))
        assert early.status_code == 403

        t.move_to(NU + dt.timedelta(days=31))
        login(client, o.org_a_account)
        overzicht = await client.get(f"/organisatie/{o.org_a['id']}")
        assert re.search(r"<strong>2</strong> met een lopend dienstverband", overzicht.text)
        assert (
            await client.get(f"/api/v1/jobcoaches/{later['id']}", headers=auth(o.org_a_account))
        ).status_code == 200


async def test_a_klachtprocedure_from_next_month_is_not_current_today(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        org = o.org_a["id"]
        volgende = NU.date() + dt.timedelta(days=30)
        response = await client.put(
            f"/api/v1/organisaties/{org}/kwaliteitsborging",
            headers=auth(o.org_a_account),
            json={
                "klachtprocedure": {
                    "ingangsdatum": volgende.isoformat(),
                    "ontvangstbevestigingDagen": 3,
                    "afhandelingWeken": 4,
                    "klachtencommissie": "Nieuwe commissie",
                }
            },
        )
        assert response.status_code == 200, response.text
        assert response.json()["klachtprocedure"]["ontvangstbevestigingDagen"] == 5
        shown = await client.get(
            f"/api/v1/organisaties/{org}/kwaliteitsborging", headers=auth(o.org_a_account)
        )
        assert shown.json()["klachtprocedure"]["klachtencommissie"] == "Stichting Klachtrecht"

        t.move_to(dt.datetime.combine(volgende, dt.time(9), tzinfo=dt.UTC))
        shown = await client.get(
            f"/api/v1/organisaties/{org}/kwaliteitsborging", headers=auth(o.org_a_account)
        )
        assert shown.json()["klachtprocedure"]["klachtencommissie"] == "Nieuwe commissie"
