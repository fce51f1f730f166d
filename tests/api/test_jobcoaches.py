"""Jobcoaches: registration, profile, status, dienstverband and claims."""

import datetime as dt

import pytest

from audits.tables import Inzagelog
from register import clock
from register.errors import Conflict
from register.services import jobcoaches
from register.tables import Jobcoach, Scholing, Zelfevaluatie
from tests import builders
from tests.helpers import auth

COMPETENTIES = [
    "inlevingsvermogen",
    "analytisch-vermogen",
    "effectief-communiceren",
    "reflecteren",
    "adviseren-instrueren",
    "coachen",
    "zelfreflectie",
    "professionele-ontwikkeling",
    "netwerkcontacten",
]


async def test_register_a_coach_assigns_a_number(client):
    admin = await builders.beheerder()
    await builders.gemeente("GM0599")
    first = await client.post(
        "/api/v1/jobcoaches",
        headers=auth(admin),
        json={
            "voornaam": "Sanne",
            "achternaam": "de Vries",
            "email": "sanne@voorbeeld.nl",
            "werkgebied": ["GM0599"],
        },
    )
    second = await client.post(
        "/api/v1/jobcoaches",
        headers=auth(admin),
        json={"voornaam": "Bram", "achternaam": "Bos", "email": "bram@voorbeeld.nl"},
    )
    assert first.status_code == second.status_code == 201, first.text
    numbers = [first.json()["registratienummer"], second.json()["registratienummer"]]
    assert all(n.startswith("JC-") and len(n) == 9 for n in numbers) and numbers[0] != numbers[1]
    assert first.json()["status"] == "aangemeld"


async def test_status_changes_are_kept_with_reason(client):
    admin = await builders.beheerder()
    coach = await builders.jobcoach()
    url = f"/api/v1/jobcoaches/{coach['id']}/status"
    assert (
        await client.post(url, headers=auth(admin), json={"status": "actief", "reden": "toegelaten"})
    ).status_code == 200
    assert (
        await client.post(url, headers=auth(admin), json={"status": "geschorst", "reden": "klacht"})
    ).status_code == 200
    invalid = await client.post(url, headers=auth(admin), json={"status": "geschorst", "reden": "nogmaals"})
    assert invalid.status_code == 409
    no_reason = await client.post(url, headers=auth(admin), json={"status": "actief"})
    assert no_reason.status_code == 400 and no_reason.json()["invalidParams"][0]["name"] == "reden"
    dossier = (await client.get(f"/api/v1/jobcoaches/{coach['id']}", headers=auth(admin))).json()
    assert [s["status"] for s in dossier["statushistorie"]] == ["geschorst", "actief", "aangemeld"]
    # a coach cannot change their own status
    own = await builders.coach_account(coach["id"])
    assert (
        await client.post(url, headers=auth(own), json={"status": "actief", "reden": "zelf"})
    ).status_code == 403


async def test_coach_adds_claims_and_sees_them_unverified(client):
    coach = await builders.jobcoach()
    own = await builders.coach_account(coach["id"])
    url = f"/api/v1/jobcoaches/{coach['id']}"
    today = clock.today()
    opleiding = await client.post(
        f"{url}/opleidingen",
        headers=auth(own),
        json={"soort": "hbo-diploma", "omschrijving": "Bachelor Social Work", "datum": "2015-06-30"},
    )
    keurmerk = await client.post(
        f"{url}/keurmerken",
        headers=auth(own),
        json={
            "schema": "noloc",
            "nummer": "123",
            "ingangsdatum": "2024-01-01",
            "geldigTot": "2028-01-01",
            "status": "actief",
        },
    )
    scholing = await client.post(
        f"{url}/scholingen",
        headers=auth(own),
        json={
            "titel": "IPS basis",
            "aanbieder": "Academie",
            "datum": (today - dt.timedelta(days=10)).isoformat(),
            "uren": 12.5,
            "categorie": "methodieken",
        },
    )
    for response in (opleiding, keurmerk, scholing):
        assert response.status_code == 201, response.text
        assert response.json()["verificatie"] == "ingediend"
    dossier = (await client.get(url, headers=auth(own))).json()
    assert dossier["scholingsurenLaatste12Maanden"] == 12.5
    assert len(dossier["opleidingen"]) == len(dossier["keurmerken"]) == len(dossier["scholingen"]) == 1


async def test_scholing_bad_input(client):
    coach = await builders.jobcoach()
    own = await builders.coach_account(coach["id"])
    before = await Scholing.count()
    response = await client.post(
        f"/api/v1/jobcoaches/{coach['id']}/scholingen",
        headers=auth(own),
        json={"titel": "x", "aanbieder": "y", "datum": "2999-01-01", "uren": -3, "categorie": "koken"},
    )
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == {"datum", "uren", "categorie"}
    absurd = await client.post(
        f"/api/v1/jobcoaches/{coach['id']}/scholingen",
        headers=auth(own),
        json={"titel": "x", "aanbieder": "y", "datum": "2025-01-01", "uren": 10000, "categorie": "overig"},
    )
    assert absurd.status_code == 400 and absurd.json()["invalidParams"][0]["name"] == "uren"
    assert await Scholing.count() == before


async def test_zelfevaluatie_complete_only_with_nine(client):
    coach = await builders.jobcoach()
    own = await builders.coach_account(coach["id"])
    url = f"/api/v1/jobcoaches/{coach['id']}/zelfevaluaties"
    nine = [{"code": c, "score": 4, "toelichting": "t", "leerdoel": "l"} for c in COMPETENTIES]
    full = await client.post(url, headers=auth(own), json={"datum": "2026-01-10", "competenties": nine})
    assert full.status_code == 201, full.text
    assert full.json()["volledig"] is True and len(full.json()["competenties"]) == 9
    partial = await client.post(
        url, headers=auth(own), json={"datum": "2026-01-11", "competenties": nine[:3]}
    )
    assert partial.json()["volledig"] is False
    bad = await client.post(
        url,
        headers=auth(own),
        json={
            "datum": "2026-01-12",
            "competenties": [
                {"code": "coachen", "score": 0},
                {"code": "koken", "score": 3},
                {"code": "reflecteren", "score": 6},
            ],
        },
    )
    assert bad.status_code == 400
    assert {p["name"] for p in bad.json()["invalidParams"]} == {
        "competenties[0].score",
        "competenties[1].code",
        "competenties[2].score",
    }
    twice = await client.post(
        url,
        headers=auth(own),
        json={
            "datum": "2026-01-12",
            "competenties": [{"code": "coachen", "score": 3}, {"code": "coachen", "score": 4}],
        },
    )
    assert twice.status_code == 400
    assert await Zelfevaluatie.count() == 2


async def test_object_level_access(client):
    world = await builders.build_world()
    a, b = world.coach_a["id"], world.coach_b["id"]
    coach_a = world.headers("jobcoach")
    scholing = {"titel": "x", "aanbieder": "y", "datum": "2025-01-01", "uren": 4, "categorie": "overig"}
    # coach A cannot read or add to coach B
    assert (await client.get(f"/api/v1/jobcoaches/{b}", headers=coach_a)).status_code == 403
    assert (
        await client.post(f"/api/v1/jobcoaches/{b}/scholingen", headers=coach_a, json=scholing)
    ).status_code == 403
    assert (
        await client.patch(f"/api/v1/jobcoaches/{b}", headers=coach_a, json={"voornaam": "X"})
    ).status_code == 403
    assert (await client.get(f"/api/v1/jobcoaches/{b}/export", headers=coach_a)).status_code == 403
    # organisation A sees its own coach, not organisation B's
    org_a = world.headers("organisatie")
    assert (await client.get(f"/api/v1/jobcoaches/{a}", headers=org_a)).status_code == 200
    assert (await client.get(f"/api/v1/jobcoaches/{b}", headers=org_a)).status_code == 403
    listed = (await client.get("/api/v1/jobcoaches", headers=org_a)).json()["resultaten"]
    assert [c["id"] for c in listed] == [a]
    # the beheerder cannot add claims on a coach's behalf
    beheer = world.headers("beheerder")
    assert (
        await client.post(f"/api/v1/jobcoaches/{a}/scholingen", headers=beheer, json=scholing)
    ).status_code == 403


async def test_reads_by_others_are_logged_and_exported(client):
    world = await builders.build_world()
    a = world.coach_a["id"]
    before = await Inzagelog.count().where(Inzagelog.jobcoach == a)  # the world's verification read coach A
    await client.get(f"/api/v1/jobcoaches/{a}", headers=world.headers("organisatie"))
    await client.get(f"/api/v1/jobcoaches/{a}", headers=world.headers("beheerder"))
    await client.get(f"/api/v1/jobcoaches/{a}", headers=world.headers("jobcoach"))  # own read: not logged
    assert await Inzagelog.count().where(Inzagelog.jobcoach == a) == before + 2
    export = await client.get(f"/api/v1/jobcoaches/{a}/export", headers=world.headers("jobcoach"))
    assert export.status_code == 200
    body = export.json()
    assert body["jobcoach"]["id"] == a
    purposes = [r["doel"] for r in body["inzage"]]
    assert {"beheer van het register", "werkgever of opdrachtgever"} <= set(purposes)
    assert len(purposes) == before + 2


async def test_the_export_holds_judgements_trajecten_aanvragen_and_accounts(client):
    """AVG art. 15: everything the register holds about the coach, including every judgement of their
    claims with its history, their trajecten and aanvragen, and their accounts (never a hash or secret)."""
    world = await builders.build_world()
    a = world.coach_a["id"]
    keurmerk = await builders.keurmerk(a, verified=False)
    await builders.verify(keurmerk["id"])
    reversed_ = await client.post(
        f"/api/v1/beoordelingen/{keurmerk['id']}/herzieningen",
        headers=world.headers("auditor"),
        json={"besluit": "afgewezen", "toelichting": "Het certificaat blijkt vervalst."},
    )
    assert reversed_.status_code == 201, reversed_.text
    body = (await client.get(f"/api/v1/jobcoaches/{a}/export", headers=world.headers("jobcoach"))).json()
    oordelen = [o for o in body["oordelen"] if o["claim"] == keurmerk["id"]]
    assert [o["oordeel"] for o in oordelen] == ["geverifieerd", "afgewezen"]
    assert oordelen[1]["toelichting"] == "Het certificaat blijkt vervalst."
    assert [t["id"] for t in body["trajecten"]] and all(t["jobcoach"] == a for t in body["trajecten"])
    assert body["aanvragen"] == []  # none name coach A in this world
    assert [acc["gebruikersnaam"] for acc in body["accounts"]] == ["coach-a"]
    assert body["accounts"][0]["email"] == "coach-a@voorbeeld.nl"
    text = str(body)
    assert "wachtwoord" not in text.lower() and "totp_geheim" not in text and "$argon2" not in text


async def test_dienstverband_link_and_end(client):
    world = await builders.build_world()
    org_b = world.headers("organisatie-b")
    a = world.coach_a["id"]
    response = await client.post(
        f"/api/v1/jobcoaches/{a}/dienstverbanden",
        headers=org_b,
        json={"organisatie": world.org_b["id"], "van": "2025-01-01", "soort": "zzp"},
    )
    assert response.status_code == 201, response.text
    dv = response.json()
    url = f"/api/v1/jobcoaches/{a}/dienstverbanden/{dv['id']}"
    end = {"tot": "2025-06-30"}
    # a proposal is refused or confirmed, not ended
    assert (await client.patch(url, headers=org_b, json=end)).status_code == 409
    confirmed = await client.post(
        f"{url}/bevestiging", headers=world.headers("beheerder"), json={"toelichting": "contract gezien"}
    )
    assert confirmed.status_code == 200, confirmed.text
    # organisation A cannot end organisation B's link
    assert (await client.patch(url, headers=world.headers("organisatie"), json=end)).status_code == 403
    ended = await client.patch(url, headers=org_b, json=end)
    assert ended.status_code == 200 and ended.json()["tot"] == "2025-06-30"
    # organisation A cannot link a coach to organisation B
    response = await client.post(
        f"/api/v1/jobcoaches/{a}/dienstverbanden",
        headers=world.headers("organisatie"),
        json={"organisatie": world.org_b["id"], "van": "2026-01-01", "soort": "zzp"},
    )
    assert response.status_code == 403


async def test_profile_update_and_stale_version(client):
    coach = await builders.jobcoach()
    own = await builders.coach_account(coach["id"])
    url = f"/api/v1/jobcoaches/{coach['id']}"
    ok = await client.patch(url, headers=auth(own), json={"telefoon": "0612345678", "versie": 1})
    assert ok.status_code == 200 and ok.json()["versie"] == 2
    stale = await client.patch(url, headers=auth(own), json={"telefoon": "0687654321", "versie": 1})
    assert stale.status_code == 409
    row = await Jobcoach.select(Jobcoach.telefoon).where(Jobcoach.id == coach["id"]).first()
    assert row["telefoon"] == "0612345678"
    bsn = await client.patch(url, headers=auth(own), json={"achternaam": "Jansen 111222333"})
    assert bsn.status_code == 400


async def test_a_second_record_for_a_coachs_address_is_refused_naming_the_coach_to_the_beheerder(client):
    admin = await builders.beheerder()
    eerste = await builders.jobcoach(email="eva@voorbeeld.nl")
    response = await client.post(
        "/api/v1/jobcoaches",
        headers=auth(admin),
        json={"voornaam": "Eva", "achternaam": "Jansen", "email": "EVA@Voorbeeld.nl"},
    )
    assert response.status_code == 409, response.text
    [param] = response.json()["invalidParams"]
    assert param["name"] == "email" and eerste["registratienummer"] in param["reason"]
    assert await Jobcoach.count() == 1
    # compared trimmed as well; the service refuses whoever calls it
    with pytest.raises(Conflict):
        await jobcoaches.create(
            builders.BEHEER, {"voornaam": "Eva", "achternaam": "J", "email": "  eva@VOORBEELD.nl "}
        )
    assert await Jobcoach.count() == 1
    # another address is welcome
    anders = await client.post(
        "/api/v1/jobcoaches",
        headers=auth(admin),
        json={"voornaam": "Eva", "achternaam": "de Boer", "email": "eva.de.boer@voorbeeld.nl"},
    )
    assert anders.status_code == 201
