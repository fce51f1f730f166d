"""The jobcoach's own pages: overview, profile, opleidingen, keurmerken, scholing and zelfevaluatie.

Only the coach themselves opens these pages (coach A never sees coach B's); every change goes through
register.services.jobcoaches, with the same validation Structs as the JSON API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from api.controllers.common import values
from api.guards import roles
from api.pages.common import (
    Formulier,
    decimaal,
    opties,
    page,
    pagineer,
    parse_form,
    read_form,
    terug,
    werkgebied_tekst,
)
from api.schemas import (
    COMPETENTIES,
    JobcoachWijziging,
    KeurmerkWijziging,
    OpleidingInvoer,
    PersoonsKeurmerkInvoer,
    ScholingInvoer,
    ZelfevaluatieInvoer,
)
from register import clock
from register.actor import Actor
from register.errors import Forbidden, NotFound
from register.infra.records import as_uuid
from register.services import gemeenten, jobcoaches, keurmerken

SCHOLING_NORM_UREN = 20  # DOMAIN.md: at least 20 verified scholing hours in the 12 months before D
ZELFEVALUATIE_MAANDEN = 12

PROFIEL_VELDEN = {
    "voornaam": "Voornaam",
    "achternaam": "Achternaam",
    "email": "E-mailadres",
    "telefoon": "Telefoonnummer",
    "werkgebied": "Werkgebied",
}
OPLEIDING_VELDEN = {
    "soort": "Soort",
    "omschrijving": "Omschrijving",
    "datum": "Datum diploma of assessment",
    "bewijs": "Bewijs",
}
KEURMERK_VELDEN = {
    "schema": "Register",
    "nummer": "Registratienummer bij het register",
    "ingangsdatum": "Ingangsdatum",
    "geldigTot": "Geldig tot en met",
    "status": "Status",
}
KEURMERK_WIJZIGING_VELDEN = {"status": "Status", "geldigTot": "Geldig tot en met"}
SCHOLING_VELDEN = {
    "titel": "Titel",
    "aanbieder": "Aanbieder",
    "datum": "Datum afgerond",
    "uren": "Aantal uren",
    "pePunten": "PE-punten",
    "categorie": "Categorie",
    "certificaat": "Certificaat",
}
COMPETENTIE_UITLEG = {
    "inlevingsvermogen": "Meedenken vanuit de situatie en opvattingen van anderen en hen helpen zelf "
    "oplossingen te bedenken.",
    "analytisch-vermogen": "Methodisch een intake en assessment uitvoeren, een werkplekprofiel uitwerken en "
    "via matching een passende werkplek realiseren.",
    "effectief-communiceren": "Sterktegericht communiceren op elk niveau, met oog voor het systeem rond de "
    "werknemer.",
    "reflecteren": "Theorie vertalen naar het eigen handelen; op basis van zelfevaluatie en feedback "
    "passende leerdoelen formuleren.",
    "adviseren-instrueren": "De betekenis van de beperking duiden, relevante wet- en regelgeving en "
    "re-integratie-instrumenten benoemen en (werktechnisch) adviseren.",
    "coachen": "Samen met de werknemer een coachingsplan met SMART-doelen opstellen, evalueren en "
    "bijstellen.",
    "zelfreflectie": "Kritisch naar zichzelf kijken; zich bewust zijn van eigen sterke en zwakke "
    "competenties.",
    "professionele-ontwikkeling": "Actief en continu investeren in persoonlijke en professionele "
    "ontwikkeling en arbeidsmarktkennis.",
    "netwerkcontacten": "Netwerkcontacten met beroepsgenoten en andere relevante contacten aangaan en "
    "onderhouden.",
}
SCORES = [
    ("1", "1 – zwak"),
    ("2", "2 – matig"),
    ("3", "3 – voldoende"),
    ("4", "4 – goed"),
    ("5", "5 – sterk"),
]


def zelfevaluatie_velden() -> dict[str, str]:
    from api.pages.common import label

    velden = {"datum": "Datum", "competenties": "Competenties"}
    for code in COMPETENTIES:
        naam = label("competentie", code)
        velden[f"{code}.score"] = f"{naam}: score"
        velden[f"{code}.toelichting"] = f"{naam}: toelichting"
        velden[f"{code}.leerdoel"] = f"{naam}: leerdoel"
    return velden


def own_coach(request: Request, jobcoach_id: str) -> Actor:
    actor: Actor = request.scope["user"]
    if not actor.is_coach(jobcoach_id):
        raise Forbidden("U kunt alleen uw eigen profiel bekijken en bijhouden.")
    return actor


def _months_back(on: dt.date, months: int) -> dt.date:
    return jobcoaches._months_back(on, months)  # noqa: SLF001 - the service's own 12-month window


def samenvatting(dossier: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """What the coach's overview shows: hours against the norm, HBO, keurmerken, zelfevaluatie, to-dos."""
    scholing = dossier["scholingen"]
    geverifieerd = jobcoaches.scholingsuren(scholing, today, verified_only=True)
    totaal = jobcoaches.scholingsuren(scholing, today)
    volledige = [z for z in dossier["zelfevaluaties"] if z["volledig"]]
    nieuwste = volledige[0] if volledige else None
    grens = _months_back(today, ZELFEVALUATIE_MAANDEN)
    hbo = [o for o in dossier["opleidingen"] if o["verificatie"] == "geverifieerd"]
    aandacht: list[str] = []
    for k in dossier["keurmerken"]:
        if k["status"] in ("ingetrokken",):
            continue
        dagen = (k["geldig_tot"] - today).days
        if 0 <= dagen <= 90:
            aandacht.append(
                f"Uw {_schema(k)}-registratie {k['nummer']} verloopt over {dagen} dagen. "
                "Vraag op tijd herregistratie aan."
            )
        elif dagen < 0 and k["status"] != "herregistratie-in-behandeling":
            aandacht.append(f"Uw {_schema(k)}-registratie {k['nummer']} is verlopen.")
    if geverifieerd < SCHOLING_NORM_UREN:
        aandacht.append(
            f"U heeft {_uren(geverifieerd)} geverifieerde scholingsuren in de laatste 12 maanden; "
            f"de norm is {SCHOLING_NORM_UREN}."
        )
    if nieuwste is None:
        aandacht.append("U heeft nog geen volledige zelfevaluatie (alle negen competenties gescoord).")
    elif nieuwste["datum"] <= grens:
        aandacht.append("Uw laatste volledige zelfevaluatie is ouder dan 12 maanden. Vul een nieuwe in.")
    elif nieuwste["datum"] <= _months_back(today, 11):
        aandacht.append("Uw laatste volledige zelfevaluatie is bijna een jaar oud.")
    if not hbo:
        aandacht.append("Er is nog geen geverifieerd HBO-diploma of HBO werk- en denkniveau.")
    afgewezen = [
        c
        for c in [*dossier["opleidingen"], *dossier["keurmerken"], *dossier["scholingen"]]
        if c["verificatie"] == "afgewezen"
    ]
    if afgewezen:
        aandacht.append(
            f"Een auditor heeft {len(afgewezen)} van uw opgegeven gegevens afgewezen; de reden staat erbij."
        )
    return {
        "uren_geverifieerd": geverifieerd,
        "uren_totaal": totaal,
        "uren_norm": SCHOLING_NORM_UREN,
        "uren_voldoet": geverifieerd >= SCHOLING_NORM_UREN,
        "zelfevaluatie": nieuwste,
        "zelfevaluatie_actueel": nieuwste is not None and nieuwste["datum"] > grens,
        "hbo": hbo[0] if hbo else None,
        "aandacht": aandacht,
        "lopende_dienstverbanden": [
            d
            for d in dossier["dienstverbanden"]
            if d["van"] <= today and (d["tot"] is None or d["tot"] >= today)
        ],
    }


def _schema(k: dict[str, Any]) -> str:
    return {"noloc": "Noloc", "nvs": "NVS"}.get(k["schema"], k["schema"])


def _uren(value: float) -> str:
    from api.pages.common import getal

    return getal(value)


async def gemeente_keuzes(gekozen: list[str] | None = None) -> list[tuple[str, str]]:
    """The gemeenten a werkgebied can hold: those in existence today, plus any already chosen."""
    items, _ = await gemeenten.list_gemeenten(0, 100_000)
    today = clock.today()
    gekozen = gekozen or []
    keuzes = [
        (g["code"], f"{g['naam']} ({g['code']})")
        for g in items
        if g["einddatum"] is None or g["einddatum"] >= today or g["code"] in gekozen
    ]
    return sorted(keuzes, key=lambda c: c[1].lower())


class JobcoachPages(Controller):
    path = "/jobcoach/{jobcoach_id:str}"
    include_in_schema = False
    guards = [roles("jobcoach")]

    async def _render(
        self, request: Request, jobcoach_id: str, template: str, status_code: int = 200, **context: Any
    ) -> Template:
        actor = own_coach(request, jobcoach_id)
        dossier = await jobcoaches.dossier(actor, jobcoach_id)
        return page(
            request,
            template,
            status_code=status_code,
            coach=dossier,
            overzicht=samenvatting(dossier, clock.today()),
            basis=f"/jobcoach/{jobcoach_id}",
            werkgebied=await werkgebied_tekst(dossier["werkgebied"]),
            **context,
        )

    # --- overview ---------------------------------------------------------------------------------

    @get()
    async def overzicht(self, request: Request, jobcoach_id: str) -> Template:
        return await self._render(request, jobcoach_id, "jobcoach/overzicht.html", actief="overzicht")

    # --- profile ----------------------------------------------------------------------------------

    async def _profiel(self, request: Request, jobcoach_id: str, form: Formulier | None, status: int = 200):
        own_coach(request, jobcoach_id)
        if form is None:
            coach = await jobcoaches.view(jobcoach_id)
            form = Formulier(PROFIEL_VELDEN, {**coach})
        return await self._render(
            request,
            jobcoach_id,
            "jobcoach/profiel.html",
            status_code=status,
            actief="profiel",
            form=form,
            gemeenten=await gemeente_keuzes(form.lijst("werkgebied")),
        )

    @get("/profiel")
    async def profiel(self, request: Request, jobcoach_id: str) -> Template:
        return await self._profiel(request, jobcoach_id, None)

    @post("/profiel")
    async def profiel_opslaan(self, request: Request, jobcoach_id: str) -> Template | Redirect:
        actor = own_coach(request, jobcoach_id)
        raw = await read_form(request, "werkgebied")
        form = Formulier(PROFIEL_VELDEN, raw)
        invoer = {
            "voornaam": raw.get("voornaam", ""),
            "achternaam": raw.get("achternaam", ""),
            "email": raw.get("email", ""),
            "telefoon": raw.get("telefoon", "").strip() or None,
            "werkgebied": raw["werkgebied"],
            "versie": raw.get("versie", ""),
        }
        form.eis(invoer, "voornaam", "achternaam", "email")  # empty is an error here, not "unchanged"
        if await form.verwerk(
            JobcoachWijziging, invoer, lambda d: jobcoaches.update(actor, jobcoach_id, values(d))
        ):
            return terug(f"/jobcoach/{jobcoach_id}/profiel", "opgeslagen")
        return await self._profiel(request, jobcoach_id, form, 409 if form.algemeen else 400)

    # --- opleidingen ------------------------------------------------------------------------------

    @get("/opleidingen")
    async def opleidingen(self, request: Request, jobcoach_id: str) -> Template:
        form = Formulier(OPLEIDING_VELDEN, {"soort": "hbo-diploma"})
        return await self._render(
            request, jobcoach_id, "jobcoach/opleidingen.html", actief="opleidingen", form=form
        )

    @post("/opleidingen")
    async def opleiding_toevoegen(self, request: Request, jobcoach_id: str) -> Template | Redirect:
        actor = own_coach(request, jobcoach_id)
        raw = await read_form(request)
        form = Formulier(OPLEIDING_VELDEN, raw)
        if await form.verwerk(
            OpleidingInvoer, raw, lambda d: jobcoaches.add_opleiding(actor, jobcoach_id, values(d))
        ):
            return terug(f"/jobcoach/{jobcoach_id}/opleidingen", "opleiding-toegevoegd")
        return await self._render(
            request,
            jobcoach_id,
            "jobcoach/opleidingen.html",
            status_code=400,
            actief="opleidingen",
            form=form,
        )

    # --- keurmerken -------------------------------------------------------------------------------

    @get("/keurmerken")
    async def keurmerken(self, request: Request, jobcoach_id: str) -> Template:
        form = Formulier(KEURMERK_VELDEN, {"schema": "noloc", "status": "actief"})
        return await self._render(
            request, jobcoach_id, "jobcoach/keurmerken.html", actief="keurmerken", form=form
        )

    @post("/keurmerken")
    async def keurmerk_toevoegen(self, request: Request, jobcoach_id: str) -> Template | Redirect:
        actor = own_coach(request, jobcoach_id)
        raw = await read_form(request)
        form = Formulier(KEURMERK_VELDEN, raw)
        if await form.verwerk(
            PersoonsKeurmerkInvoer, raw, lambda d: jobcoaches.add_keurmerk(actor, jobcoach_id, values(d))
        ):
            return terug(f"/jobcoach/{jobcoach_id}/keurmerken", "keurmerk-toegevoegd")
        return await self._render(
            request, jobcoach_id, "jobcoach/keurmerken.html", status_code=400, actief="keurmerken", form=form
        )

    async def _keurmerk(self, request: Request, jobcoach_id: str, keurmerk_id: str) -> dict[str, Any]:
        own_coach(request, jobcoach_id)
        for k in await keurmerken.list_for(jobcoach=as_uuid(jobcoach_id, "Jobcoach")):
            if k["id"] == keurmerk_id:
                return k
        raise NotFound("Keurmerk niet gevonden.")

    @get("/keurmerken/{keurmerk_id:str}")
    async def keurmerk(self, request: Request, jobcoach_id: str, keurmerk_id: str) -> Template:
        k = await self._keurmerk(request, jobcoach_id, keurmerk_id)
        form = Formulier(KEURMERK_WIJZIGING_VELDEN, {"status": k["status"], "geldigTot": k["geldig_tot"]})
        return await self._render(
            request, jobcoach_id, "jobcoach/keurmerk.html", actief="keurmerken", keurmerk=k, form=form
        )

    @post("/keurmerken/{keurmerk_id:str}")
    async def keurmerk_bijwerken(
        self, request: Request, jobcoach_id: str, keurmerk_id: str
    ) -> Template | Redirect:
        actor = own_coach(request, jobcoach_id)
        k = await self._keurmerk(request, jobcoach_id, keurmerk_id)
        raw = await read_form(request)
        form = Formulier(KEURMERK_WIJZIGING_VELDEN, raw)

        def may_edit(row: dict[str, Any]) -> bool:
            return row["jobcoach"] is not None and str(row["jobcoach"]) == jobcoach_id

        form.eis(raw, "geldigTot", "status")
        if await form.verwerk(
            KeurmerkWijziging, raw, lambda d: keurmerken.update(actor, keurmerk_id, values(d), may_edit)
        ):
            return terug(f"/jobcoach/{jobcoach_id}/keurmerken", "keurmerk-bijgewerkt")
        return await self._render(
            request,
            jobcoach_id,
            "jobcoach/keurmerk.html",
            status_code=409 if form.algemeen else 400,
            actief="keurmerken",
            keurmerk=k,
            form=form,
        )

    # --- scholing ---------------------------------------------------------------------------------

    async def _scholing(self, request: Request, jobcoach_id: str, form: Formulier, status: int = 200):
        actor = own_coach(request, jobcoach_id)
        dossier = await jobcoaches.dossier(actor, jobcoach_id)
        regels, pag = pagineer(dossier["scholingen"], request, 20)
        return page(
            request,
            "jobcoach/scholing.html",
            status_code=status,
            coach=dossier,
            overzicht=samenvatting(dossier, clock.today()),
            basis=f"/jobcoach/{jobcoach_id}",
            actief="scholing",
            regels=regels,
            pag=pag,
            form=form,
            categorieen=opties("categorie"),
        )

    @get("/scholing")
    async def scholing(self, request: Request, jobcoach_id: str) -> Template:
        return await self._scholing(request, jobcoach_id, Formulier(SCHOLING_VELDEN, {"categorie": "overig"}))

    @post("/scholing")
    async def scholing_toevoegen(self, request: Request, jobcoach_id: str) -> Template | Redirect:
        actor = own_coach(request, jobcoach_id)
        raw = await read_form(request)
        form = Formulier(SCHOLING_VELDEN, raw)
        if await form.verwerk(
            ScholingInvoer,
            decimaal(raw, "uren", "pePunten"),
            lambda d: jobcoaches.add_scholing(actor, jobcoach_id, values(d)),
        ):
            return terug(f"/jobcoach/{jobcoach_id}/scholing", "scholing-toegevoegd")
        return await self._scholing(request, jobcoach_id, form, 400)

    # --- zelfevaluatie ----------------------------------------------------------------------------

    async def _zelfevaluatie(self, request: Request, jobcoach_id: str, form: Formulier | None, status=200):
        actor = own_coach(request, jobcoach_id)
        dossier = await jobcoaches.dossier(actor, jobcoach_id)
        if form is None:
            waarden: dict[str, Any] = {"datum": clock.today()}
            if dossier["zelfevaluaties"]:  # start from the newest version, complete or not
                for c in dossier["zelfevaluaties"][0]["competenties"]:
                    waarden[f"{c['code']}.score"] = str(c["score"])
                    waarden[f"{c['code']}.toelichting"] = c["toelichting"]
                    waarden[f"{c['code']}.leerdoel"] = c["leerdoel"]
            form = Formulier(zelfevaluatie_velden(), waarden)
        return page(
            request,
            "jobcoach/zelfevaluatie.html",
            status_code=status,
            coach=dossier,
            overzicht=samenvatting(dossier, clock.today()),
            basis=f"/jobcoach/{jobcoach_id}",
            actief="zelfevaluatie",
            form=form,
            competenties=COMPETENTIES,
            uitleg=COMPETENTIE_UITLEG,
            scores=SCORES,
        )

    @get("/zelfevaluatie")
    async def zelfevaluatie(self, request: Request, jobcoach_id: str) -> Template:
        return await self._zelfevaluatie(request, jobcoach_id, None)

    @post("/zelfevaluatie")
    async def zelfevaluatie_opslaan(self, request: Request, jobcoach_id: str) -> Template | Redirect:
        actor = own_coach(request, jobcoach_id)
        raw = await read_form(request)
        form = Formulier(zelfevaluatie_velden(), raw)
        competenties: list[dict[str, Any]] = []
        aliassen: dict[str, str] = {}
        for code in COMPETENTIES:
            score = raw.get(f"{code}.score", "").strip()
            toelichting = raw.get(f"{code}.toelichting", "")
            leerdoel = raw.get(f"{code}.leerdoel", "")
            if not score:
                if toelichting.strip() or leerdoel.strip():
                    form.zet_fouten({f"{code}.score": "kies een score, of laat toelichting en leerdoel leeg"})
                continue
            item = {"code": code, "score": score, "toelichting": toelichting, "leerdoel": leerdoel}
            # Each competence on its own first, so an error in one does not hide those in another.
            _, fouten = parse_form(
                ZelfevaluatieInvoer, {"datum": raw.get("datum", ""), "competenties": [item]}
            )
            form.zet_fouten({k.replace("competenties[0].", f"{code}."): v for k, v in fouten.items()})
            for attr in ("code", "score", "toelichting", "leerdoel"):
                aliassen[f"competenties[{len(competenties)}].{attr}"] = (
                    f"{code}.{'score' if attr == 'code' else attr}"
                )
            competenties.append(item)
        if not competenties and not form.heeft_fouten:
            form.zet_fouten({"competenties": "geef minstens één competentie een score"})
        form.aliassen = aliassen
        opgeslagen: dict[str, Any] = {}

        async def opslaan(data: Any) -> None:
            opgeslagen.update(await jobcoaches.add_zelfevaluatie(actor, jobcoach_id, values(data)))

        if await form.verwerk(
            ZelfevaluatieInvoer, {"datum": raw.get("datum", ""), "competenties": competenties}, opslaan
        ):
            melding = "zelfevaluatie-volledig" if opgeslagen.get("volledig") else "zelfevaluatie-onvolledig"
            return terug(f"/jobcoach/{jobcoach_id}/zelfevaluatie", melding)
        return await self._zelfevaluatie(request, jobcoach_id, form, 400)
