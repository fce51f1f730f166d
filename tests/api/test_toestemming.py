"""Consent on every dienstverband and access that follows purpose (issue 12, cases 1 and 2).

A link proposed by one side counts for nothing (verdict, public profile, access) until the other side, or
a beheerder with a reason, confirms it; a proposal dated more than 30 days back needs a beheerder. An
organisation reads a coach's private record only while it employs the coach now; a gemeente never does,
traject or not.
"""

from __future__ import annotations

import datetime as dt

from register import clock
from register.services import jobcoaches, projecties
from register.tables import Dienstverband
from tests import builders
from tests.helpers import audit_rows, invalid_params


def _url(world: builders.World, coach: str = "coach_a") -> str:
    return f"/api/v1/jobcoaches/{getattr(world, coach)['id']}/dienstverbanden"


async def _criterium(client, world: builders.World, traject_id: str, code: str) -> dict:
    made = await client.post(
        f"/api/v1/trajecten/{traject_id}/verificaties", headers=world.headers("gemeente"), json={}
    )
    assert made.status_code == 201, made.text
    [line] = [c for c in made.json()["criteria"] if c["code"] == code]
    return line


async def _publieke_organisaties(client, coach: dict) -> list[str]:
    profiel = await client.get(f"/api/v1/register/jobcoaches/{coach['registratienummer']}")
    assert profiel.status_code == 200, profiel.text
    return [o["naam"] if isinstance(o, dict) else o for o in profiel.json()["organisaties"]]


async def test_case_1_a_link_proposed_by_an_organisation_counts_only_after_the_coach_confirms(client):
    world = await builders.build_world()
    await jobcoaches.set_status(builders.BEHEER, world.coach_a["id"], "actief", "toegelaten")
    org_b = world.headers("organisatie-b")
    coach_a = world.coach_a["id"]
    van = clock.today() - dt.timedelta(days=10)

    proposed = await client.post(
        _url(world),
        headers=org_b,
        json={"organisatie": world.org_b["id"], "van": van.isoformat(), "soort": "zzp"},
    )
    assert proposed.status_code == 201, proposed.text
    dv = proposed.json()
    assert (dv["status"], dv["voorgesteldDoor"]) == ("voorgesteld", "organisatie")

    # a proposal counts for nothing: no access, not on the public profile, not in a verdict
    assert (await client.get(f"/api/v1/jobcoaches/{coach_a}", headers=org_b)).status_code == 403
    assert "Organisatie B" not in await _publieke_organisaties(client, world.coach_a)
    traject = await builders.traject(
        world, referentie="T-B", jobcoach=coach_a, organisatie=world.org_b["id"], startdatum=clock.today()
    )
    line = await _criterium(client, world, traject["id"], "dienstverband")
    assert line["voldaan"] is False
    assert "voorgesteld, maar nog niet door beide kanten bevestigd" in line["toelichting"]

    # the proposer, another organisation and another coach cannot confirm it; nothing changes
    before = await audit_rows()
    for role in ("organisatie-b", "organisatie", "jobcoach-b"):
        refused = await client.post(
            f"{_url(world)}/{dv['id']}/bevestiging", headers=world.headers(role), json={}
        )
        assert refused.status_code == 403, (role, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert await audit_rows() == before
    [row] = await Dienstverband.select(Dienstverband.status).where(Dienstverband.id == dv["id"])
    assert row["status"] == "voorgesteld"

    confirmed = await client.post(
        f"{_url(world)}/{dv['id']}/bevestiging", headers=world.headers("jobcoach"), json={}
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "bevestigd"
    assert (await client.get(f"/api/v1/jobcoaches/{coach_a}", headers=org_b)).status_code == 200
    assert "Organisatie B" in await _publieke_organisaties(client, world.coach_a)
    assert (await _criterium(client, world, traject["id"], "dienstverband"))["voldaan"] is True

    # a decided proposal cannot be decided again
    again = await client.post(
        f"{_url(world)}/{dv['id']}/weigering", headers=world.headers("jobcoach"), json={}
    )
    assert again.status_code == 409

    # access ends with the link
    ended = await client.patch(
        f"{_url(world)}/{dv['id']}",
        headers=org_b,
        json={"tot": (clock.today() - dt.timedelta(days=1)).isoformat()},
    )
    assert ended.status_code == 200, ended.text
    assert (await client.get(f"/api/v1/jobcoaches/{coach_a}", headers=org_b)).status_code == 403


async def test_case_1_a_link_that_ended_years_ago_grants_no_access(client):
    world = await builders.build_world()
    await builders.dienstverband(
        world.coach_a["id"], world.org_b["id"], dt.date(2015, 1, 1), dt.date(2018, 12, 31)
    )
    org_b = world.headers("organisatie-b")
    assert (await client.get(f"/api/v1/jobcoaches/{world.coach_a['id']}", headers=org_b)).status_code == 403
    listed = await client.get("/api/v1/jobcoaches", headers=org_b)
    assert world.coach_a["id"] not in [c["id"] for c in listed.json()["resultaten"]]
    # its own coach, employed now, it does read
    assert (await client.get(f"/api/v1/jobcoaches/{world.coach_b['id']}", headers=org_b)).status_code == 200


async def test_a_proposal_dated_more_than_30_days_back_needs_a_beheerder_with_a_reason(client):
    world = await builders.build_world()
    van = clock.today() - dt.timedelta(days=31)
    proposed = await client.post(
        _url(world, "coach_b"),
        headers=world.headers("organisatie"),
        json={"organisatie": world.org_a["id"], "van": van.isoformat(), "soort": "inhuur"},
    )
    assert proposed.status_code == 201, proposed.text
    url = f"{_url(world, 'coach_b')}/{proposed.json()['id']}"

    before = await audit_rows()
    by_coach = await client.post(f"{url}/bevestiging", headers=world.headers("jobcoach-b"), json={})
    assert by_coach.status_code == 403
    assert "alleen een beheerder" in by_coach.json()["detail"]
    no_reason = await client.post(f"{url}/bevestiging", headers=world.headers("beheerder"), json={})
    assert no_reason.status_code == 400
    assert "toelichting" in invalid_params(no_reason)
    assert await audit_rows() == before

    ok = await client.post(
        f"{url}/bevestiging",
        headers=world.headers("beheerder"),
        json={"toelichting": "arbeidsovereenkomst van de inhuur gezien"},
    )
    assert ok.status_code == 200, ok.text
    assert (ok.json()["status"], ok.json()["toelichting"]) == (
        "bevestigd",
        "arbeidsovereenkomst van de inhuur gezien",
    )
    assert await audit_rows() == before + 1


async def test_a_coach_proposes_the_organisation_confirms_or_refuses(client):
    world = await builders.build_world()
    today = clock.today().isoformat()
    proposed = await client.post(
        _url(world, "coach_b"),
        headers=world.headers("jobcoach-b"),
        json={"organisatie": world.org_a["id"], "van": today, "soort": "zzp"},
    )
    assert proposed.status_code == 201, proposed.text
    assert proposed.json()["voorgesteldDoor"] == "jobcoach"
    url = f"{_url(world, 'coach_b')}/{proposed.json()['id']}"
    assert (
        await client.post(f"{url}/bevestiging", headers=world.headers("jobcoach-b"), json={})
    ).status_code == 403
    refused = await client.post(f"{url}/weigering", headers=world.headers("organisatie"), json={})
    assert refused.status_code == 200, refused.text
    assert refused.json()["status"] == "geweigerd"
    assert (
        await client.post(f"{url}/bevestiging", headers=world.headers("organisatie"), json={})
    ).status_code == 409
    # a coach cannot propose a link for another coach
    other = await client.post(
        _url(world, "coach_a"),
        headers=world.headers("jobcoach-b"),
        json={"organisatie": world.org_b["id"], "van": today, "soort": "zzp"},
    )
    assert other.status_code == 403


async def test_case_2_a_traject_is_no_key_to_the_coach_private_record(client):
    world = await builders.build_world()  # gemeente X has traject T with coach A
    gemeente = world.headers("gemeente")
    assert (
        await client.get(f"/api/v1/jobcoaches/{world.coach_a['id']}", headers=gemeente)
    ).status_code == 403
    # it gets the verdict and its evidence lines
    traject = await client.get(f"/api/v1/trajecten/{world.ids['traject']}", headers=gemeente)
    assert traject.status_code == 200
    verificatie = await client.get(f"/api/v1/verificaties/{world.ids['verificatie']}", headers=gemeente)
    assert verificatie.status_code == 200, verificatie.text
    assert {c["code"] for c in verificatie.json()["criteria"]} >= {"dienstverband", "persoonsregister"}
    assert "email" not in traject.text and world.coach_a["email"] not in verificatie.text


async def test_each_role_gets_its_named_projection_of_a_coach(client):
    world = await builders.build_world()
    coach_a = world.coach_a["id"]
    await jobcoaches.set_status(builders.BEHEER, coach_a, "actief", "toegelaten")
    # coach A also worked at B years ago: organisation A must not see that link
    await builders.dienstverband(coach_a, world.org_b["id"], dt.date(2015, 1, 1), dt.date(2018, 12, 31))
    velden = {}
    for role in ("jobcoach", "beheerder", "auditor", "organisatie"):
        dossier = await jobcoaches.dossier(world.actor(role), coach_a)
        velden[role] = set(dossier)
        if role == "organisatie":
            assert {d["organisatie"] for d in dossier["dienstverbanden"]} == {world.org_a["id"]}
    assert velden["jobcoach"] == set(projecties.VELDEN[projecties.ZELF])
    assert velden["beheerder"] == set(projecties.VELDEN[projecties.BEHEERDER])
    assert velden["auditor"] == set(projecties.VELDEN[projecties.AUDITOR])
    assert velden["organisatie"] == set(projecties.VELDEN[projecties.ORGANISATIE])
    assert "statushistorie" in velden["jobcoach"] and "telefoon" in velden["beheerder"]
    assert not {"statushistorie"} & (velden["auditor"] | velden["organisatie"])
    assert "telefoon" not in velden["auditor"]

    # over the API: the status history (with its reasons) only for the coach and the beheerder
    for role, historie in (
        ("jobcoach", True),
        ("beheerder", True),
        ("auditor", False),
        ("organisatie", False),
    ):
        body = (await client.get(f"/api/v1/jobcoaches/{coach_a}", headers=world.headers(role))).json()
        assert bool(body["statushistorie"]) is historie, role
    for role, status in (("gemeente", 403), ("organisatie-b", 403), ("jobcoach-b", 403), ("anoniem", 401)):
        response = await client.get(f"/api/v1/jobcoaches/{coach_a}", headers=world.headers(role))
        assert response.status_code == status, role
    assert await jobcoaches.projectie_van(world.actor("gemeente"), coach_a) == projecties.GEMEENTE
    assert await jobcoaches.projectie_van(world.actor("organisatie-b"), coach_a) == projecties.PUBLIEK
