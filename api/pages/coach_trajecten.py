"""Pages for jobcoaches: their trajecten, hours per year against the budget, logging hours, and
submitting the reports of the schedule."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.controllers.common import values
from api.guards import roles
from api.pages.common import Formulier, aantal_rijen, decimaal, page, read_form, terug, verzend
from api.schemas_trajecten import IndieningInvoer, UrenInvoer
from api.weergave import opties
from register import clock
from register.errors import Forbidden, NotFound
from register.rules.rapportages import (
    DOELVERSLAGEN,
    VOORTGANG_EIND,
    VOORTGANG_TUSSENTIJDS,
    volgorde_tijdlijn,
)
from register.services import aanvragen, gemeenten, trajecten

UREN_VELDEN = {
    "datum": "Datum",
    "uren": "Uren",
    "activiteit": "Kernactiviteit",
    "omschrijving": "Omschrijving",
}
INDIENING_VELDEN = {"samenvatting": "Samenvatting"}


EIND_VELDEN = {
    "zonderJobcoach": "Kan de werknemer verder zonder jobcoach?",
    "werkgeverNeemtOver": "Neemt de werkgever de begeleiding over?",
}
_VOORTGANG = re.compile(r"^doelen\[(\d+)\]\.(\w+)$")
JA_NEE = {"ja": True, "nee": False}


def indiening_formulier(rapportage_id: str, waarden: dict[str, Any] | None = None) -> Formulier:
    """The form of one report on the traject page; each has its own field ids."""
    return Formulier(INDIENING_VELDEN, waarden, voorvoegsel=f"rapportage-{rapportage_id}")


def verslag_velden(open_doelen: int, eindverslag: bool) -> dict[str, str]:
    """The labels of a report with a goal section (issue 14): the summary, per open goal its progress,
    explanation and (when adjusted) new target, and for the eindverslag the two closing questions."""
    velden = {"samenvatting": "Samenvatting", "doelen": "Voortgang per doel"}
    for i in range(open_doelen):
        n = i + 1
        velden |= {
            f"doelen[{i}].voortgang": f"Doel {n}, voortgang",
            f"doelen[{i}].toelichting": f"Doel {n}, toelichting",
            f"doelen[{i}].nieuweStreefwaarde": f"Doel {n}, nieuwe streefwaarde",
            f"doelen[{i}].nieuweStreefdatum": f"Doel {n}, nieuwe streefdatum",
        }
    if eindverslag:
        velden |= EIND_VELDEN
    return velden


def verslag_invoer(raw: dict[str, Any]) -> dict[str, Any]:
    """The posted report form as the body of the API's indiening: a goal row without progress and
    explanation is left out (the rules then name the goal), empty new targets are null, ja/nee answers
    are booleans."""
    rijen: dict[int, dict[str, Any]] = {}
    for naam, waarde in raw.items():
        if m := _VOORTGANG.match(naam):
            rijen.setdefault(int(m.group(1)), {})[m.group(2)] = waarde.strip() or None
    doelen = [
        {k: v for k, v in r.items() if v is not None or k in ("voortgang",)}
        for _, r in sorted(rijen.items())
        if r.get("voortgang") or r.get("toelichting")
    ]
    for d in doelen:
        d.setdefault("toelichting", "")
    body: dict[str, Any] = {"samenvatting": raw.get("samenvatting", ""), "doelen": doelen}
    for naam in EIND_VELDEN:
        if raw.get(naam) in JA_NEE:
            body[naam] = JA_NEE[raw[naam]]
    return body


class CoachTrajectenPages(Controller):
    include_in_schema = False
    guards = [roles("jobcoach")]

    @get("/jobcoach/trajecten")
    async def index(self, request: Request) -> Template:
        actor = request.scope["user"]
        items, total = await trajecten.list_trajecten(actor, 0, 100)
        mine = [t for t in items if actor.is_coach(t["jobcoach"])]
        return page(
            request,
            "trajecten/overzicht.html",
            trajecten=mine,
            totaal=len(mine),
            gemeente_namen=await gemeenten.namen(sorted({t["gemeente"] for t in mine})),
        )

    async def _page(
        self,
        request: Request,
        traject_id: str,
        status: int = 200,
        *,
        uren: Formulier | None = None,
        indiening: Formulier | None = None,
    ) -> Template:
        actor = request.scope["user"]
        traject = await trajecten.get(actor, traject_id)
        if not actor.is_coach(traject["jobcoach"]):
            raise Forbidden("Deze pagina is voor de jobcoach van het traject.")
        lijst, aantal = await trajecten.list_uren(actor, traject_id, 0, 50)
        indieningen = {str(r["id"]): indiening_formulier(str(r["id"])) for r in traject["rapportages"]}
        if indiening is not None:
            indieningen[indiening.voorvoegsel.removeprefix("rapportage-")] = indiening
        return page(
            request,
            "trajecten/traject.html",
            status_code=status,
            traject=traject,
            aanvraag_id=await aanvragen.van_traject(traject["id"]),
            uren=lijst,
            aantal_uren=aantal,
            gemeente_namen=await gemeenten.namen([traject["gemeente"]]),
            uren_form=uren
            or Formulier(
                UREN_VELDEN, {"datum": clock.today().isoformat(), "activiteit": "training-on-the-job"}
            ),
            indieningen=indieningen,
            tijdlijn=dict(
                zip(
                    ("nu", "later", "klaar"),
                    volgorde_tijdlijn(traject["rapportages"], clock.today()),
                    strict=True,
                )
            ),
            fout_formulier=uren if uren is not None else indiening,
        )

    async def _verslag(
        self,
        request: Request,
        traject_id: str,
        rapportage_id: str,
        status: int = 200,
        form: Formulier | None = None,
    ) -> Template:
        """The page of one report with its goal section: per open goal its progress (issue 14)."""
        actor = request.scope["user"]
        traject = await trajecten.get(actor, traject_id)
        if not actor.is_coach(traject["jobcoach"]):
            raise Forbidden("Deze pagina is voor de jobcoach van het traject.")
        rapportage = next((r for r in traject["rapportages"] if str(r["id"]) == rapportage_id), None)
        if rapportage is None:
            raise NotFound("Rapportage niet gevonden.")
        open_doelen = [d for d in traject["coachingsdoelen"] if d["status"] == "open"]
        eind = rapportage["soort"] == "eindverslag"
        if form is None:
            waarden = {f"doelen[{i}].doel": d["id"] for i, d in enumerate(open_doelen)}
            form = Formulier(verslag_velden(len(open_doelen), eind), waarden)
        keuzes = VOORTGANG_EIND if eind else VOORTGANG_TUSSENTIJDS
        return page(
            request,
            "trajecten/verslag.html",
            status_code=status,
            traject=traject,
            rapportage=rapportage,
            open_doelen=open_doelen,
            doelverslag=rapportage["soort"] in DOELVERSLAGEN and bool(traject["coachingsdoelen"]),
            voortgang_keuzes=[(c, label) for c, label in opties("voortgang") if c in keuzes],
            eindverslag=eind,
            form=form,
        )

    @get("/jobcoach/trajecten/{traject_id:str}/rapportages/{rapportage_id:str}")
    async def verslag(
        self, request: Request, traject_id: FromPath[str], rapportage_id: FromPath[str]
    ) -> Template:
        return await self._verslag(request, traject_id, rapportage_id)

    @get("/jobcoach/trajecten/{traject_id:str}")
    async def show(self, request: Request, traject_id: FromPath[str]) -> Template:
        return await self._page(request, traject_id)

    @post("/jobcoach/trajecten/{traject_id:str}/uren")
    async def add_uren(self, request: Request, traject_id: FromPath[str]) -> Template | Redirect:
        actor = request.scope["user"]
        raw = await read_form(request)
        return await verzend(
            Formulier(UREN_VELDEN, raw),
            UrenInvoer,
            decimaal(raw, "uren"),
            lambda data: trajecten.add_uren(actor, traject_id, values(data)),
            klaar=terug(f"/jobcoach/trajecten/{traject_id}", "uren-opgeslagen", anker="uren"),
            opnieuw=lambda form, status: self._page(request, traject_id, status, uren=form),
        )

    @post("/jobcoach/trajecten/{traject_id:str}/rapportages/{rapportage_id:str}/indiening")
    async def submit(
        self, request: Request, traject_id: FromPath[str], rapportage_id: FromPath[str]
    ) -> Template | Redirect:
        actor = request.scope["user"]
        raw = await read_form(request)
        vanuit = raw.pop("vanuit", "")
        if vanuit in ("verslag", "eindverslag"):  # the report's own page, with its goal section
            traject = await trajecten.get(actor, traject_id)
            open_doelen = sum(1 for d in traject["coachingsdoelen"] if d["status"] == "open")
            aantal = aantal_rijen(raw, _VOORTGANG, open_doelen, "doelen")
            form = Formulier(verslag_velden(aantal, vanuit == "eindverslag"), raw)
            return await verzend(
                form,
                IndieningInvoer,
                verslag_invoer(raw),
                lambda data: trajecten.dien_in(
                    actor,
                    traject_id,
                    rapportage_id,
                    data.samenvatting,
                    msgspec.to_builtins(data, builtin_types=(dt.date,)),
                ),
                klaar=terug(f"/jobcoach/trajecten/{traject_id}", "rapportage-ingediend", anker="rapportages"),
                opnieuw=lambda form, status: self._verslag(request, traject_id, rapportage_id, status, form),
            )
        return await verzend(
            indiening_formulier(rapportage_id, raw),
            IndieningInvoer,
            raw,
            lambda data: trajecten.dien_in(actor, traject_id, rapportage_id, data.samenvatting),
            klaar=terug(f"/jobcoach/trajecten/{traject_id}", "rapportage-ingediend", anker="rapportages"),
            opnieuw=lambda form, status: self._page(request, traject_id, status, indiening=form),
        )
