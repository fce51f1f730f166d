"""Accounts and gemeenten (beheerder)."""

from __future__ import annotations

from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, JSONBody
from msgspec import UNSET

from api.controllers.common import actor_of, paged, values
from api.guards import logged_in, roles
from api.schemas import (
    Gebruiker,
    GebruikerInvoer,
    GebruikerWijziging,
    GemeenteInvoer,
    GemeenteUitvoer,
    Lijst,
    to_struct,
)
from register.services import accounts, gemeenten, uitnodigingen

beheerder = roles("beheerder")


def _rollen(items) -> list[accounts.RolInvoer]:
    return [
        accounts.RolInvoer(rol=r.rol, jobcoach=r.jobcoach, organisatie=r.organisatie, gemeente=r.gemeente)
        for r in items
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

        return await paged(request, Gebruiker, fetch)

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
