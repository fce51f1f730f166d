"""Aanvragen for jobcoach support (issue 14; API.md): draft, submit, assess and decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from api import attestatie
from api.controllers.common import actor_of, paged, values
from api.guards import logged_in, roles
from api.schemas import Lijst
from api.schemas_aanvragen import AanvraagBesluitInvoer, AanvraagInvoer, AanvraagWijziging, VerdagingInvoer
from register.services import aanvragen, doelen
from register.services.aanvragen import AanvraagRecord, AanvraagSamenvatting
from register.services.doelen import Doelenoverzicht

aanvrager = roles("organisatie", "jobcoach")
gemeente = roles("gemeente")
betrokken = roles("organisatie", "jobcoach", "gemeente")


def waarden(data: msgspec.Struct) -> dict[str, Any]:
    """Top-level fields by their Python names; the parts (werknemerprofiel, werkprofiel, match) in the
    API's camelCase names, as the service stores them; fields the client left out are absent."""
    out = values(data)
    for deel in aanvragen.DELEN:
        part = getattr(data, deel, msgspec.UNSET)
        if part is not msgspec.UNSET:
            out[deel] = msgspec.to_builtins(part, builtin_types=(dt.date,))
    return out


class AanvragenController(Controller):
    path = "/api/v1/aanvragen"
    tags = ["Aanvragen"]
    guards = [logged_in]

    @post("", summary="Aanvraag (Matchingsformulier) opstellen", status_code=201, guards=[aanvrager])
    async def create(self, request: Request, data: JSONBody[AanvraagInvoer]) -> AanvraagRecord:
        return await aanvragen.create(actor_of(request), waarden(data))

    @get("", summary="Uw aanvragen (een gemeente: de werkvoorraad op beslistermijn)", guards=[betrokken])
    async def index(
        self, request: Request, status: FromQuery[str | None] = None
    ) -> Lijst[AanvraagSamenvatting]:
        actor = actor_of(request)
        return await paged(
            request,
            AanvraagSamenvatting,
            lambda o, n: aanvragen.list_aanvragen(actor, o, n, status=status),
        )

    @get("/{aanvraag_id:str}", summary="Een aanvraag", guards=[betrokken])
    async def show(self, request: Request, aanvraag_id: FromPath[str]) -> AanvraagRecord:
        return await aanvragen.get(actor_of(request), aanvraag_id)

    @patch("/{aanvraag_id:str}", summary="Aanvraag wijzigen of een vraag beantwoorden", guards=[aanvrager])
    async def update(
        self, request: Request, aanvraag_id: FromPath[str], data: JSONBody[AanvraagWijziging]
    ) -> AanvraagRecord:
        return await aanvragen.update(actor_of(request), aanvraag_id, waarden(data))

    @post("/{aanvraag_id:str}/indiening", summary="Aanvraag indienen", status_code=200, guards=[aanvrager])
    async def dien_in(self, request: Request, aanvraag_id: FromPath[str]) -> AanvraagRecord:
        return await aanvragen.dien_in(actor_of(request), aanvraag_id)

    @post("/{aanvraag_id:str}/intrekking", summary="Aanvraag intrekken", status_code=200, guards=[aanvrager])
    async def trek_in(self, request: Request, aanvraag_id: FromPath[str]) -> AanvraagRecord:
        return await aanvragen.trek_in(actor_of(request), aanvraag_id)

    @post(
        "/{aanvraag_id:str}/behandeling",
        summary="Aanvraag in behandeling nemen",
        status_code=200,
        guards=[gemeente],
    )
    async def behandel(self, request: Request, aanvraag_id: FromPath[str]) -> AanvraagRecord:
        return await aanvragen.neem_in_behandeling(actor_of(request), aanvraag_id)

    @post(
        "/{aanvraag_id:str}/verdaging",
        summary="Beslistermijn eenmaal verdagen (Awb 4:14)",
        status_code=200,
        guards=[gemeente],
    )
    async def verdaag(
        self, request: Request, aanvraag_id: FromPath[str], data: JSONBody[VerdagingInvoer]
    ) -> AanvraagRecord:
        return await aanvragen.verdaag(actor_of(request), aanvraag_id, data.weken, data.reden)

    @post(
        "/{aanvraag_id:str}/besluit",
        summary="Besluit op de aanvraag: toekennen, afwijzen of aanvulling vragen",
        status_code=200,
        guards=[gemeente],
    )
    async def besluit(
        self, request: Request, aanvraag_id: FromPath[str], data: JSONBody[AanvraagBesluitInvoer]
    ) -> AanvraagRecord:
        signer = await attestatie.ondertekenaar(request.app.state.settings.base_url)
        return await aanvragen.besluit(actor_of(request), aanvraag_id, values(data), signer)


@get(
    "/api/v1/doelenoverzicht",
    summary="Coachingsdoelen over de trajecten van uw gemeente: hoeveel zijn behaald",
    tags=["Aanvragen"],
    guards=[logged_in, gemeente],
)
async def doelenoverzicht(request: Request) -> Doelenoverzicht:
    return await doelen.overzicht(sorted(actor_of(request).gemeente_codes))
