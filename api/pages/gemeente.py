"""Pages for gemeente employees: their trajecten with the qualification status at a glance, a traject
page (hours per year against the budget, the report schedule, verify, decide), the verdict criterion by
criterion, and a printable, signed verification statement."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api import attestatie
from api.guards import roles
from api.pages.common import errors_by_field, form_data, page, parse_form
from api.pages.overzicht import gemeente_grafieken
from api.schemas_trajecten import BesluitInvoer, TrajectInvoer, VerificatieInvoer
from register import clock
from register.errors import Forbidden, InvalidInput
from register.opmaak import getal
from register.rules.keurmerken import weergave_code
from register.rules.uren import BASISBUDGET
from register.services import gemeenten, signalen, trajecten, verificaties
from register.vocabulary import GEVERIFIEERD, REGIMES

PAGE_SIZE = 50
MELDINGEN = {
    "aangemaakt": "Het traject is geregistreerd.",
    "besluit": "Het besluit is vastgelegd.",
}


def _pagina(request: Request) -> int:
    raw = request.query_params.get("pagina", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


class GemeentePages(Controller):
    include_in_schema = False
    guards = [roles("gemeente")]

    @get("/gemeente")
    async def overview(self, request: Request) -> Template:
        actor = request.scope["user"]
        pagina = _pagina(request)
        items, total = await trajecten.list_trajecten(actor, (pagina - 1) * PAGE_SIZE, PAGE_SIZE)
        meldingen, _ = await signalen.list_for(actor, 0, 20)
        return page(
            request,
            "gemeente/overzicht.html",
            trajecten=items,
            totaal=total,
            pagina=pagina,
            laatste_pagina=max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE),
            signalen=[s for s in meldingen if s["ontvanger_rol"] == "gemeente"],
            gemeenten=sorted(actor.gemeente_codes),
            gemeente_namen=await gemeenten.namen(sorted(actor.gemeente_codes)),
            grafieken=await gemeente_grafieken(sorted(actor.gemeente_codes)),
        )

    # --- a new traject ---------------------------------------------------------------------------

    async def _form(
        self, request: Request, values: dict[str, Any], fouten: dict[str, str], status: int = 200
    ) -> Template:
        actor = request.scope["user"]
        return page(
            request,
            "gemeente/traject_nieuw.html",
            status_code=status,
            waarden=values,
            fouten=fouten,
            gemeenten=sorted(actor.gemeente_codes),
            gemeente_namen=await gemeenten.namen(sorted(actor.gemeente_codes)),
            regimes=regime_keuzes(),
        )

    @get("/gemeente/trajecten/nieuw")
    async def new(self, request: Request) -> Template:
        actor = request.scope["user"]
        return await self._form(request, {"gemeente": min(actor.gemeente_codes), "regime": "midden"}, {})

    @post("/gemeente/trajecten/nieuw")
    async def create(self, request: Request) -> Template | Redirect:
        actor = request.scope["user"]
        raw = {k: str(v) for k, v in (await form_data(request)).items()}
        coach_id, org_id = await trajecten.resolve_partijen(
            raw.get("registratienummer", ""), raw.get("kvkNummer", "")
        )
        payload = {k: v for k, v in raw.items() if k not in ("registratienummer", "kvkNummer")}
        payload["jobcoach"] = coach_id or "onbekend"
        payload["organisatie"] = org_id or "onbekend"
        data, fouten = parse_form(TrajectInvoer, payload)
        if not coach_id:
            fouten["registratienummer"] = "er is geen jobcoach met dit registratienummer (zoals JC-000123)"
        if not org_id:
            fouten["kvkNummer"] = "er is geen organisatie met dit KvK-nummer in het register"
        if data is not None and not fouten:
            try:
                created = await trajecten.create(actor, {k: getattr(data, k) for k in data.__struct_fields__})
            except InvalidInput as exc:
                fouten = _rename(errors_by_field(exc.errors))
            except Forbidden as exc:
                fouten = {"gemeente": exc.detail}
            else:
                return Redirect(
                    path=f"/gemeente/trajecten/{created['id']}?melding=aangemaakt", status_code=303
                )
        return await self._form(request, raw, _rename(fouten), status=400)

    # --- one traject -----------------------------------------------------------------------------

    async def _traject_page(
        self, request: Request, traject_id: str, status: int = 200, **extra: Any
    ) -> Template:
        actor = request.scope["user"]
        traject = await trajecten.get(actor, traject_id)
        if traject["gemeente"] not in actor.gemeente_codes:
            raise Forbidden("Deze pagina is voor de gemeente van het traject.")
        lijst = await verificaties.for_traject(traject["id"])
        context = {
            "traject": traject,
            "verificaties": lijst,
            "vandaag": clock.today(),
            "melding": MELDINGEN.get(request.query_params.get("melding", "")),
            "fouten": {},
            "waarden": {"verificatie": lijst[0].id if lijst else ""},
            "gemeente_namen": await gemeenten.namen([traject["gemeente"]]),
        }
        context.update(extra)
        return page(request, "gemeente/traject.html", status_code=status, **context)

    @get("/gemeente/trajecten/{traject_id:str}")
    async def traject(self, request: Request, traject_id: FromPath[str]) -> Template:
        return await self._traject_page(request, traject_id)

    @post("/gemeente/trajecten/{traject_id:str}/verificaties")
    async def verify(self, request: Request, traject_id: FromPath[str]) -> Template | Redirect:
        actor = request.scope["user"]
        raw = {k: str(v) for k, v in (await form_data(request)).items()}
        data, fouten = parse_form(VerificatieInvoer, raw)
        if data is not None:
            try:
                signer = await attestatie.ondertekenaar(request.app.state.settings.base_url)
                [result] = await verificaties.verify(actor, [traject_id], data.peildatum, signer)
            except InvalidInput as exc:
                fouten = errors_by_field(exc.errors)
            else:
                return Redirect(path=f"/gemeente/verificaties/{result.id}", status_code=303)
        return await self._traject_page(
            request, traject_id, status=400, verifieer_fouten=fouten, peildatum=raw.get("peildatum", "")
        )

    @post("/gemeente/trajecten/{traject_id:str}/besluit")
    async def decide(self, request: Request, traject_id: FromPath[str]) -> Template | Redirect:
        actor = request.scope["user"]
        raw = {k: str(v) for k, v in (await form_data(request)).items()}
        data, fouten = parse_form(BesluitInvoer, raw)
        if data is not None:
            try:
                await trajecten.besluit(
                    actor,
                    traject_id,
                    {
                        "besluit": data.besluit,
                        "verificatie": data.verificatie,
                        "toelichting": data.toelichting,
                    },
                )
            except InvalidInput as exc:
                fouten = errors_by_field(exc.errors)
            else:
                return Redirect(path=f"/gemeente/trajecten/{traject_id}?melding=besluit", status_code=303)
        return await self._traject_page(request, traject_id, status=400, fouten=fouten, waarden=raw)

    # --- verification ----------------------------------------------------------------------------

    async def _verificatie(self, request: Request, verificatie_id: str) -> verificaties.UitslagMetNamen:
        actor = request.scope["user"]
        v = await verificaties.details(actor, verificatie_id)
        if v.gemeente not in actor.gemeente_codes:
            raise Forbidden("Deze pagina is voor de gemeente van het traject.")
        return v

    @get("/gemeente/verificaties/{verificatie_id:str}")
    async def verdict(self, request: Request, verificatie_id: FromPath[str]) -> Template:
        v = await self._verificatie(request, verificatie_id)
        return page(
            request,
            "gemeente/verificatie.html",
            ver=met_keurmerk_weergave(v),
            gemeente_namen=await gemeenten.namen([v.gemeente]),
            fouten={},
            waarden={
                "verificatie": v.id,
                "besluit": "goedgekeurd" if v.gekwalificeerd else "afgewezen",
            },
        )

    @get("/gemeente/verificaties/{verificatie_id:str}/verklaring")
    async def statement(self, request: Request, verificatie_id: FromPath[str]) -> Template:
        v = await self._verificatie(request, verificatie_id)
        header, claims = attestatie.decode_unverified(v.attestatie)
        base_url = request.app.state.settings.base_url
        return page(
            request,
            "gemeente/verklaring.html",
            ver=met_keurmerk_weergave(v),
            gemeente_namen=await gemeenten.namen([v.gemeente]),
            header_json=json.dumps(header, indent=2, ensure_ascii=False),
            claims_json=json.dumps(claims, indent=2, ensure_ascii=False),
            kid=header.get("kid"),
            jwks_url=f"{base_url}/.well-known/jwks.json",
            issuer=base_url,
        )


def regime_keuzes() -> list[tuple[str, str]]:
    """The regimes with their hours budget for a full-time contract: "Licht (jaar 1: 36 uur, jaar 2: 18 uur)"."""
    out = []
    for code in REGIMES.codes:
        jaar1, jaar2, _ = BASISBUDGET[code]
        out.append((code, f"{REGIMES.label(code)} (jaar 1: {getal(jaar1)} uur, jaar 2: {getal(jaar2)} uur)"))
    return out


def met_keurmerk_weergave(ver: verificaties.UitslagMetNamen) -> verificaties.UitslagMetNamen:
    """The verification with, on each keurmerk in its evidence, the state it had on the peildatum
    (`weergave`, decided by register/rules/keurmerken.py as on every page). A verdict cites only verified
    keurmerken as evidence."""
    criteria = []
    for c in ver.criteria:
        bewijs = []
        for b in c.get("bewijs") or []:
            if b.get("soort") == "keurmerk" and b.get("geldigTot"):
                einde = dt.date.fromisoformat(str(b["geldigTot"])[:10])
                b = {**b, "weergave": weergave_code(b["status"], GEVERIFIEERD, einde, ver.peildatum)}
            bewijs.append(b)
        criteria.append({**c, "bewijs": bewijs})
    return msgspec.structs.replace(ver, criteria=tuple(criteria))


def _rename(fouten: dict[str, str]) -> dict[str, str]:
    """Errors about the coach and organisation belong to the fields where their numbers were typed."""
    out = dict(fouten)
    if "jobcoach" in out:
        out.setdefault("registratienummer", out.pop("jobcoach"))
    if "organisatie" in out:
        out.setdefault("kvkNummer", out.pop("organisatie"))
    return out
