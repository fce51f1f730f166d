"""Accounts and gemeenten (beheerder)."""

from __future__ import annotations

import dataclasses

from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, JSONBody
from msgspec import UNSET

from api.controllers.common import actor_of, paged, paged_of_tabel, values
from api.guards import logged_in, roles
from api.schemas import (
    Applicatie,
    ApplicatieInvoer,
    Gebruiker,
    GebruikerInvoer,
    GebruikerWijziging,
    GemeenteInvoer,
    GemeenteUitvoer,
    Lijst,
    to_struct,
)
from register.services import accounts, applicaties, gemeenten, uitnodigingen

beheerder = roles("beheerder")


def _rollen(items) -> list[accounts.RolInvoer]:
    return [
        accounts.RolInvoer(rol=r.rol, jobcoach=r.jobcoach, organisatie=r.organisatie, gemeente=r.gemeente)
        for r in items
    ]


def _rol_tekst(rol) -> str:
    """`gemeente GM0599`, `jobcoach <id>`, `beheerder`: a role as one spreadsheet cell."""
    return " ".join(str(v) for v in (rol.rol, rol.gemeente, rol.jobcoach, rol.organisatie) if v)


GEBRUIKER_KOLOMMEN = [
    ("Gebruikersnaam", "gebruikersnaam"),
    ("E-mail", "email"),
    ("Actief", "actief"),
    ("Rollen", lambda g: ", ".join(_rol_tekst(r) for r in g.rollen)),
]


class GebruikersController(Controller):
    path = "/api/v1/gebruikers"
    tags = ["Accounts"]
    guards = [beheerder]

    @post("", summary="Account aanmaken (zonder wachtwoord: uitnodiging per e-mail)", status_code=201)
    async def create(self, request: Request, data: JSONBody[GebruikerInvoer]) -> Gebruiker:
        if data.wachtwoord is UNSET:
            view = await uitnodigingen.invite(
                actor_of(request), data.gebruikersnaam, data.email, _rollen(data.rollen)
            )
        else:
            view = await accounts.create_account(
                actor_of(request), data.gebruikersnaam, data.wachtwoord, data.email, _rollen(data.rollen)
            )
        return to_struct(Gebruiker, view)

    @get("", summary="Accounts")
    async def index(self, request: Request) -> Lijst[Gebruiker]:
        async def fetch(offset, limit):
            items = await accounts.list_accounts()
            return items[offset : offset + limit], len(items)

        return await paged_of_tabel(
            request,
            Gebruiker,
            fetch,
            "accounts",
            GEBRUIKER_KOLOMMEN,
        )

    @get("/{gebruiker_id:str}", summary="Account")
    async def show(self, gebruiker_id: FromPath[str]) -> Gebruiker:
        return to_struct(Gebruiker, await accounts.account_view(gebruiker_id))

    @patch("/{gebruiker_id:str}", summary="Account (de)activeren of rollen wijzigen")
    async def update(
        self, request: Request, gebruiker_id: FromPath[str], data: JSONBody[GebruikerWijziging]
    ) -> Gebruiker:
        actor = actor_of(request)
        changes = values(data)
        view = await accounts.account_view(gebruiker_id)
        if "rollen" in changes:
            view = await accounts.set_roles(actor, gebruiker_id, _rollen(data.rollen))
        if "actief" in changes:
            view = await accounts.set_active(actor, gebruiker_id, changes["actief"])
        return to_struct(Gebruiker, view)


class GemeentenController(Controller):
    path = "/api/v1/gemeenten"
    tags = ["Gemeenten"]

    @post("", summary="Gemeente toevoegen", status_code=201, guards=[beheerder])
    async def create(self, request: Request, data: JSONBody[GemeenteInvoer]) -> GemeenteUitvoer:
        return to_struct(GemeenteUitvoer, await gemeenten.create(actor_of(request), values(data)))

    @get("", summary="Gemeenten", guards=[logged_in])
    async def index(self, request: Request) -> Lijst[GemeenteUitvoer]:
        return await paged(request, GemeenteUitvoer, gemeenten.list_gemeenten)


def _applicatie_dict(gegevens: applicaties.ApplicatieGegevens) -> dict:
    data = dataclasses.asdict(gegevens)
    if data["client_secret"] is None:
        del data["client_secret"]
    return data


def _applicatie(gegevens: applicaties.ApplicatieGegevens) -> Applicatie:
    return to_struct(Applicatie, _applicatie_dict(gegevens))


class ApplicatiesController(Controller):
    """API clients of gemeenten (case systems) with client credentials (issue 16)."""

    path = "/api/v1/applicaties"
    tags = ["Accounts"]
    guards = [beheerder]

    @post(
        "",
        summary="Applicatie registreren",
        description="Registreert een applicatie (zaaksysteem) van een gemeente. Het antwoord bevat het "
        "clientSecret: alleen nu te zien, het register bewaart alleen een hash.",
        status_code=201,
    )
    async def create(self, request: Request, data: JSONBody[ApplicatieInvoer]) -> Applicatie:
        rollen = [accounts.RolInvoer(rol=r.rol, gemeente=r.gemeente) for r in data.rollen]
        made = await applicaties.registreer(actor_of(request), data.naam, rollen)
        return _applicatie(made)

    @get("", summary="Applicaties")
    async def index(self, request: Request) -> Lijst[Applicatie]:
        async def fetch(offset, limit):
            items = [_applicatie_dict(a) for a in await applicaties.lijst()]
            return items[offset : offset + limit], len(items)

        return await paged(request, Applicatie, fetch)

    @post(
        "/{applicatie_id:str}/geheim",
        summary="Nieuw clientSecret (roteren)",
        description="Het oude geheim werkt meteen niet meer en de tokens van de applicatie vervallen.",
        status_code=200,
    )
    async def rotate(self, request: Request, applicatie_id: FromPath[str]) -> Applicatie:
        return _applicatie(await applicaties.roteer(actor_of(request), applicatie_id))

    @post(
        "/{applicatie_id:str}/intrekken",
        summary="Applicatie intrekken",
        description="Het geheim werkt niet meer en alle tokens van de applicatie vervallen.",
        status_code=204,
    )
    async def revoke(self, request: Request, applicatie_id: FromPath[str]) -> None:
        await applicaties.trek_in(actor_of(request), applicatie_id)
