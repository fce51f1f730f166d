"""Dashboards (aggregates and pages with their text alternatives) and the public toetsingskader line."""

from __future__ import annotations

import datetime as dt
import re

import time_machine

from register.services import jobcoaches, overzichten, publiek, verificaties
from register.tables import Jobcoach
from tests import builders
from tests.builders import NU, T0, VANDAAG
from tests.helpers import token_for

SCRIPTS = re.compile(r"<script[^>]*>")
OWN_SCRIPT = '<script src="/static/js/register.js" defer>'


class Signer:
    def attest(self, verificatie):
        return "test"


def table_rows(html: str, caption: str) -> dict[str, str]:
    start = html.index(f"<caption>{caption} (cijfers)</caption>")
    body = html[start : html.index("</table>", start)]
    return dict(re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', body))


async def test_register_aggregates_and_the_beheer_and_auditor_pages(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        await builders.jobcoach()  # aangemeld
        eerste = await builders.traject(o)
        await builders.traject(o, referentie="WMO-2")
        await verificaties.verify(o.actor("gemeente"), [eerste["id"]], None, Signer())

        assert await overzichten.coaches_per_status() == {
            "aangemeld": 1,
            "actief": 1,
            "geschorst": 0,
            "uitgeschreven": 0,
        }
        # the coach's Noloc keurmerk ends 2026-04-01, within 90 days of 2026-03-02; BOW in 2027 does not
        assert await overzichten.keurmerken_aflopend(VANDAAG) == {"noloc": 1}
        maanden = await overzichten.verificaties_per_maand(VANDAAG)
        assert list(maanden)[-1] == "2026-03" and len(maanden) == 12
        assert maanden["2026-03"] == 1 and sum(maanden.values()) == 1
        assert await overzichten.open_bevindingen() == {"minor": 0, "major": 0}

        beheerder = await builders.beheerder()
        client.cookies.set("sessie", token_for(beheerder))
        html = (await client.get("/beheer")).text
        for titel in ("Jobcoaches per status", "Openstaande auditbevindingen"):
            assert "<title id=" in html and f">{titel}</title>" in html
        assert 'role="img" aria-labelledby="grafiek-status-titel grafiek-status-desc"' in html
        assert (
            '<desc id="grafiek-status-desc">Aangemeld: 1; Actief: 1; Geschorst: 0; Uitgeschreven: 0</desc>'
            in html
        )
        assert table_rows(html, "Jobcoaches per status") == {
            "Aangemeld": "1",
            "Actief": "1",
            "Geschorst": "0",
            "Uitgeschreven": "0",
        }
        assert table_rows(html, "Verificaties per maand (laatste 12 maanden)")["mrt 2026"] == "1"
        assert SCRIPTS.findall(html) == [OWN_SCRIPT]  # no inline script; the one file only enhances

        auditor = await builders.auditor()
        client.cookies.set("sessie", token_for(auditor))
        response = await client.get("/auditor/overzicht")
        assert response.status_code == 200
        assert table_rows(response.text, "Keurmerken die in de komende 90 dagen aflopen") == {"Noloc": "1"}
        assert 'href="/auditor/overzicht"' in (await client.get("/auditor/werkvoorraad")).text
        client.cookies.set("sessie", token_for(o.gemeente_account))
        assert (await client.get("/auditor/overzicht")).status_code in (302, 303, 403)


async def test_a_gemeente_sees_only_its_own_trajecten(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        eerste = await builders.traject(o)
        await builders.traject(o, referentie="WMO-2")
        await verificaties.verify(o.actor("gemeente"), [eerste["id"]], None, Signer())
        await builders.gemeente("GM0363", "Amsterdam")
        ander = await builders.gemeente_account("GM0363")

        assert await overzichten.trajecten_per_kwalificatie(["GM0599"]) == {
            "gekwalificeerd": 1,
            "niet-gekwalificeerd": 0,
            "nog-niet-geverifieerd": 1,
        }
        assert await overzichten.trajecten_per_kwalificatie(["GM0363"]) == {
            "gekwalificeerd": 0,
            "niet-gekwalificeerd": 0,
            "nog-niet-geverifieerd": 0,
        }
        # a later verification that fails replaces the first outcome
        t.shift(dt.timedelta(seconds=1))
        await jobcoaches.set_status(builders.BEHEER, o.coach_a["id"], "geschorst", "klacht in onderzoek")
        t.shift(dt.timedelta(seconds=1))
        await verificaties.verify(o.actor("gemeente"), [eerste["id"]], None, Signer())
        assert (await overzichten.trajecten_per_kwalificatie(["GM0599"]))["niet-gekwalificeerd"] == 1
        assert (await overzichten.trajecten_per_kwalificatie(["GM0599"]))["gekwalificeerd"] == 0
        # requested trajecten have no budget band yet; only running ones count
        assert sum((await overzichten.budgetgebruik(["GM0599"])).values()) == 0

        client.cookies.set("sessie", token_for(o.gemeente_account))
        html = (await client.get("/gemeente")).text
        assert 'aria-labelledby="grafiek-kwalificatie-titel grafiek-kwalificatie-desc"' in html
        assert table_rows(html, "Trajecten naar uitkomst van de laatste verificatie") == {
            "Gekwalificeerd": "0",
            "Niet gekwalificeerd": "1",
            "Nog niet geverifieerd": "1",
        }
        assert "Lopende trajecten naar gebruik van het urenbudget" in html

        client.cookies.set("sessie", token_for(ander))
        html = (await client.get("/gemeente")).text
        assert table_rows(html, "Trajecten naar uitkomst van de laatste verificatie") == {
            "Gekwalificeerd": "0",
            "Niet gekwalificeerd": "0",
            "Nog niet geverifieerd": "0",
        }


async def test_public_line_on_the_coach_level_criteria_of_the_national_kader(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        nummer = o.coach_a["registratienummer"]
        tekst = await publiek.landelijk_toetsingskader_vandaag(nummer)
        assert tekst.startswith("ja, aan de persoonsgebonden eisen")
        html = (await client.get(f"/register/jobcoaches/{nummer}")).text
        assert (
            "<dt>Voldoet vandaag aan het landelijke toetsingskader</dt><dd>ja, aan de persoonsgebonden"
            in html
        )
        assert "15 november 2025" not in html and "Supported Employment" not in html  # no scholing details

        # after the Noloc registration ends the line says no, but not which criterion fails (not public)
        t.move_to(dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC))
        tekst = await publiek.landelijk_toetsingskader_vandaag(nummer)
        assert (
            tekst
            == "nee, niet aan de persoonsgebonden eisen (de eisen aan de organisatie gelden per traject)"
        )
        html = (await client.get(f"/register/jobcoaches/{nummer}")).text
        assert "niet voldaan" not in html.lower() and "Registratie in een persoonsregister" not in html

        t.move_to(NU)
        await jobcoaches.set_status(builders.BEHEER, o.coach_a["id"], "geschorst", "klacht in onderzoek")
        t.shift(dt.timedelta(seconds=1))
        tekst = await publiek.landelijk_toetsingskader_vandaag(nummer)
        assert (
            tekst
            == "nee, niet aan de persoonsgebonden eisen (de eisen aan de organisatie gelden per traject)"
        )

        # a freshly admitted coach without any facts misses every other coach-level criterion
        kaal = await builders.jobcoach()
        t.shift(dt.timedelta(seconds=1))
        await jobcoaches.set_status(builders.BEHEER, kaal["id"], "actief", "portfolio beoordeeld")
        t.shift(dt.timedelta(seconds=1))
        tekst = await publiek.landelijk_toetsingskader_vandaag(kaal["registratienummer"])
        assert (
            tekst
            == "nee, niet aan de persoonsgebonden eisen (de eisen aan de organisatie gelden per traject)"
        )
        assert await Jobcoach.count() == 2
