"""The public register: search and public profiles, without login (no guard on purpose).

Nothing here can leak: the services return a whitelist of public fields and the response Structs
(api/schemas_publiek.py) hold only those.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get
from litestar.params import FromPath, QueryParameter

from api.controllers.common import paged
from api.schemas import Link, Zoeklijst, to_struct
from api.schemas_publiek import (
    PubliekeJobcoach,
    PubliekeOrganisatie,
    PubliekOrganisatieProfiel,
    ZelfLink,
)
from register.services import publiek

BASE = "/api/v1/register"


async def _gezocht(request: Request, item_type: type, fetch) -> Zoeklijst:
    """`paged` for a search: `fetch(offset, limit) -> (items, aantal, ondergrens)`, the page with
    `aantalIsOndergrens` beside `aantal`."""
    ondergrens = False

    async def page(offset: int, limit: int):
        nonlocal ondergrens
        items, aantal, ondergrens = await fetch(offset, limit)
        return items, aantal

    lijst = await paged(request, item_type, page)
    return Zoeklijst(
        links=lijst.links,
        aantal=lijst.aantal,
        pagina=lijst.pagina,
        pagina_grootte=lijst.pagina_grootte,
        resultaten=lijst.resultaten,
        aantal_is_ondergrens=ondergrens,
    )


Zoek = Annotated[
    str | None,
    QueryParameter(
        description="Naam of registratienummer; hoofdletters, accenten, woordvolgorde en kleine tikfouten "
        "maken niet uit.",
    ),
]
GemeenteFilter = Annotated[
    str | None, QueryParameter(description="CBS-gemeentecode van het werkgebied, zoals GM0599.")
]
RegioFilter = Annotated[
    str | None,
    QueryParameter(description="Code van de arbeidsmarktregio van het werkgebied, zoals rijnmond."),
]


def _coach_link(nummer: str) -> ZelfLink:
    return ZelfLink(self=Link(href=f"{BASE}/jobcoaches/{nummer}"))


def _org_link(organisatie_id: str) -> ZelfLink:
    return ZelfLink(self=Link(href=f"{BASE}/organisaties/{organisatie_id}"))


class PubliekRegisterController(Controller):
    path = BASE
    tags = ["Openbaar register"]

    @get(
        "/jobcoaches",
        summary="Jobcoaches zoeken in het openbare register",
        description="Alleen jobcoaches met status actief of geschorst, met alleen openbare gegevens en "
        "geverifieerde keurmerken. Geen inlog nodig.",
    )
    async def jobcoaches(
        self,
        request: Request,
        zoek: Zoek = None,
        gemeente: GemeenteFilter = None,
        arbeidsmarktregio: RegioFilter = None,
        schema: Annotated[
            str | None, QueryParameter(description="Persoonsregister: noloc of nvs (geldig en geverifieerd).")
        ] = None,
    ) -> Zoeklijst[PubliekeJobcoach]:
        filters = await publiek.check_filters(
            "jobcoach",
            {"zoek": zoek, "gemeente": gemeente, "arbeidsmarktregio": arbeidsmarktregio, "schema": schema},
        )
        lijst = await _gezocht(request, PubliekeJobcoach, lambda o, n: publiek.zoek_jobcoaches(filters, o, n))
        for item in lijst.resultaten:
            item.links = _coach_link(item.registratienummer)
        return lijst

    @get("/jobcoaches/{registratienummer:str}", summary="Openbaar profiel van een jobcoach")
    async def jobcoach(self, registratienummer: FromPath[str]) -> PubliekeJobcoach:
        result = to_struct(PubliekeJobcoach, await publiek.jobcoach_profiel(registratienummer))
        result.links = _coach_link(result.registratienummer)
        return result

    @get(
        "/organisaties",
        summary="Jobcoachorganisaties zoeken in het openbare register",
        description="Alleen openbare gegevens en geverifieerde keurmerken. Geen inlog nodig.",
    )
    async def organisaties(
        self,
        request: Request,
        zoek: Zoek = None,
        gemeente: GemeenteFilter = None,
        arbeidsmarktregio: RegioFilter = None,
        schema: Annotated[
            str | None,
            QueryParameter(description="Keurmerk: blik-op-werk, oval of uwv (geldig en geverifieerd)."),
        ] = None,
        kvk_nummer: Annotated[
            str | None,
            QueryParameter(
                name="kvkNummer",
                required=False,
                max_length=20,
                description="Het KvK-nummer (8 cijfers): de organisatie met dit nummer, met haar id.",
            ),
        ] = None,
    ) -> Zoeklijst[PubliekeOrganisatie]:
        filters = await publiek.check_filters(
            "organisatie",
            {
                "zoek": zoek,
                "gemeente": gemeente,
                "arbeidsmarktregio": arbeidsmarktregio,
                "schema": schema,
                "kvk_nummer": kvk_nummer,
            },
        )
        lijst = await _gezocht(
            request, PubliekeOrganisatie, lambda o, n: publiek.zoek_organisaties(filters, o, n)
        )
        for item in lijst.resultaten:
            item.links = _org_link(item.id)
        return lijst

    @get("/organisaties/{organisatie_id:str}", summary="Openbaar profiel van een organisatie")
    async def organisatie(self, organisatie_id: FromPath[str]) -> PubliekOrganisatieProfiel:
        result = to_struct(PubliekOrganisatieProfiel, await publiek.organisatie_profiel(organisatie_id))
        result.links = _org_link(result.id)
        return result
