"""Builders for test data, going through the real services (so the audit log is written too)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from api.tokens import TokenService
from register.actor import SYSTEEM, Actor, Rol
from register.services import accounts, beoordelingen, gemeenten, jobcoaches, organisaties
from tests.conftest import BASE_URL, SECRET

PASSWORD = "correct-horse-battery-staple"
BEHEER = Actor(account_id=None, gebruikersnaam="test-beheer", rollen=(Rol("beheerder"),))
_kvk = itertools.count(10000000)
_names = itertools.count(1)


async def gemeente(code: str = "GM0599", naam: str = "Rotterdam") -> str:
    if not await gemeenten.known_codes([code]):
        await gemeenten.create(SYSTEEM, {"code": code, "naam": naam, "ingangsdatum": None, "einddatum": None})
    return code


async def organisatie(**overrides: Any) -> dict[str, Any]:
    values = {
        "naam": f"Organisatie {next(_names)}",
        "kvk_nummer": str(next(_kvk)),
        "postcode": "3011 AB",
        "plaats": "Rotterdam",
        "website": None,
        "werkgebied": [],
    }
    values.update(overrides)
    return await organisaties.create(BEHEER, values)


async def jobcoach(**overrides: Any) -> dict[str, Any]:
    n = next(_names)
    values = {
        "voornaam": "Coach",
        "achternaam": f"Nummer{n}",
        "email": f"coach{n}@voorbeeld.nl",
        "telefoon": None,
        "werkgebied": [],
    }
    values.update(overrides)
    return await jobcoaches.create(BEHEER, values)


async def account(*rollen: accounts.RolInvoer, name: str | None = None) -> dict[str, Any]:
    name = name or f"gebruiker{next(_names)}"
    return await accounts.create_account(BEHEER, name, PASSWORD, f"{name}@voorbeeld.nl", list(rollen))


def actor_for(view: dict[str, Any]) -> Actor:
    return Actor(view["id"], view["gebruikersnaam"], tuple(Rol(**r) for r in view["rollen"]))


def token_for(view: dict[str, Any], versie: int = 1) -> str:
    return TokenService(SECRET, BASE_URL).issue(view["id"], versie)


def auth(view: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(view)}"}


async def beheerder() -> dict[str, Any]:
    return await account(accounts.RolInvoer("beheerder"))


async def auditor(jobcoach_id: str | None = None) -> dict[str, Any]:
    return await account(accounts.RolInvoer("auditor", jobcoach=jobcoach_id))


async def coach_account(jobcoach_id: str) -> dict[str, Any]:
    return await account(accounts.RolInvoer("jobcoach", jobcoach=jobcoach_id))


async def org_account(organisatie_id: str) -> dict[str, Any]:
    return await account(accounts.RolInvoer("organisatie", organisatie=organisatie_id))


async def gemeente_account(code: str) -> dict[str, Any]:
    await gemeente(code)
    return await account(accounts.RolInvoer("gemeente", gemeente=code))


async def verify(claim_id: str) -> None:
    """Verify a claim as an independent auditor."""
    view = await auditor()
    await beoordelingen.beoordeel(actor_for(view), claim_id, "geverifieerd", "gecontroleerd")


def days_ago(n: int) -> dt.date:
    from register import clock

    return clock.today() - dt.timedelta(days=n)


async def csrf_token(client, headers: dict[str, str] | None = None) -> str:
    """Fetch a page so the CSRF cookie is set, and return the token its forms carry."""
    import re

    response = await client.get("/inloggen", headers=headers or {})
    match = re.search(r'name="_csrf_token" value="([^"]+)"', response.text)
    assert match, "the page has no CSRF field"
    return match.group(1)
