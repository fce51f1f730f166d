"""A small register with one actor per role, used by the authorization matrix and object-level tests.

Coach A works for organisation A, coach B for organisation B; gemeente X is GM0599, gemeente Y GM0363.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from register.services import accounts
from tests import factories as f


@dataclass
class World:
    coach_a: dict[str, Any]
    coach_b: dict[str, Any]
    org_a: dict[str, Any]
    org_b: dict[str, Any]
    accounts: dict[str, dict[str, Any]]
    ids: dict[str, str] = field(default_factory=dict)

    def headers(self, role: str) -> dict[str, str]:
        """The Bearer token for the API."""
        return {} if role == "anoniem" else f.auth(self.accounts[role])

    def log_in_pages(self, client, role: str) -> None:
        """Pages read the session cookie (and never a Bearer token)."""
        client.cookies.clear()
        if role != "anoniem":
            client.cookies.set("sessie", f.token_for(self.accounts[role]))


async def build_world() -> World:
    await f.gemeente("GM0599", "Rotterdam")
    await f.gemeente("GM0363", "Amsterdam")
    org_a = await f.organisatie(naam="Organisatie A")
    org_b = await f.organisatie(naam="Organisatie B")
    coach_a = await f.jobcoach(voornaam="Anna", achternaam="Aalbers")
    coach_b = await f.jobcoach(voornaam="Bram", achternaam="Bos")
    import datetime as dt

    from register.services import jobcoaches

    start = dt.date(2024, 1, 1)
    await jobcoaches.add_dienstverband(
        f.BEHEER, coach_a["id"], {"organisatie": org_a["id"], "van": start, "tot": None, "soort": "in-dienst"}
    )
    await jobcoaches.add_dienstverband(
        f.BEHEER, coach_b["id"], {"organisatie": org_b["id"], "van": start, "tot": None, "soort": "in-dienst"}
    )
    made = {
        "jobcoach": await f.account(accounts.RolInvoer("jobcoach", jobcoach=coach_a["id"]), name="coach-a"),
        "jobcoach-b": await f.account(accounts.RolInvoer("jobcoach", jobcoach=coach_b["id"]), name="coach-b"),
        "organisatie": await f.account(
            accounts.RolInvoer("organisatie", organisatie=org_a["id"]), name="org-a"
        ),
        "organisatie-b": await f.account(
            accounts.RolInvoer("organisatie", organisatie=org_b["id"]), name="org-b"
        ),
        "auditor": await f.account(accounts.RolInvoer("auditor"), name="auditor"),
        "gemeente": await f.account(accounts.RolInvoer("gemeente", gemeente="GM0599"), name="gemeente-x"),
        "gemeente-y": await f.account(accounts.RolInvoer("gemeente", gemeente="GM0363"), name="gemeente-y"),
        "beheerder": await f.account(accounts.RolInvoer("beheerder"), name="beheerder"),
    }
    world = World(coach_a=coach_a, coach_b=coach_b, org_a=org_a, org_b=org_b, accounts=made)
    await _traject(world)
    return world


async def _traject(world: World) -> None:
    """Traject T of gemeente X with coach A and organisation A, one verification and its report schedule."""
    from api import attestatie
    from register import clock
    from register.services import trajecten, verificaties
    from register.tables import Rapportage

    gemeente_x = f.actor_for(world.accounts["gemeente"])
    traject = await trajecten.create(
        gemeente_x,
        {
            "gemeente": "GM0599",
            "referentie": "T-1",
            "werkgever": "Werkgever T",
            "startdatum": clock.today(),
            "regime": "midden",
            "contracturen": 24.0,
            "jobcoach": world.coach_a["id"],
            "organisatie": world.org_a["id"],
        },
    )
    signer = await attestatie.ondertekenaar("http://testserver.local")
    [verificatie] = await verificaties.verify(gemeente_x, [traject["id"]], None, signer)
    rapportage = await Rapportage.select(Rapportage.id).where(Rapportage.traject == traject["id"]).first()
    world.ids |= {
        "traject": traject["id"],
        "verificatie": verificatie["id"],
        "rapportage": str(rapportage["id"]),
    }
