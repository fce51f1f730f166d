"""The lifecycle of a keurmerk (personal or organisation): scheme decisions kept as history."""

from __future__ import annotations

import dataclasses

from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody

from api.controllers.common import actor_of, paged, values
from api.guards import logged_in, roles
from api.schemas import Keurmerk, KeurmerkStatuswijzigingInvoer, KeurmerkVersie, Lijst, to_struct
from register.services import keurmerken

betrokkenen = roles("jobcoach", "organisatie", "auditor", "beheerder")


class KeurmerkenController(Controller):
    path = "/api/v1/keurmerken"
    tags = ["Keurmerken"]
    guards = [logged_in]

    @post(
        "/{keurmerk_id:str}/statuswijzigingen",
        summary="Statuswijziging van een keurmerk vastleggen",
        description="Een auditor of beheerder legt een besluit van de registerhouder vast (actief, "
        "herregistratie-in-behandeling, geschorst, ingetrokken) vanaf een ingangsdatum; de houder meldt "
        "alleen herregistratie-in-behandeling, vanaf vandaag. Eerdere versies blijven bewaard.",
        status_code=201,
        guards=[betrokkenen],
    )
    async def statuswijziging(
        self, request: Request, keurmerk_id: FromPath[str], data: JSONBody[KeurmerkStatuswijzigingInvoer]
    ) -> Keurmerk:
        v = values(data)
        return to_struct(
            Keurmerk,
            await keurmerken.statuswijziging(
                actor_of(request),
                keurmerk_id,
                status=v["status"],
                ingangsdatum=v["ingangsdatum"],
                toelichting=v.get("toelichting"),
                geldig_tot=v.get("geldig_tot"),
            ),
        )

    @get(
        "/{keurmerk_id:str}/statuswijzigingen",
        summary="Historie van een keurmerk",
        description="Alle versies van status en geldigheid, oudste ingangsdatum eerst, als gepagineerde lijst "
        "zoals de andere lijsten (`pagina`, `paginaGrootte`).",
        guards=[betrokkenen],
    )
    async def historie(self, request: Request, keurmerk_id: FromPath[str]) -> Lijst[KeurmerkVersie]:
        actor = actor_of(request)

        async def fetch(offset: int, limit: int) -> tuple[list[dict], int]:
            versies = await keurmerken.historie_voor(actor, keurmerk_id)  # checks access, logs the read once
            return [dataclasses.asdict(v) for v in versies[offset : offset + limit]], len(versies)

        return await paged(request, KeurmerkVersie, fetch)
