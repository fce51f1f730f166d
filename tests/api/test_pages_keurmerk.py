"""The keurmerk history page and lifecycle form (issue 12, part 8): an auditor records a withdrawal, a
holder reports a herregistratie, bad input is shown next to its field and changes nothing."""

from __future__ import annotations

import time_machine

from register.tables import KeurmerkVersie
from tests import builders
from tests.builders import T0
from tests.helpers import audit_rows, inline_error, login, post_form


async def test_auditor_records_a_withdrawal_on_the_page(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        noloc = o.ids["keurmerk"]
        login(client, o.auditor)
        page = await client.get(f"/keurmerken/{noloc}")
        assert page.status_code == 200, page.text
        assert "Historie van status en geldigheid" in page.text and "1 april 2023" in page.text
        assert "Statuswijziging vastleggen" in page.text

        before = await audit_rows()
        early = await post_form(
            client,
            f"/keurmerken/{noloc}",
            {"status": "geschorst", "ingangsdatum": "2023-03-01", "toelichting": "x"},
        )
        assert early.status_code == 400
        assert "vóór de ingangsdatum" in inline_error(early.text, "veld-ingangsdatum")
        assert await KeurmerkVersie.count() == 2 and await audit_rows() == before  # keurmerk + org keurmerk

        done = await post_form(
            client,
            f"/keurmerken/{noloc}",
            {"status": "ingetrokken", "ingangsdatum": "2026-02-15", "toelichting": "besluit Noloc"},
        )
        assert done.status_code == 303, done.text
        shown = await client.get(f"/keurmerken/{noloc}")
        assert (
            "Ingetrokken" in shown.text and "besluit Noloc" in shown.text and "15 februari 2026" in shown.text
        )
        # the Door column names the auditor who recorded it, not "auditor of beheerder"
        last_row = shown.text.split("besluit Noloc", 1)[1].split("</tr>", 1)[0]
        assert (
            f"<td>{o.auditor['gebruikersnaam']}</td>" in last_row and "auditor of beheerder" not in shown.text
        )
        assert await audit_rows() > before


async def test_holder_reports_a_herregistratie_and_others_are_refused(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        noloc = o.ids["keurmerk"]
        login(client, o.coach_a_account)
        page = await client.get(f"/keurmerken/{noloc}")
        assert page.status_code == 200 and "Herregistratie in behandeling melden" in page.text
        assert "Statuswijziging vastleggen" not in page.text
        done = await post_form(
            client,
            f"/keurmerken/{noloc}",
            {"status": "herregistratie-in-behandeling", "ingangsdatum": "2026-03-02"},
        )
        assert done.status_code == 303, done.text
        reported = (await client.get(f"/keurmerken/{noloc}")).text
        assert f"{o.coach_a_account['gebruikersnaam']} (melding van de houder)" in reported

        login(client, o.org_a_account)
        assert (await client.get(f"/keurmerken/{noloc}")).status_code == 403
        assert (await client.get(f"/keurmerken/{o.ids['org_keurmerk']}")).status_code == 200
        login(client, o.gemeente_account)
        assert (await client.get(f"/keurmerken/{noloc}")).status_code == 403
