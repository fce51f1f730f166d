"""Gemeenten over time (issue #16, case 10): a gemeente that has ended (GM0370 Beemster, ended 2021-12-31,
went into GM0439 Purmerend) is refused for a new traject, werkgebied or gemeente account, with the
successor's name in the message; a traject recorded before keeps its code; `import-gemeenten` reads the
list with successors."""

from __future__ import annotations

import pytest

from register import clock
from register.actor import SYSTEEM, Actor, Rol
from register.errors import InvalidInput
from register.services import gemeenten, trajecten
from register.tables import Gemeente
from tests import builders
from tests.helpers import invalid_params

VOOR = "code;naam;ingangsdatum;einddatum;opvolger\nGM0439;Purmerend;;;\nGM0370;Beemster;;;\n"
NA = "code;naam;ingangsdatum;einddatum;opvolger\nGM0439;Purmerend;;;\nGM0370;Beemster;;2021-12-31;GM0439\n"
BEEMSTER = Actor(None, "beemster", (Rol("gemeente", gemeente="GM0370"),))


async def _herindeling(world) -> dict:
    """Beemster with a traject, then the herindeling imported; the traject made before it."""
    await gemeenten.import_rows(SYSTEEM, gemeenten.parse_csv(VOOR))
    made = await trajecten.create(BEEMSTER, _traject(world))
    await gemeenten.import_rows(SYSTEEM, gemeenten.parse_csv(NA))
    return made


def _traject(world) -> dict:
    return {
        "gemeente": "GM0370",
        "referentie": "BEEMSTER-1",
        "werkgever": "Kaasboerderij",
        "startdatum": clock.today(),
        "regime": "midden",
        "contracturen": 16.0,
        "jobcoach": world.coach_a["id"],
        "organisatie": world.org_a["id"],
    }


async def test_the_import_reads_successors(db):
    await gemeenten.import_rows(SYSTEEM, gemeenten.parse_csv(NA))
    row = await Gemeente.select().where(Gemeente.code == "GM0370").first()
    assert (str(row["einddatum"]), row["opvolger"]) == ("2021-12-31", "GM0439")
    with pytest.raises(InvalidInput, match="opvolger"):
        await gemeenten.import_rows(
            SYSTEEM,
            gemeenten.parse_csv("code;naam;einddatum;opvolger\nGM0370;Beemster;2021-12-31;GM9999\n"),
        )


async def test_a_new_traject_refuses_an_ended_gemeente_and_names_the_successor(db):
    world = await builders.build_world()
    made = await _herindeling(world)
    with pytest.raises(InvalidInput) as refused:
        await trajecten.create(BEEMSTER, {**_traject(world), "referentie": "BEEMSTER-2"})
    reason = {e.name: e.reason for e in refused.value.errors}["gemeente"]
    assert "GM0370 (Beemster)" in reason and "1 januari 2022" in reason and "GM0439 (Purmerend)" in reason
    # the traject recorded before the herindeling keeps its code
    assert (await trajecten.get(BEEMSTER, made["id"]))["gemeente"] == "GM0370"


async def test_werkgebied_and_accounts_refuse_an_ended_gemeente(client):
    world = await builders.build_world()
    await _herindeling(world)
    admin = world.headers("beheerder")
    coach = await client.post(
        "/api/v1/jobcoaches",
        headers=admin,
        json={"voornaam": "Bo", "achternaam": "Kaas", "email": "bo@voorbeeld.nl", "werkgebied": ["GM0370"]},
    )
    assert coach.status_code == 400, coach.text
    assert "Purmerend" in invalid_params(coach)["werkgebied[0]"]
    ok = await client.post(
        "/api/v1/jobcoaches",
        headers=admin,
        json={"voornaam": "Bo", "achternaam": "Kaas", "email": "bo@voorbeeld.nl", "werkgebied": ["GM0439"]},
    )
    assert ok.status_code == 201, ok.text
    account = await client.post(
        "/api/v1/gebruikers",
        headers=admin,
        json={
            "gebruikersnaam": "beemster",
            "wachtwoord": "een-lang-genoeg-wachtwoord-2026",
            "email": "beemster@voorbeeld.nl",
            "rollen": [{"rol": "gemeente", "gemeente": "GM0370"}],
        },
    )
    assert account.status_code == 400, account.text
    assert any("Purmerend" in reason for reason in invalid_params(account).values())


async def test_a_werkgebied_that_already_held_the_code_may_keep_it(client):
    world = await builders.build_world()
    await gemeenten.import_rows(SYSTEEM, gemeenten.parse_csv(VOOR))
    coach = await builders.jobcoach(werkgebied=["GM0370"])
    await gemeenten.import_rows(SYSTEEM, gemeenten.parse_csv(NA))
    kept = await client.patch(
        f"/api/v1/jobcoaches/{coach['id']}",
        headers=world.headers("beheerder"),
        json={"werkgebied": ["GM0370", "GM0439"]},
    )
    assert kept.status_code == 200, kept.text
