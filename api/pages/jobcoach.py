"""The jobcoach's own pages: overview, profile, opleidingen, keurmerken, scholing and zelfevaluatie.

Only the coach themselves opens these pages (coach A never sees coach B's); every change goes through
register.services.jobcoaches, with the same validation Structs as the JSON API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.controllers.common import values
from api.guards import roles
from api.pages.common import (
    Formulier,
    Formulierspec,
    Sectieformulieren,
    decimaal,
    met_waarden,
    page,
    parse_form,
    read_form,
    terug,
    verzend,
    werkgebied_tekst,
)
from api.pages.documenten import (
    PAGINA_UPLOAD_MAX_BYTES,
    UPLOAD,
    documentkeuzes,
    omschrijving,
    upload_formulier,
)
from api.pagination import pagineer
from api.schemas import (
    JobcoachWijziging,
    KeurmerkWijziging,
    OpleidingInvoer,
    PersoonsKeurmerkInvoer,
    ScholingInvoer,
    ZelfevaluatieInvoer,
)
from register import clock
from register.actor import Actor
from register.errors import Forbidden, InvalidInput, NotFound, TeGroot
from register.infra.records import as_uuid
from register.opmaak import datum
from register.rules import keurmerken as keurmerk_rules
from register.rules.datums import months_before
from register.rules.historie import loopt_op
from register.services import documenten, gemeenten, jobcoaches, keurmerken
from register.services.jobcoaches import Kwalificatiebeeld
from register.vocabulary import (
    COMPETENTIE_SCORES,
    COMPETENTIES,
    GELDIGE_KEURMERK_STATUSSEN,
    KEURMERK_BEGINSTATUS,
    PERSOONS_SCHEMAS,
    SCHOLING_CATEGORIEEN,
    ZELFEVALUATIE_BIJNA_OUD_MAANDEN,
    keurmerk_naam,
)

PROFIEL_VELDEN = {
    "voornaam": "Voornaam",
    "tussenvoegsel": "Tussenvoegsel",
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
    "bewijsstukken": "Bewijsstukken",
}
KEURMERK_VELDEN = {
    "schema": "Register",
    "nummer": "Registratienummer bij het register",
    "ingangsdatum": "Ingangsdatum",
    "geldigTot": "Geldig tot en met",
    "status": "Status",
    "bewijsstukken": "Bewijsstukken",
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
    "bewijsstukken": "Bewijsstukken",
}

PROFIEL = Formulierspec(
    PROFIEL_VELDEN,
    JobcoachWijziging,
    "profiel",
    "opgeslagen",
    lijsten=("werkgebied",),
    verplicht=("voornaam", "achternaam", "email"),  # empty is an error here, not "unchanged"
    wissen=("telefoon",),
)
OPLEIDING = Formulierspec(
    OPLEIDING_VELDEN, OpleidingInvoer, "opleidingen", "opleiding-toegevoegd", lijsten=("bewijsstukken",)
)
KEURMERK = Formulierspec(
    KEURMERK_VELDEN, PersoonsKeurmerkInvoer, "keurmerken", "keurmerk-toegevoegd", lijsten=("bewijsstukken",)
)
KEURMERK_WIJZIGING = Formulierspec(
    KEURMERK_WIJZIGING_VELDEN,
    KeurmerkWijziging,
    "keurmerken",
    "keurmerk-bijgewerkt",
    verplicht=("geldigTot", "status"),
)
SCHOLING = Formulierspec(
    SCHOLING_VELDEN,
    ScholingInvoer,
    "scholing",
    "scholing-toegevoegd",
    decimalen=("uren", "pePunten"),
    lijsten=("bewijsstukken",),
)


# a rejected claim's section -> (claim soort, its form, the dossier's list of them)
HERINDIENINGEN = {
    "opleidingen": ("opleiding", OPLEIDING, "opleidingen"),
    "scholing": ("scholing", SCHOLING, "scholingen"),
}
# a form field whose claim view key differs
HERINDIENING_KOLOMMEN = {"pePunten": "pe_punten"}


def herindiening_velden(spec: Formulierspec) -> dict[str, str]:
    """The fields of a correction form: the claim's own fields and the upload of a new document."""
    return {**spec.velden, "bestand": "Nieuw bewijsstuk (PDF, PNG of JPEG, hoogstens 10 MB)"}


def zelfevaluatie_velden() -> dict[str, str]:
    velden = {"datum": "Datum", "competenties": "Competenties"}
    for code in COMPETENTIES:
        naam = COMPETENTIES.label(code)
        velden[f"{code}.score"] = f"{naam}: score"
        velden[f"{code}.toelichting"] = f"{naam}: toelichting"
        velden[f"{code}.leerdoel"] = f"{naam}: leerdoel"
    return velden


def own_coach(request: Request, jobcoach_id: str) -> Actor:
    actor: Actor = request.scope["user"]
    if not actor.is_coach(jobcoach_id):
        raise Forbidden("U kunt alleen uw eigen profiel bekijken en bijhouden.")
    return actor


def _binnenkort_tekst(k: dict[str, Any], today: dt.date) -> str | None:
    """The reminder for a registration that ends within BINNENKORT_DAGEN days (verified or not, like the
    reminders of DOMAIN.md "Signals"); None otherwise."""
    if k["status"] not in GELDIGE_KEURMERK_STATUSSEN or k["verificatie"] == "afgewezen":
        return None
    if not keurmerk_rules.binnenkort(k["geldig_tot"], today):
        return None
    dagen = (k["geldig_tot"] - today).days
    wanneer = "vandaag" if dagen == 0 else ("morgen" if dagen == 1 else f"over {dagen} dagen")
    return (
        f"Uw registratie {keurmerk_naam(k['schema'], k['nummer'])} verloopt {wanneer} (geldig tot en met "
        f"{datum(k['geldig_tot'])}). Vraag op tijd herregistratie aan."
    )


# The coach-level criteria the overview reports when they are not met, in this order.
AANDACHT_CRITERIA = (
    "persoonsregister",
    "hbo-niveau",
    "scholing",
    "intercollegiale-toetsing",
    "zelfevaluatie",
)


def samenvatting(dossier: dict[str, Any], beeld: Kwalificatiebeeld) -> dict[str, Any]:
    """What the coach's overview shows: hours against the norm, HBO, keurmerken, zelfevaluatie, and the
    points that need attention. The points come from the qualification rules applied with the national
    kader in force (`beeld`, from jobcoaches.kwalificatiebeeld): each required coach-level criterion that
    is not met, with the verdict's own explanation, plus registrations that end soon, a self-assessment
    that is nearly a year old and rejected claims."""
    today = beeld.peildatum
    oordeel = beeld.oordeel
    volledige = [z for z in dossier["zelfevaluaties"] if z["volledig"]]
    nieuwste = volledige[0] if volledige else None
    hbo = [o for o in dossier["opleidingen"] if o["verificatie"] == "geverifieerd"]
    aandacht: list[str] = [t for k in dossier["keurmerken"] if (t := _binnenkort_tekst(k, today))]
    for code in AANDACHT_CRITERIA:
        regel = oordeel.regel(code)
        if regel.vereist and not regel.voldaan:
            aandacht.append(regel.toelichting)
    zelfevaluatie = oordeel.regel("zelfevaluatie")
    if (
        zelfevaluatie.voldaan
        and nieuwste is not None
        and nieuwste["datum"] <= months_before(today, ZELFEVALUATIE_BIJNA_OUD_MAANDEN)
    ):
        aandacht.append(
            f"Uw laatste volledige zelfevaluatie is van {datum(nieuwste['datum'])} en is bijna een jaar oud. "
            "Vul op tijd een nieuwe in."
        )
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
        "uren_geverifieerd": beeld.uren_geverifieerd,
        "uren_in_behandeling": beeld.uren_in_behandeling,
        "uren_afgewezen": beeld.uren_afgewezen,
        "lijnen": beeld.lijnen,
        "peildatum": beeld.peildatum,
        "uren_norm": beeld.uren_norm,
        "uren_maanden": beeld.scholing_maanden,
        "uren_voldoet": oordeel.regel("scholing").voldaan,
        "zelfevaluatie": nieuwste,
        "zelfevaluatie_actueel": zelfevaluatie.voldaan,
        "zelfevaluatie_maanden": beeld.zelfevaluatie_maanden,
        "hbo": hbo[0] if hbo else None,
        "oordeel": oordeel,
        "aandacht": aandacht,
        "lopende_dienstverbanden": [
            d
            for d in dossier["dienstverbanden"]
            if d["status"] == "bevestigd" and loopt_op(d["van"], d["tot"], today)
        ],
        "voorstellen": [d for d in dossier["dienstverbanden"] if d["status"] == "voorgesteld"],
    }


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


class JobcoachPages(Controller, Sectieformulieren):
    path = "/jobcoach/{jobcoach_id:str}"
    gebied = "jobcoach"
    include_in_schema = False
    guards = [roles("jobcoach")]

    async def _render(
        self, request: Request, jobcoach_id: str, template: str, status_code: int = 200, **context: Any
    ) -> Template:
        actor = own_coach(request, jobcoach_id)
        dossier = await jobcoaches.dossier(actor, jobcoach_id)
        eigen = await documenten.van(jobcoach=as_uuid(jobcoach_id, "Jobcoach"))
        return page(
            request,
            template,
            status_code=status_code,
            coach=dossier,
            documenten=[{**d, "omschrijving": omschrijving(d)} for d in eigen],
            documentkeuzes=documentkeuzes(eigen),
            overzicht=samenvatting(dossier, await jobcoaches.kwalificatiebeeld(actor, jobcoach_id)),
            basis=f"/jobcoach/{jobcoach_id}",
            werkgebied=await werkgebied_tekst(dossier["werkgebied"]),
            **context,
        )

    # --- overview ---------------------------------------------------------------------------------

    @get()
    async def overzicht(self, request: Request, jobcoach_id: FromPath[str]) -> Template:
        return await self._render(request, jobcoach_id, "jobcoach/overzicht.html", actief="overzicht")

    # --- proposals of a dienstverband (consent) -----------------------------------------------------

    @post("/dienstverbanden/{dienstverband_id:str}/bevestigen")
    async def dienstverband_bevestigen(
        self, request: Request, jobcoach_id: FromPath[str], dienstverband_id: FromPath[str]
    ) -> Redirect:
        actor = own_coach(request, jobcoach_id)
        await jobcoaches.beslis_dienstverband(actor, jobcoach_id, dienstverband_id, "bevestigd", None)
        return terug(f"/jobcoach/{jobcoach_id}", "dienstverband-bevestigd")

    @post("/dienstverbanden/{dienstverband_id:str}/weigeren")
    async def dienstverband_weigeren(
        self, request: Request, jobcoach_id: FromPath[str], dienstverband_id: FromPath[str]
    ) -> Redirect:
        actor = own_coach(request, jobcoach_id)
        await jobcoaches.beslis_dienstverband(actor, jobcoach_id, dienstverband_id, "geweigerd", None)
        return terug(f"/jobcoach/{jobcoach_id}", "dienstverband-geweigerd")

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
    async def profiel(self, request: Request, jobcoach_id: FromPath[str]) -> Template:
        return await self._profiel(request, jobcoach_id, None)

    @post("/profiel")
    async def profiel_opslaan(self, request: Request, jobcoach_id: FromPath[str]) -> Template | Redirect:
        actie = met_waarden(jobcoaches.update, own_coach(request, jobcoach_id), jobcoach_id)
        return await self._verzend(request, jobcoach_id, PROFIEL, actie, self._profiel)

    # --- documents (bewijsstukken) ----------------------------------------------------------------

    @get("/documenten")
    async def documenten_pagina(self, request: Request, jobcoach_id: FromPath[str]) -> Template:
        return await self._render(
            request, jobcoach_id, "jobcoach/documenten.html", actief="documenten", form=UPLOAD.nieuw()
        )

    @post("/documenten", request_max_body_size=PAGINA_UPLOAD_MAX_BYTES)
    async def document_uploaden(self, request: Request, jobcoach_id: FromPath[str]) -> Template | Redirect:
        actor = own_coach(request, jobcoach_id)

        async def opnieuw(form: Formulier, status: int) -> Template:
            return await self._render(
                request, jobcoach_id, "jobcoach/documenten.html", status, actief="documenten", form=form
            )

        return await upload_formulier(request, actor, f"/jobcoach/{jobcoach_id}/documenten", opnieuw)

    # --- opleidingen ------------------------------------------------------------------------------

    @get("/opleidingen")
    async def opleidingen(self, request: Request, jobcoach_id: FromPath[str]) -> Template:
        form = OPLEIDING.nieuw({"soort": "hbo-diploma"})
        return await self._render(
            request, jobcoach_id, "jobcoach/opleidingen.html", actief="opleidingen", form=form
        )

    @post("/opleidingen")
    async def opleiding_toevoegen(self, request: Request, jobcoach_id: FromPath[str]) -> Template | Redirect:
        actie = met_waarden(jobcoaches.add_opleiding, own_coach(request, jobcoach_id), jobcoach_id)
        return await self._verzend(request, jobcoach_id, OPLEIDING, actie)

    # --- keurmerken -------------------------------------------------------------------------------

    @get("/keurmerken")
    async def keurmerken(self, request: Request, jobcoach_id: FromPath[str]) -> Template:
        form = KEURMERK.nieuw({"schema": PERSOONS_SCHEMAS.codes[0], "status": KEURMERK_BEGINSTATUS})
        return await self._render(
            request, jobcoach_id, "jobcoach/keurmerken.html", actief="keurmerken", form=form
        )

    @post("/keurmerken")
    async def keurmerk_toevoegen(self, request: Request, jobcoach_id: FromPath[str]) -> Template | Redirect:
        actie = met_waarden(jobcoaches.add_keurmerk, own_coach(request, jobcoach_id), jobcoach_id)
        return await self._verzend(request, jobcoach_id, KEURMERK, actie)

    async def _keurmerk(self, request: Request, jobcoach_id: str, keurmerk_id: str) -> dict[str, Any]:
        own_coach(request, jobcoach_id)
        for k in await keurmerken.list_for(jobcoach=as_uuid(jobcoach_id, "Jobcoach")):
            if k["id"] == keurmerk_id:
                return k
        raise NotFound("Keurmerk niet gevonden.")

    @get("/keurmerken/{keurmerk_id:str}")
    async def keurmerk(
        self, request: Request, jobcoach_id: FromPath[str], keurmerk_id: FromPath[str]
    ) -> Template:
        k = await self._keurmerk(request, jobcoach_id, keurmerk_id)
        form = KEURMERK_WIJZIGING.nieuw({"status": k["status"], "geldigTot": k["geldig_tot"]})
        return await self._render(
            request, jobcoach_id, "jobcoach/keurmerk.html", actief="keurmerken", keurmerk=k, form=form
        )

    @post("/keurmerken/{keurmerk_id:str}")
    async def keurmerk_bijwerken(
        self, request: Request, jobcoach_id: FromPath[str], keurmerk_id: FromPath[str]
    ) -> Template | Redirect:
        actor = own_coach(request, jobcoach_id)
        k = await self._keurmerk(request, jobcoach_id, keurmerk_id)

        def may_edit(row: dict[str, Any]) -> bool:
            return row["jobcoach"] is not None and str(row["jobcoach"]) == jobcoach_id

        actie = met_waarden(lambda w: keurmerken.update(actor, keurmerk_id, w, may_edit))
        return await self._verzend(
            request, jobcoach_id, KEURMERK_WIJZIGING, actie, template="jobcoach/keurmerk.html", keurmerk=k
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
            overzicht=samenvatting(dossier, await jobcoaches.kwalificatiebeeld(actor, jobcoach_id)),
            basis=f"/jobcoach/{jobcoach_id}",
            actief="scholing",
            regels=regels,
            pag=pag,
            form=form,
            categorieen=SCHOLING_CATEGORIEEN.opties(),
            documentkeuzes=documentkeuzes(await documenten.van(jobcoach=as_uuid(jobcoach_id, "Jobcoach"))),
        )

    @get("/scholing")
    async def scholing(self, request: Request, jobcoach_id: FromPath[str]) -> Template:
        return await self._scholing(request, jobcoach_id, SCHOLING.nieuw({"categorie": "overig"}))

    @post("/scholing")
    async def scholing_toevoegen(self, request: Request, jobcoach_id: FromPath[str]) -> Template | Redirect:
        actie = met_waarden(jobcoaches.add_scholing, own_coach(request, jobcoach_id), jobcoach_id)
        return await self._verzend(request, jobcoach_id, SCHOLING, actie, self._scholing)

    # --- correcting a rejected opleiding or scholing (herindiening) --------------------------------

    async def _herindiening(
        self,
        request: Request,
        jobcoach_id: str,
        sectie: str,
        claim_id: str,
        form: Formulier | None,
        status: int = 200,
    ) -> Template:
        """The form that corrects a rejected claim of section `sectie` ("opleidingen" or "scholing"),
        filled with the claim's values; the rejection, the documents already attached and the link to the
        judgement's history stay in view. NotFound for an unknown claim or one of another coach."""
        soort, spec, _lijst = HERINDIENINGEN[sectie]
        claim = await self._eigen_claim(request, jobcoach_id, sectie, claim_id)
        if form is None:
            form = Formulier(
                herindiening_velden(spec),
                {
                    naam: claim.get(HERINDIENING_KOLOMMEN.get(naam, naam))
                    for naam in spec.velden
                    if naam not in spec.lijsten
                },
            )
        eigen = await documenten.van(jobcoach=as_uuid(jobcoach_id, "Jobcoach"))
        gekoppeld = set(claim["bewijsstukken"])
        return await self._render(
            request,
            jobcoach_id,
            "jobcoach/herindiening.html",
            status,
            actief=sectie,
            form=form,
            soort=soort,
            claim=claim,
            categorieen=SCHOLING_CATEGORIEEN.opties(),
            gekoppeld=[{**d, "omschrijving": omschrijving(d)} for d in eigen if d["id"] in gekoppeld],
            vrije_documenten=documentkeuzes([d for d in eigen if d["id"] not in gekoppeld]),
        )

    async def _eigen_claim(
        self, request: Request, jobcoach_id: str, sectie: str, claim_id: str
    ) -> dict[str, Any]:
        actor = own_coach(request, jobcoach_id)
        _soort, _spec, lijst = HERINDIENINGEN[sectie]
        for claim in (await jobcoaches.dossier(actor, jobcoach_id))[lijst]:
            if claim["id"] == claim_id:
                return claim
        raise NotFound(f"{'Opleiding' if sectie == 'opleidingen' else 'Scholing'} niet gevonden.")

    async def _herindienen(
        self, request: Request, jobcoach_id: str, sectie: str, claim_id: str
    ) -> Template | Redirect:
        """Handle the correction form (multipart: the claim's fields, `bewijsstukken` and an optional new
        document `bestand`): back to the section with the success message, or the form again with every
        error beside its field and the summary on top (400; 413 for a document over the limit; 409 when the
        claim is no longer rejected). Nothing changes on an error."""
        actor = own_coach(request, jobcoach_id)
        soort, spec, _lijst = HERINDIENINGEN[sectie]
        raw = await read_form(request, *spec.lijsten)
        upload = (await request.form()).get("bestand")
        bestand = await upload.read() if isinstance(upload, UploadFile) and upload.filename else None
        form = Formulier(herindiening_velden(spec), raw)
        invoer = decimaal({k: v for k, v in raw.items() if k != "bestand"}, *spec.decimalen)
        if bestand is not None:  # checked before the rest, so every error shows at once
            try:
                documenten.check_inhoud(bestand)
            except InvalidInput as exc:
                form.zet_fouten(exc.errors)
            except TeGroot as exc:
                form.zet_fouten({"bestand": exc.detail})
                form.status_code = exc.status

        async def actie(data: Any) -> Any:
            try:
                return await jobcoaches.herindienen(
                    actor,
                    jobcoach_id,
                    soort,
                    claim_id,
                    values(data),
                    bestand,
                    upload.filename if bestand else None,
                )
            except TeGroot as exc:
                form.status_code = exc.status
                raise InvalidInput.single("bestand", exc.detail) from exc

        async def opnieuw(form: Formulier, status: int) -> Template:
            return await self._herindiening(request, jobcoach_id, sectie, claim_id, form, status)

        await self._eigen_claim(request, jobcoach_id, sectie, claim_id)
        return await verzend(
            form,
            spec.schema,
            invoer,
            actie,
            klaar=terug(f"/jobcoach/{jobcoach_id}/{sectie}", "claim-herindiend"),
            opnieuw=opnieuw,
        )

    @get("/opleidingen/{opleiding_id:str}/herindiening")
    async def opleiding_herindiening(
        self, request: Request, jobcoach_id: FromPath[str], opleiding_id: FromPath[str]
    ) -> Template:
        return await self._herindiening(request, jobcoach_id, "opleidingen", opleiding_id, None)

    @post(
        "/opleidingen/{opleiding_id:str}/herindiening",
        request_max_body_size=PAGINA_UPLOAD_MAX_BYTES,
    )
    async def opleiding_herindienen(
        self, request: Request, jobcoach_id: FromPath[str], opleiding_id: FromPath[str]
    ) -> Template | Redirect:
        return await self._herindienen(request, jobcoach_id, "opleidingen", opleiding_id)

    @get("/scholing/{scholing_id:str}/herindiening")
    async def scholing_herindiening(
        self, request: Request, jobcoach_id: FromPath[str], scholing_id: FromPath[str]
    ) -> Template:
        return await self._herindiening(request, jobcoach_id, "scholing", scholing_id, None)

    @post("/scholing/{scholing_id:str}/herindiening", request_max_body_size=PAGINA_UPLOAD_MAX_BYTES)
    async def scholing_herindienen(
        self, request: Request, jobcoach_id: FromPath[str], scholing_id: FromPath[str]
    ) -> Template | Redirect:
        return await self._herindienen(request, jobcoach_id, "scholing", scholing_id)

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
            overzicht=samenvatting(dossier, await jobcoaches.kwalificatiebeeld(actor, jobcoach_id)),
            basis=f"/jobcoach/{jobcoach_id}",
            actief="zelfevaluatie",
            form=form,
            competenties=COMPETENTIES.codes,
            scores=COMPETENTIE_SCORES.opties(),
        )

    @get("/zelfevaluatie")
    async def zelfevaluatie(self, request: Request, jobcoach_id: FromPath[str]) -> Template:
        return await self._zelfevaluatie(request, jobcoach_id, None)

    @post("/zelfevaluatie")
    async def zelfevaluatie_opslaan(
        self, request: Request, jobcoach_id: FromPath[str]
    ) -> Template | Redirect:
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
