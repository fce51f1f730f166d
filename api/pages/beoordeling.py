"""A claim's page (opleiding, keurmerk or scholing): its current judgement with the history of every
change (who, when, why), and for an auditor the form that reverses it (a forged certificate found).

Same services and validation Struct as `GET /api/v1/beoordelingen/{id}/historie` and
`POST /api/v1/beoordelingen/{id}/herzieningen`."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.guards import roles
from api.pages.common import Formulier, page, read_form, terug
from api.schemas_audits import HerzieningInvoer
from register.actor import Actor
from register.services import beoordelingen

VELDEN = {"besluit": "Nieuw oordeel", "toelichting": "Reden van de herziening"}


class BeoordelingPages(Controller):
    path = "/beoordelingen"
    include_in_schema = False
    guards = [roles("jobcoach", "organisatie", "auditor", "beheerder")]

    async def _render(self, request: Request, object_id: str, form: Formulier, status_code: int = 200) -> Template:
        actor: Actor = request.scope["user"]
        claim = await beoordelingen.oordeelhistorie(actor, object_id)
        return page(
            request,
            "beoordeling.html",
            status_code=status_code,
            claim=claim,
            auditor=actor.has("auditor"),
            form=form,
        )

    @get("/{object_id:str}")
    async def historie(self, request: Request, object_id: FromPath[str]) -> Template:
        return await self._render(request, object_id, Formulier(VELDEN, {}))

    @post("/{object_id:str}", guards=[roles("auditor")])
    async def herzien(self, request: Request, object_id: FromPath[str]) -> Template | Redirect:
        actor: Actor = request.scope["user"]
        raw = {k: v for k, v in (await read_form(request)).items() if v not in ("", None)}
        form = Formulier(VELDEN, raw)
        form.eis(raw, "besluit", "toelichting")

        async def actie(d: HerzieningInvoer) -> None:
            await beoordelingen.herzie(actor, object_id, d.besluit, d.toelichting)

        if await form.verwerk(HerzieningInvoer, raw, actie):
            return terug(f"/beoordelingen/{object_id}", "oordeel-herzien")
        return await self._render(
            request, object_id, form, status_code=409 if form.algemeen and not form.fouten else 400
        )
