"""The organisation's own pages: details, kwaliteitsborging, klachtenregister, tevredenheid, keurmerken
and its coaches (dienstverbanden).

Only accounts of the organisation itself open these pages (organisation A never touches B's klachten);
every change goes through register.services.organisaties / jobcoaches with the API's Structs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from api.controllers.common import values
from api.controllers.organisaties import uitnodig_coach
from api.guards import roles
from api.pages.common import (
    Formulier,
    Formulierspec,
    Sectieformulieren,
    met_waarden,
    page,
    parse_form,
    read_form,
    terug,
    werkgebied_tekst,
)
from api.pages.documenten import (
    PAGINA_UPLOAD_MAX_BYTES,
    UPLOAD,
    documentkeuzes,
    omschrijving,
    upload_formulier,
)
from api.pages.jobcoach import gemeente_keuzes, samenvatting
from api.pagination import pagineer
from api.schemas import (
    DienstverbandInvoer,
    DienstverbandWijziging,
    Gebied,
    KlachtInvoer,
    Klachtprocedure,
    KlachtWijziging,
    KwaliteitsborgingInvoer,
    OrganisatieKeurmerkInvoer,
    OrganisatieWijziging,
    TevredenheidsmetingInvoer,
    UitnodigingInvoer,
)
from register import clock
from register.actor import Actor
from register.errors import Forbidden, NotFound
from register.infra.records import as_uuid
from register.opmaak import datum, eerste_hoofdletter
from register.rules import keurmerken as keurmerk_rules
from register.rules import kwalificatie
from register.services import documenten, jobcoaches, organisaties, uitnodigingen
from register.vocabulary import (
    BEVESTIGD,
    GELDIGE_KEURMERK_STATUSSEN,
    KEURMERK_BEGINSTATUS,
    KWALITEITSBORGING_GEBIEDEN,
    ORGANISATIE_SCHEMAS,
    UWV_MINIMUM_SCORE,
    keurmerk_naam,
)

GEBIEDEN = KWALITEITSBORGING_GEBIEDEN.codes

GEGEVENS_VELDEN = {
    "naam": "Naam",
    "kvkNummer": "KvK-nummer",
    "postcode": "Postcode vestiging",
    "plaats": "Plaats vestiging",
    "website": "Website",
    "werkgebied": "Werkgebied",
}
KEURMERK_VELDEN = {
    "schema": "Keurmerk",
    "nummer": "Nummer bij de keurmerkhouder",
    "ingangsdatum": "Ingangsdatum",
    "geldigTot": "Geldig tot en met",
    "status": "Status",
    "bewijsstukken": "Bewijsstukken",
}
KLACHT_VELDEN = {
    "ontvangenOp": "Ontvangen op",
    "onderwerp": "Onderwerp",
    "categorie": "Categorie",
    "jobcoach": "Betrokken jobcoach",
}
KLACHT_WIJZIGING_VELDEN = {
    "categorie": "Categorie",
    "jobcoach": "Betrokken jobcoach",
    "bevestigdOp": "Ontvangst bevestigd op",
    "afgehandeldOp": "Afgehandeld op",
    "uitkomst": "Uitkomst",
    "uitkomstToelichting": "Toelichting op de uitkomst",
}
METING_VELDEN = {
    "periodeVan": "Periode van",
    "periodeTot": "Periode tot en met",
    "respondenten": "Aantal respondenten",
    "gemiddeldeScore": "Gemiddelde score (1 tot 10)",
}
UITNODIGING_VELDEN = {
    "voornaam": "Voornaam",
    "tussenvoegsel": "Tussenvoegsel",
    "achternaam": "Achternaam",
    "email": "E-mailadres van de jobcoach",
    "soort": "Soort dienstverband",
    "van": "Van",
    "tot": "Tot en met",
    "gebruikersnaam": "Gebruikersnaam",
}
# the API's nested names (nieuweJobcoach.voornaam, dienstverband.van) on the flat fields of the page
UITNODIGING_ALIASSEN = {
    **{f"nieuweJobcoach.{k}": k for k in ("voornaam", "tussenvoegsel", "achternaam", "email")},
    **{f"dienstverband.{k}": k for k in ("soort", "van", "tot")},
    "nieuweJobcoach": "voornaam",
}
KOPPEL_VELDEN = {
    "registratienummer": "Registratienummer van de jobcoach",
    "soort": "Soort dienstverband",
    "van": "Van",
    "tot": "Tot en met",
}

GEGEVENS = Formulierspec(
    GEGEVENS_VELDEN,
    OrganisatieWijziging,
    "gegevens",
    "opgeslagen",
    lijsten=("werkgebied",),
    verplicht=("naam", "kvkNummer", "postcode", "plaats"),
    wissen=("website",),
)
KLACHT = Formulierspec(
    KLACHT_VELDEN, KlachtInvoer, "klachten", "klacht-geregistreerd", wissen=("jobcoach",)
)
KLACHT_WIJZIGING = Formulierspec(
    KLACHT_WIJZIGING_VELDEN,
    KlachtWijziging,
    "klachten",
    "klacht-bijgewerkt",
    verplicht=("categorie",),
    wissen=tuple(k for k in KLACHT_WIJZIGING_VELDEN if k != "categorie"),
)
METING = Formulierspec(
    METING_VELDEN,
    TevredenheidsmetingInvoer,
    "tevredenheid",
    "meting-toegevoegd",
    decimalen=("gemiddeldeScore",),
)
KEURMERK = Formulierspec(
    KEURMERK_VELDEN, OrganisatieKeurmerkInvoer, "keurmerken", "keurmerk-toegevoegd", lijsten=("bewijsstukken",)
)


def kwaliteit_velden() -> dict[str, str]:
    velden: dict[str, str] = {}
    for gebied in GEBIEDEN:
        naam = KWALITEITSBORGING_GEBIEDEN.label(gebied)
        velden[f"{gebied}.ingangsdatum"] = f"{naam}: ingangsdatum"
        if gebied == "klachtprocedure":
            velden["klachtprocedure.ontvangstbevestigingDagen"] = (
                f"{naam}: ontvangstbevestiging binnen (dagen)"
            )
            velden["klachtprocedure.afhandelingWeken"] = f"{naam}: afhandeling binnen (weken)"
            velden["klachtprocedure.klachtencommissie"] = f"{naam}: klachtencommissie"
        velden[f"{gebied}.toelichting"] = f"{naam}: toelichting"
        velden[f"{gebied}.bewijsstukken"] = f"{naam}: bewijsstukken"
    return velden


BORGING_LIJSTEN = tuple(f"{gebied}.bewijsstukken" for gebied in GEBIEDEN)


def own_org(request: Request, organisatie_id: str) -> Actor:
    actor: Actor = request.scope["user"]
    if not actor.is_organisatie(organisatie_id):
        raise Forbidden("U kunt alleen de gegevens van uw eigen organisatie bekijken en bijhouden.")
    return actor


def org_samenvatting(
    org: dict[str, Any],
    borging: dict[str, Any],
    klachten: list[dict[str, Any]],
    metingen: list[dict[str, Any]],
    coaches: list[dict[str, Any]],
    today: dt.date,
    tevredenheid: kwalificatie.Tevredenheid,
) -> dict[str, Any]:
    """What the organisation's overview shows, with the points that need attention. Client satisfaction
    has one verdict (`tevredenheid`, the verification's own rule) for the area, the card and the points."""
    aandacht: list[str] = []
    te_laat = [k for k in klachten if k["termijn_overschreden"]]
    if te_laat:
        aandacht.append(f"{len(te_laat)} klacht(en) hebben de termijn uit uw klachtprocedure overschreden.")
    for k in org["keurmerken"]:
        # ending soon: the rule's 90-day boundary, for claims verified or still waiting (like the
        # reminders of DOMAIN.md "Signals"); ended: the state every page shows (register/rules/keurmerken.py)
        eindigt = k["status"] in GELDIGE_KEURMERK_STATUSSEN and k["verificatie"] != "afgewezen"
        if eindigt and keurmerk_rules.binnenkort(k["geldig_tot"], today):
            dagen = (k["geldig_tot"] - today).days
            wanneer = "vandaag" if dagen == 0 else ("morgen" if dagen == 1 else f"over {dagen} dagen")
            aandacht.append(
                f"Het keurmerk {keurmerk_naam(k['schema'], k['nummer'])} verloopt {wanneer} (geldig tot en "
                f"met {datum(k['geldig_tot'])})."
            )
        elif k["weergave"] == "verlopen":
            aandacht.append(
                f"Het keurmerk {keurmerk_naam(k['schema'], k['nummer'])} is verlopen op "
                f"{datum(k['geldig_tot'])}."
            )
    # the klanttevredenheid area is judged by its measurements, like the verification does
    ontbreekt = len([g for g in GEBIEDEN if g != "klanttevredenheid" and borging.get(g) is None])
    ontbreekt += 0 if tevredenheid.voldaan else 1
    if ontbreekt:
        aandacht.append(f"Van de kwaliteitsborging ontbreken nog {ontbreekt} van de {len(GEBIEDEN)} gebieden.")
    if not tevredenheid.voldaan:
        aandacht.append(eerste_hoofdletter(tevredenheid.toelichting) + ".")
    return {
        "aandacht": aandacht,
        "klachten_open": [k for k in klachten if k["status"] != "afgehandeld"],
        "klachten_te_laat": te_laat,
        "gebieden_ingevuld": len(GEBIEDEN) - ontbreekt,
        "laatste_meting": metingen[0] if metingen else None,
        "tevredenheid": tevredenheid,
        "coaches_lopend": [c for c in coaches if c["lopend"]],
    }



async def klacht_coaches(actor: Actor, organisatie_id: str) -> list[tuple[str, str]]:
    """(id, "naam (registratienummer)") of the coaches a complaint may name: every coach with a confirmed
    dienstverband at the organisation, now or earlier, by name."""
    gezien: dict[str, str] = {}
    for c in await organisaties.coaches(actor, organisatie_id):
        if c["dienstverband_status"] == BEVESTIGD:
            gezien[c["id"]] = f"{c['naam']} ({c['registratienummer']})"
    return sorted(gezien.items(), key=lambda item: item[1])

class OrganisatiePages(Controller, Sectieformulieren):
    path = "/organisatie/{organisatie_id:str}"
    gebied = "organisatie"
    include_in_schema = False
    guards = [roles("organisatie")]

    async def _render(
        self, request: Request, organisatie_id: str, template: str, status_code: int = 200, **context: Any
    ) -> Template:
        own_org(request, organisatie_id)
        org = await organisaties.view(organisatie_id)
        eigen = await documenten.van(organisatie=as_uuid(organisatie_id, "Organisatie"))
        return page(
            request,
            template,
            status_code=status_code,
            organisatie=org,
            documenten=[{**d, "omschrijving": omschrijving(d)} for d in eigen],
            documentkeuzes=documentkeuzes(eigen),
            werkgebied=await werkgebied_tekst(org["werkgebied"]),
            basis=f"/organisatie/{organisatie_id}",
            norm=UWV_MINIMUM_SCORE,
            **context,
        )

    # --- overview ---------------------------------------------------------------------------------

    @get()
    async def overzicht(self, request: Request, organisatie_id: FromPath[str]) -> Template:
        actor = own_org(request, organisatie_id)
        org = await organisaties.view(organisatie_id)
        borging = await organisaties.kwaliteitsborging(organisatie_id)
        klachten = await organisaties.list_klachten(actor, organisatie_id)
        metingen = await organisaties.list_metingen(organisatie_id)
        coaches = await organisaties.coaches(actor, organisatie_id)
        return await self._render(
            request,
            organisatie_id,
            "organisatie/overzicht.html",
            actief="overzicht",
            borging=borging,
            overzicht=org_samenvatting(
                org,
                borging,
                klachten,
                metingen,
                coaches,
                clock.today(),
                await organisaties.klanttevredenheid(organisatie_id),
            ),
            statushistorie=await organisaties.statushistorie(organisatie_id),
            borging_versies=sorted(
                await organisaties.kwaliteitsborging_versions(as_uuid(organisatie_id, "Organisatie")),
                key=lambda v: (v["ingangsdatum"], v["vastgelegd_op"]),
                reverse=True,
            ),
            gebieden=GEBIEDEN,
        )

    # --- details ----------------------------------------------------------------------------------

    async def _gegevens(self, request: Request, organisatie_id: str, form: Formulier | None, status=200):
        own_org(request, organisatie_id)
        if form is None:
            org = await organisaties.view(organisatie_id)
            form = GEGEVENS.nieuw({**org, "kvkNummer": org["kvk_nummer"]})
        return await self._render(
            request,
            organisatie_id,
            "organisatie/gegevens.html",
            status_code=status,
            actief="gegevens",
            form=form,
            gemeenten=await gemeente_keuzes(form.lijst("werkgebied")),
        )

    @get("/gegevens")
    async def gegevens(self, request: Request, organisatie_id: FromPath[str]) -> Template:
        return await self._gegevens(request, organisatie_id, None)

    @post("/gegevens")
    async def gegevens_opslaan(self, request: Request, organisatie_id: FromPath[str]) -> Template | Redirect:
        actie = met_waarden(organisaties.update, own_org(request, organisatie_id), organisatie_id)
        return await self._verzend(request, organisatie_id, GEGEVENS, actie, self._gegevens)

    # --- kwaliteitsborging ------------------------------------------------------------------------

    async def _borging(self, request: Request, organisatie_id: str, form: Formulier | None, status=200):
        own_org(request, organisatie_id)
        borging = await organisaties.kwaliteitsborging(organisatie_id)
        if form is None:
            waarden: dict[str, Any] = {}
            for gebied, huidig in borging.items():
                if huidig is None:
                    continue
                waarden[f"{gebied}.ingangsdatum"] = huidig["ingangsdatum"]
                waarden[f"{gebied}.toelichting"] = huidig["toelichting"]
                # the documents of the version in force stay attached to a new version unless unticked
                waarden[f"{gebied}.bewijsstukken"] = huidig["bewijsstukken"]
                if gebied == "klachtprocedure":
                    waarden["klachtprocedure.ontvangstbevestigingDagen"] = huidig[
                        "ontvangstbevestiging_dagen"
                    ]
                    waarden["klachtprocedure.afhandelingWeken"] = huidig["afhandeling_weken"]
                    waarden["klachtprocedure.klachtencommissie"] = huidig["klachtencommissie"]
            form = Formulier(kwaliteit_velden(), waarden)
        return await self._render(
            request,
            organisatie_id,
            "organisatie/kwaliteitsborging.html",
            status_code=status,
            actief="kwaliteitsborging",
            form=form,
            borging=borging,
            gebieden=GEBIEDEN,
        )

    @get("/kwaliteitsborging")
    async def kwaliteitsborging(self, request: Request, organisatie_id: FromPath[str]) -> Template:
        return await self._borging(request, organisatie_id, None)

    @post("/kwaliteitsborging")
    async def kwaliteitsborging_opslaan(
        self, request: Request, organisatie_id: FromPath[str]
    ) -> Template | Redirect:
        actor = own_org(request, organisatie_id)
        raw = await read_form(request, *BORGING_LIJSTEN)
        form = Formulier(kwaliteit_velden(), raw)
        huidig = await organisaties.kwaliteitsborging(organisatie_id)
        gewijzigd: dict[str, Any] = {}
        ingevuld = False
        for gebied in GEBIEDEN:
            sub = {k.split(".", 1)[1]: v for k, v in raw.items() if k.startswith(f"{gebied}.")}
            if not any(v if isinstance(v, list) else str(v).strip() for v in sub.values()):
                continue
            ingevuld = True
            data, fouten = parse_form(Klachtprocedure if gebied == "klachtprocedure" else Gebied, sub)
            if data is None:
                form.zet_fouten({f"{gebied}.{k}": v for k, v in fouten.items()})
                continue
            if not _borging_gewijzigd(data, huidig.get(gebied)):
                continue
            gewijzigd[gebied] = sub
        if not form.heeft_fouten:
            if not ingevuld:
                form.zet_fouten({"body": "vul minstens één gebied in, met ten minste de ingangsdatum"})
            elif not gewijzigd:
                return terug(f"/organisatie/{organisatie_id}/kwaliteitsborging", "geen-wijzigingen")
            elif await form.verwerk(
                KwaliteitsborgingInvoer,
                gewijzigd,
                lambda d: organisaties.set_kwaliteitsborging(actor, organisatie_id, values(d)),
            ):
                return terug(f"/organisatie/{organisatie_id}/kwaliteitsborging", "opgeslagen")
        return await self._borging(request, organisatie_id, form, 400)

    # --- klachtenregister -------------------------------------------------------------------------

    async def _klachten(self, request: Request, organisatie_id: str, form: Formulier, status=200):
        actor = own_org(request, organisatie_id)
        alle = await organisaties.list_klachten(actor, organisatie_id)
        toon = request.query_params.get("toon", "alle")
        if toon == "open":
            lijst = [k for k in alle if k["status"] != "afgehandeld"]
        elif toon == "te-laat":
            lijst = [k for k in alle if k["termijn_overschreden"]]
        else:
            toon, lijst = "alle", alle
        regels, pag = pagineer(lijst, request, 20)
        borging = await organisaties.kwaliteitsborging(organisatie_id)
        return await self._render(
            request,
            organisatie_id,
            "organisatie/klachten.html",
            status_code=status,
            actief="klachten",
            form=form,
            regels=regels,
            pag=pag,
            toon=toon,
            aantallen={
                "alle": len(alle),
                "open": sum(1 for k in alle if k["status"] != "afgehandeld"),
                "te-laat": sum(1 for k in alle if k["termijn_overschreden"]),
            },
            procedure=borging.get("klachtprocedure"),
            coaches=await klacht_coaches(actor, organisatie_id),
        )

    @get("/klachten")
    async def klachten(self, request: Request, organisatie_id: FromPath[str]) -> Template:
        form = KLACHT.nieuw({"ontvangenOp": clock.today()})
        return await self._klachten(request, organisatie_id, form)

    @post("/klachten")
    async def klacht_registreren(
        self, request: Request, organisatie_id: FromPath[str]
    ) -> Template | Redirect:
        actie = met_waarden(organisaties.add_klacht, own_org(request, organisatie_id), organisatie_id)
        return await self._verzend(request, organisatie_id, KLACHT, actie, self._klachten)

    async def _klacht(self, actor: Actor, organisatie_id: str, klacht_id: str) -> dict[str, Any]:
        for k in await organisaties.list_klachten(actor, organisatie_id):
            if k["id"] == klacht_id:
                return k
        raise NotFound("Klacht niet gevonden.")

    @get("/klachten/{klacht_id:str}")
    async def klacht(
        self, request: Request, organisatie_id: FromPath[str], klacht_id: FromPath[str]
    ) -> Template:
        actor = own_org(request, organisatie_id)
        k = await self._klacht(actor, organisatie_id, klacht_id)
        form = KLACHT_WIJZIGING.nieuw(
            {
                "categorie": k["categorie"],
                "jobcoach": k["jobcoach"],
                "bevestigdOp": k["bevestigd_op"],
                "afgehandeldOp": k["afgehandeld_op"],
                "uitkomst": k["uitkomst"],
                "uitkomstToelichting": k["uitkomst_toelichting"],
            },
        )
        return await self._render(
            request,
            organisatie_id,
            "organisatie/klacht.html",
            actief="klachten",
            klacht=k,
            form=form,
            coaches=await klacht_coaches(actor, organisatie_id),
        )

    @post("/klachten/{klacht_id:str}")
    async def klacht_bijwerken(
        self, request: Request, organisatie_id: FromPath[str], klacht_id: FromPath[str]
    ) -> Template | Redirect:
        actor = own_org(request, organisatie_id)
        k = await self._klacht(actor, organisatie_id, klacht_id)
        actie = met_waarden(organisaties.update_klacht, actor, organisatie_id, klacht_id)
        return await self._verzend(
            request,
            organisatie_id,
            KLACHT_WIJZIGING,
            actie,
            template="organisatie/klacht.html",
            pad=f"klachten/{klacht_id}",
            klacht=k,
            coaches=await klacht_coaches(actor, organisatie_id),
        )

    # --- tevredenheidsmetingen --------------------------------------------------------------------

    async def _metingen(self, request: Request, organisatie_id: str, form: Formulier, status=200):
        own_org(request, organisatie_id)
        regels, pag = pagineer(await organisaties.list_metingen(organisatie_id), request, 20)
        return await self._render(
            request,
            organisatie_id,
            "organisatie/tevredenheid.html",
            status_code=status,
            actief="tevredenheid",
            form=form,
            regels=regels,
            pag=pag,
        )

    @get("/tevredenheid")
    async def tevredenheid(self, request: Request, organisatie_id: FromPath[str]) -> Template:
        return await self._metingen(request, organisatie_id, METING.nieuw())

    @post("/tevredenheid")
    async def meting_toevoegen(self, request: Request, organisatie_id: FromPath[str]) -> Template | Redirect:
        actie = met_waarden(organisaties.add_meting, own_org(request, organisatie_id), organisatie_id)
        return await self._verzend(request, organisatie_id, METING, actie, self._metingen)

    # --- documents (bewijsstukken) ----------------------------------------------------------------

    @get("/documenten")
    async def documenten_pagina(self, request: Request, organisatie_id: FromPath[str]) -> Template:
        return await self._render(
            request,
            organisatie_id,
            "organisatie/documenten.html",
            actief="documenten",
            form=UPLOAD.nieuw(),
        )

    @post("/documenten", request_max_body_size=PAGINA_UPLOAD_MAX_BYTES)
    async def document_uploaden(
        self, request: Request, organisatie_id: FromPath[str]
    ) -> Template | Redirect:
        actor = own_org(request, organisatie_id)

        async def opnieuw(form: Formulier, status: int) -> Template:
            return await self._render(
                request,
                organisatie_id,
                "organisatie/documenten.html",
                status,
                actief="documenten",
                form=form,
            )

        return await upload_formulier(request, actor, f"/organisatie/{organisatie_id}/documenten", opnieuw)

    # --- keurmerken -------------------------------------------------------------------------------

    @get("/keurmerken")
    async def keurmerken(self, request: Request, organisatie_id: FromPath[str]) -> Template:
        form = KEURMERK.nieuw({"schema": ORGANISATIE_SCHEMAS.codes[0], "status": KEURMERK_BEGINSTATUS})
        return await self._render(
            request, organisatie_id, "organisatie/keurmerken.html", actief="keurmerken", form=form
        )

    @post("/keurmerken")
    async def keurmerk_toevoegen(
        self, request: Request, organisatie_id: FromPath[str]
    ) -> Template | Redirect:
        actie = met_waarden(organisaties.add_keurmerk, own_org(request, organisatie_id), organisatie_id)
        return await self._verzend(request, organisatie_id, KEURMERK, actie)

    # --- coaches and dienstverbanden --------------------------------------------------------------

    async def _coaches(
        self,
        request: Request,
        organisatie_id: str,
        form: Formulier | None,
        status: int = 200,
        eind_fout: str | None = None,
        uitnodiging: Formulier | None = None,
        uitnodiging_fout: str | None = None,
    ) -> Template:
        actor = own_org(request, organisatie_id)
        today = clock.today()
        alle = await organisaties.coaches(actor, organisatie_id)
        alle.sort(key=lambda c: (not c["lopend"], c["naam"].lower()))
        regels, pag = pagineer(alle, request, 25)
        accounts = await uitnodigingen.accountstatus([c["id"] for c in regels if c["lopend"]])
        return await self._render(
            request,
            organisatie_id,
            "organisatie/jobcoaches.html",
            status_code=status,
            actief="jobcoaches",
            form=form or Formulier(KOPPEL_VELDEN, {"van": today, "soort": "in-dienst"}),
            regels=regels,
            pag=pag,
            vandaag=today,
            eind_fout=eind_fout,
            accounts=accounts,
            uitnodiging=uitnodiging or _uitnodiging_formulier({"van": today, "soort": "in-dienst"}),
            uitnodiging_fout=uitnodiging_fout,
        )

    @get("/jobcoaches")
    async def coaches(self, request: Request, organisatie_id: FromPath[str]) -> Template:
        return await self._coaches(request, organisatie_id, None)

    @post("/jobcoaches")
    async def coach_koppelen(self, request: Request, organisatie_id: FromPath[str]) -> Template | Redirect:
        actor = own_org(request, organisatie_id)
        raw = await read_form(request)
        form = Formulier(KOPPEL_VELDEN, raw)
        nummer = raw.get("registratienummer", "").strip()
        jobcoach_id = await jobcoaches.find_by_registratienummer(nummer) if nummer else None
        if not nummer:
            form.zet_fouten({"registratienummer": "is verplicht"})
        elif jobcoach_id is None:
            form.zet_fouten({"registratienummer": "er is geen jobcoach met dit registratienummer"})
        invoer = {
            "organisatie": organisatie_id,
            "van": raw.get("van", ""),
            "tot": raw.get("tot", ""),
            "soort": raw.get("soort", ""),
        }
        if await form.verwerk(
            DienstverbandInvoer,
            invoer,
            lambda d: jobcoaches.add_dienstverband(actor, str(jobcoach_id), values(d)),
        ):
            return terug(f"/organisatie/{organisatie_id}/jobcoaches", "coach-gekoppeld")
        return await self._coaches(request, organisatie_id, form, 400)

    @post("/jobcoaches/{jobcoach_id:str}/uitnodiging")
    async def coach_uitnodigen(
        self, request: Request, organisatie_id: FromPath[str], jobcoach_id: FromPath[str]
    ) -> Template | Redirect:
        """Invite a coach the organisation employs now to an account (the e-mail goes to the coach's own
        address in the register); a refusal is shown above the list with its status."""
        actor = own_org(request, organisatie_id)
        form = Formulier({"jobcoach": "Jobcoach"}, {})
        if await form.verwerk(
            UitnodigingInvoer,
            {"jobcoach": jobcoach_id},
            lambda d: uitnodig_coach(actor, organisatie_id, d),
        ):
            return terug(f"/organisatie/{organisatie_id}/jobcoaches", "coach-uitgenodigd")
        reden = " ".join([*form.fouten.values(), *form.algemeen])
        return await self._coaches(
            request,
            organisatie_id,
            None,
            form.status,
            uitnodiging_fout=f"De jobcoach is niet uitgenodigd: {reden}",
        )

    @post("/uitnodigingen")
    async def nieuwe_coach_uitnodigen(
        self, request: Request, organisatie_id: FromPath[str]
    ) -> Template | Redirect:
        """Register a new coach, propose the dienstverband and e-mail the invitation, in one command."""
        actor = own_org(request, organisatie_id)
        raw = await read_form(request)
        form = _uitnodiging_formulier(raw)
        coach = {k: raw.get(k, "") for k in ("voornaam", "tussenvoegsel", "achternaam", "email")}
        invoer: dict[str, Any] = {
            "nieuweJobcoach": {k: v for k, v in coach.items() if v.strip()},
            "dienstverband": {k: raw.get(k, "") for k in ("soort", "van", "tot") if raw.get(k, "").strip()},
        }
        if raw.get("gebruikersnaam", "").strip():
            invoer["gebruikersnaam"] = raw["gebruikersnaam"].strip()
        form.eis(raw, "voornaam", "achternaam", "email", "soort", "van")
        if await form.verwerk(
            UitnodigingInvoer,
            invoer,
            lambda d: uitnodig_coach(actor, organisatie_id, d),
        ):
            return terug(f"/organisatie/{organisatie_id}/jobcoaches", "nieuwe-coach-uitgenodigd")
        return await self._coaches(request, organisatie_id, None, form.status, uitnodiging=form)

    @get("/jobcoaches/{jobcoach_id:str}")
    async def coach(
        self, request: Request, organisatie_id: FromPath[str], jobcoach_id: FromPath[str]
    ) -> Template:
        actor = own_org(request, organisatie_id)
        mine = [
            c
            for c in await organisaties.coaches(actor, organisatie_id)
            if c["id"] == jobcoach_id and c["dienstverband_status"] == "bevestigd"
        ]
        if not mine:
            raise NotFound("Deze jobcoach is niet (bevestigd) aan uw organisatie gekoppeld.")
        dossier = await jobcoaches.dossier(actor, jobcoach_id)
        return await self._render(
            request,
            organisatie_id,
            "organisatie/jobcoach.html",
            actief="jobcoaches",
            coach=dossier,
            coach_overzicht=samenvatting(dossier, await jobcoaches.kwalificatiebeeld(actor, jobcoach_id)),
            coach_werkgebied=await werkgebied_tekst(dossier["werkgebied"]),
            dienstverbanden=mine,
        )

    async def _beslis(
        self, request: Request, organisatie_id: str, dienstverband_id: str, besluit: str
    ) -> Redirect:
        actor = own_org(request, organisatie_id)
        match = [
            c
            for c in await organisaties.coaches(actor, organisatie_id)
            if c["dienstverband"] == dienstverband_id
        ]
        if not match:
            raise NotFound("Dienstverband niet gevonden.")
        await jobcoaches.beslis_dienstverband(actor, match[0]["id"], dienstverband_id, besluit, None)
        return terug(f"/organisatie/{organisatie_id}/jobcoaches", f"dienstverband-{besluit}")

    @post("/dienstverbanden/{dienstverband_id:str}/bevestigen")
    async def dienstverband_bevestigen(
        self, request: Request, organisatie_id: FromPath[str], dienstverband_id: FromPath[str]
    ) -> Redirect:
        return await self._beslis(request, organisatie_id, dienstverband_id, "bevestigd")

    @post("/dienstverbanden/{dienstverband_id:str}/weigeren")
    async def dienstverband_weigeren(
        self, request: Request, organisatie_id: FromPath[str], dienstverband_id: FromPath[str]
    ) -> Redirect:
        return await self._beslis(request, organisatie_id, dienstverband_id, "geweigerd")

    @post("/dienstverbanden/{dienstverband_id:str}/beeindigen")
    async def dienstverband_beeindigen(
        self, request: Request, organisatie_id: FromPath[str], dienstverband_id: FromPath[str]
    ) -> Template | Redirect:
        actor = own_org(request, organisatie_id)
        match = [
            c
            for c in await organisaties.coaches(actor, organisatie_id)
            if c["dienstverband"] == dienstverband_id
        ]
        if not match:
            raise NotFound("Dienstverband niet gevonden.")
        raw = await read_form(request)
        form = Formulier({"tot": "Einddatum"}, raw)
        if await form.verwerk(
            DienstverbandWijziging,
            raw,
            lambda d: jobcoaches.end_dienstverband(actor, match[0]["id"], dienstverband_id, d.tot),
        ):
            return terug(f"/organisatie/{organisatie_id}/jobcoaches", "dienstverband-beeindigd")
        fouten = [f"Einddatum: {t}" for t in form.fouten.values()] + form.algemeen
        return await self._coaches(
            request,
            organisatie_id,
            None,
            400,
            eind_fout=f"Het dienstverband van {match[0]['naam']} is niet beëindigd. " + " ".join(fouten),
        )


def _borging_gewijzigd(data: Any, huidig: dict[str, Any] | None) -> bool:
    if huidig is None:
        return True
    if data.ingangsdatum != huidig["ingangsdatum"] or data.toelichting != (huidig["toelichting"] or ""):
        return True
    if set(data.bewijsstukken) != set(huidig["bewijsstukken"]):
        return True
    if isinstance(data, Klachtprocedure):
        return (data.ontvangstbevestiging_dagen, data.afhandeling_weken, data.klachtencommissie) != (
            huidig["ontvangstbevestiging_dagen"],
            huidig["afhandeling_weken"],
            huidig["klachtencommissie"] or "",
        )
    return False


def _uitnodiging_formulier(waarden: dict[str, Any]) -> Formulier:
    """The form that registers and invites a new coach (its field ids prefixed: the page has a second form
    with the fields soort, van and tot)."""
    return Formulier(UITNODIGING_VELDEN, waarden, aliassen=UITNODIGING_ALIASSEN, voorvoegsel="uitnodiging")
