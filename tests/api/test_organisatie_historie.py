"""The organisation's status in valid time (issue 12, part 3) and the history tables on the coach's and
the organisation's own pages (part 8): a suspension recorded with an earlier ingangsdatum changes the
verdict from that day, not before; the pages show every version."""

from __future__ import annotations

import time_machine

from register.tables import Statuswijziging
from tests import builders
from tests.builders import T0
from tests.helpers import audit_rows, auth, inline_error, login, post_form


async def verify(client, o, traject_id, peildatum):
    response = await client.post(
        f"/api/v1/trajecten/{traject_id}/verificaties",
        headers=auth(o.gemeente_account),
        json={"peildatum": peildatum},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_back_dated_suspension_counts_from_its_day(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        org = o.org_a["id"]
        traject = await builders.traject(o)
        beheerder = await builders.beheerder()
        login(client, beheerder)
        before = (await audit_rows(), await Statuswijziging.count())
        future = await post_form(
            client,
            f"/beheer/organisaties/{org}/status",
            {
                "status": "geschorst",
                "reden": "besluit van de registercommissie",
                "ingangsdatum": "2026-04-01",
            },
        )
        assert future.status_code == 400
        assert "toekomst" in inline_error(future.text, "veld-ingangsdatum")
        assert (await audit_rows(), await Statuswijziging.count()) == before

        done = await post_form(
            client,
            f"/beheer/organisaties/{org}/status",
            {
                "status": "geschorst",
                "reden": "besluit van de registercommissie",
                "ingangsdatum": "2026-02-20",
            },
        )
        assert done.status_code == 303, done.text

        # the verdict for a date before the suspension is unchanged; from its day on, the organisation fails
        vroeg = await verify(client, o, traject["id"], "2026-02-10")
        laat = await verify(client, o, traject["id"], "2026-02-25")
        assert vroeg["gekwalificeerd"] and not laat["gekwalificeerd"]

        before = (await audit_rows(), await Statuswijziging.count())
        earlier = await post_form(
            client,
            f"/beheer/organisaties/{org}/status",
            {"status": "actief", "reden": "schorsing opgeheven", "ingangsdatum": "2026-02-01"},
        )
        assert earlier.status_code == 400
        assert "vorige statuswijziging" in inline_error(earlier.text, "veld-ingangsdatum")
        assert (await audit_rows(), await Statuswijziging.count()) == before

        # the organisation's own page shows its history: status and kwaliteitsborging versions
        login(client, o.org_a_account)
        page = await client.get(f"/organisatie/{org}")
        assert page.status_code == 200, page.text
        assert "Historie in het register" in page.text
        assert "besluit van de registercommissie" in page.text
        assert "Versies van de kwaliteitsborging" in page.text and "vastgesteld beleid" in page.text


async def test_the_coach_sees_the_history_of_status_and_dienstverbanden(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        login(client, o.coach_a_account)
        page = await client.get(f"/jobcoach/{o.coach_a['id']}")
        assert page.status_code == 200, page.text
        assert "Historie in het register" in page.text
        assert "portfolio beoordeeld" in page.text  # the status change's reason
        assert "Alle dienstverbanden" in page.text and "Werkfit Jobcoaching" in page.text
