"""Webhook subscriptions of a gemeente's case system (issue 15): subscribe, list, end, the delivery log."""

from __future__ import annotations

import dataclasses

from litestar import Controller, Request, delete, get, post
from litestar.params import FromPath, JSONBody
from msgspec import UNSET

from api.controllers.common import actor_of, paged
from api.guards import roles
from api.schemas import Lijst, to_struct
from api.schemas_berichten import (
    Abonnement,
    AbonnementInvoer,
    Aflevering,
    NieuwAbonnement,
    WebhookTypen,
    WebhookTypeUitvoer,
)
from register.services import abonnementen
from register.vocabulary import WEBHOOK_TYPEN


class AbonnementenController(Controller):
    path = "/api/v1/abonnementen"
    tags = ["Abonnementen"]
    guards = [roles("gemeente")]

    @post("", summary="Abonneren op meldingen (webhooks)", status_code=201)
    async def create(self, request: Request, data: JSONBody[AbonnementInvoer]) -> NieuwAbonnement:
        record, geheim = await abonnementen.maak(
            actor_of(request),
            data.url,
            None if data.typen is UNSET else list(data.typen),
            http_loopback=request.app.state.settings.webhook_http_loopback,
        )
        return to_struct(NieuwAbonnement, {**dataclasses.asdict(record), "geheim": geheim})

    @get("", summary="Abonnementen van de gemeente")
    async def index(self, request: Request) -> Lijst[Abonnement]:
        items = [dataclasses.asdict(r) for r in await abonnementen.lijst(actor_of(request))]

        async def fetch(offset: int, limit: int):
            return items[offset : offset + limit], len(items)

        return await paged(request, Abonnement, fetch)

    @get("/typen", summary="Soorten meldingen")
    async def typen(self) -> WebhookTypen:
        return WebhookTypen(
            typen=[WebhookTypeUitvoer(type=c.code, naam=c.label, omschrijving=c.uitleg) for c in WEBHOOK_TYPEN.items]
        )

    @get("/{abonnement_id:str}", summary="Abonnement")
    async def show(self, request: Request, abonnement_id: FromPath[str]) -> Abonnement:
        return to_struct(Abonnement, dataclasses.asdict(await abonnementen.toon(actor_of(request), abonnement_id)))

    @delete("/{abonnement_id:str}", summary="Abonnement beëindigen", status_code=204)
    async def remove(self, request: Request, abonnement_id: FromPath[str]) -> None:
        await abonnementen.verwijder(actor_of(request), abonnement_id)

    @get("/{abonnement_id:str}/afleveringen", summary="Afleveringen van een abonnement")
    async def deliveries(self, request: Request, abonnement_id: FromPath[str]) -> Lijst[Aflevering]:
        actor = actor_of(request)

        async def fetch(offset: int, limit: int):
            items, totaal = await abonnementen.afleveringen(actor, abonnement_id, offset, limit)
            return [dataclasses.asdict(i) for i in items], totaal

        return await paged(request, Aflevering, fetch)
