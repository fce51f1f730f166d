"""The lifecycle of one keurmerk (personal or organisation): its history of status and validity, the form
on which an auditor or beheerder records a scheme decision, and the holder's herregistratie report.

Same service and validation Struct as `POST /api/v1/keurmerken/{id}/statuswijzigingen`."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.controllers.common import values
from api.guards import roles
from api.pages.common import Formulier, page, read_form, terug
from api.schemas import KeurmerkStatuswijzigingInvoer
from register import clock
from register.actor import Actor
from register.services import keurmerken
from register.vocabulary import HERREGISTRATIE, KEURMERK_LEVENSLOOP_STATUSSEN

VELDEN = {
    "status": "Nieuwe status",
    "ingangsdatum": "Ingangsdatum",
    "geldigTot": "Nieuwe einddatum (alleen bij een verlenging)",
    "toelichting": "Toelichting (besluit en reden)",
}


class KeurmerkPages(Controller):
    path = "/keurmerken"
    include_in_schema = False
    guards = [roles("jobcoach", "organisatie", "auditor", "beheerder")]

    async def _render(
        self, request: Request, keurmerk_id: str, form: Formulier, status_code: int = 200
    ) -> Template:
        actor: Actor = request.scope["user"]
        keurmerk, versies, houder = await keurmerken.detail(actor, keurmerk_id)
        return page(
            request,
            "keurmerk/historie.html",
            status_code=status_code,
            keurmerk=keurmerk,
            versies=versies,
            houder=houder,
            beslisser=actor.has("auditor", "beheerder"),
            statussen=KEURMERK_LEVENSLOOP_STATUSSEN,
            herregistratie=HERREGISTRATIE,
            vandaag=clock.today(),
            form=form,
        )

    @get("/{keurmerk_id:str}")
    async def historie(self, request: Request, keurmerk_id: FromPath[str]) -> Template:
        return await self._render(request, keurmerk_id, Formulier(VELDEN, {"ingangsdatum": clock.today()}))

    @post("/{keurmerk_id:str}")
    async def statuswijziging(self, request: Request, keurmerk_id: FromPath[str]) -> Template | Redirect:
        actor: Actor = request.scope["user"]
        raw = {k: v for k, v in (await read_form(request)).items() if v not in ("", None)}
        form = Formulier(VELDEN, raw)
        form.eis(raw, "status", "ingangsdatum")

        async def actie(d: KeurmerkStatuswijzigingInvoer) -> None:
            v = values(d)
            await keurmerken.statuswijziging(
                actor,
                keurmerk_id,
                status=v["status"],
                ingangsdatum=v["ingangsdatum"],
                toelichting=v.get("toelichting"),
                geldig_tot=v.get("geldig_tot"),
            )

        if await form.verwerk(KeurmerkStatuswijzigingInvoer, raw, actie):
            return terug(f"/keurmerken/{keurmerk_id}", "status-gewijzigd")
        return await self._render(
            request, keurmerk_id, form, status_code=409 if form.algemeen and not form.fouten else 400
        )
