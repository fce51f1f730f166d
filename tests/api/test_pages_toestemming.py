"""Consent pages (issue 12, part 8): the organisation proposes, the coach confirms or refuses on the
dashboard, the beheerder confirms a back-dated proposal with a reason; each decision is in the audit log."""

from __future__ import annotations

import datetime as dt

from register import clock
from register.infra.records import as_uuid
from register.services import jobcoaches
from tests import builders
from tests.helpers import audit_rows, inline_error, login, post_form


async def _voorstel(world: builders.World, coach: dict, van: dt.date) -> dict:
    return await jobcoaches.add_dienstverband(
        world.actor("organisatie"),
        coach["id"],
        {"organisatie": world.org_a["id"], "van": van, "soort": "zzp"},
    )


async def test_the_coach_confirms_a_proposal_from_the_dashboard_and_refuses_another(client):
    world = await builders.build_world()
    coach_b = world.coach_b
    login(client, world.org_a_account)
    response = await post_form(
        client,
        f"/organisatie/{world.org_a['id']}/jobcoaches",
        {
            "registratienummer": coach_b["registratienummer"],
            "soort": "zzp",
            "van": clock.today().isoformat(),
            "tot": (clock.today() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 303, response.text
    [d] = [
        x
        for x in await jobcoaches.dienstverbanden(as_uuid(coach_b["id"], "x"))
        if x["status"] == "voorgesteld"
    ]
    assert "wacht op de jobcoach" in (await client.get(f"/organisatie/{world.org_a['id']}/jobcoaches")).text
    # the organisation cannot confirm its own proposal
    own = await post_form(
        client, f"/organisatie/{world.org_a['id']}/dienstverbanden/{d['id']}/bevestigen", {}
    )
    assert own.status_code == 403

    login(client, world.coach_b_account)
    dashboard = await client.get(f"/jobcoach/{coach_b['id']}")
    assert "Voorstellen voor een dienstverband" in dashboard.text and "Organisatie A" in dashboard.text
    # coach A cannot decide on coach B's proposal
    login(client, world.coach_a_account)
    other = await post_form(client, f"/jobcoach/{coach_b['id']}/dienstverbanden/{d['id']}/bevestigen", {})
    assert other.status_code == 403
    login(client, world.coach_b_account)
    before = await audit_rows()
    ok = await post_form(client, f"/jobcoach/{coach_b['id']}/dienstverbanden/{d['id']}/bevestigen", {})
    assert ok.status_code == 303, ok.text
    assert await audit_rows() == before + 1
    [d] = [x for x in await jobcoaches.dienstverbanden(as_uuid(coach_b["id"], "x")) if x["id"] == d["id"]]
    assert d["status"] == "bevestigd"
    assert "Voorstellen voor een dienstverband" not in (await client.get(f"/jobcoach/{coach_b['id']}")).text

    second = await jobcoaches.add_dienstverband(
        world.actor("organisatie"),
        coach_b["id"],
        {"organisatie": world.org_a["id"], "van": clock.today() + dt.timedelta(days=400), "soort": "inhuur"},
    )
    refused = await post_form(
        client, f"/jobcoach/{coach_b['id']}/dienstverbanden/{second['id']}/weigeren", {}
    )
    assert refused.status_code == 303
    [second] = [
        x for x in await jobcoaches.dienstverbanden(as_uuid(coach_b["id"], "x")) if x["id"] == second["id"]
    ]
    assert second["status"] == "geweigerd"


async def test_the_beheerder_confirms_a_back_dated_proposal_only_with_a_reason(client):
    world = await builders.build_world()
    coach = await builders.jobcoach(voornaam="Carla", achternaam="Claes")
    d = await _voorstel(world, coach, clock.today() - dt.timedelta(days=45))
    login(client, world.beheerder)
    overzicht = await client.get("/beheer")
    assert "Carla Claes" in overzicht.text and "Wacht op de beheerder" in overzicht.text
    url = f"/beheer/jobcoaches/{coach['id']}/dienstverbanden/{d['id']}"
    before = await audit_rows()
    missing = await post_form(client, url, {"besluit": "bevestigd", "toelichting": ""})
    assert missing.status_code == 400
    assert inline_error(missing.text, f"toelichting-{d['id']}")
    assert await audit_rows() == before
    ok = await post_form(
        client, url, {"besluit": "bevestigd", "toelichting": "contract van 1 oktober gezien"}
    )
    assert ok.status_code == 303, ok.text
    [d] = await jobcoaches.dienstverbanden(as_uuid(coach["id"], "x"))
    assert (d["status"], d["toelichting"]) == ("bevestigd", "contract van 1 oktober gezien")
    assert await audit_rows() == before + 1
