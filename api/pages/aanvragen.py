"""Pages for the aanvraag (issue 14): the Matchingsformulier of leidraad-jobcoach-aanvraag.txt in its three
parts, drafted by the jobcoach organisation or its coach, submitted (every missing or vague part in the
error summary at once), answered after the gemeente's questions, withdrawn; and for the gemeente its work
queue by beslistermijn, taking in hand, extending the term once, and the decision with a confirmation
before a final one.

One set of routes under /aanvragen serves all three parties: what a page offers follows from how the
actor is involved (register.services.aanvragen.partij) and the status. Every write goes through
register.services.aanvragen with the API's Structs (api/schemas_aanvragen.py); form field names are the
API's paths ("werkprofiel.urenPerWeek", "match.coachingsdoelen[0].indicator"), so an error from the Struct
or from the submission check lands next to its field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from api import attestatie, documenten
from api.controllers.aanvragen import waarden
from api.controllers.common import values
from api.guards import roles
from api.pages.common import Formulier, aantal_rijen, page, parse_form, read_form, terug, verzend
from api.pages.jobcoach import gemeente_keuzes
from api.schemas_aanvragen import (
    MAX_DOELEN,
    AanvraagBesluitInvoer,
    AanvraagInvoer,
    AanvraagWijziging,
    VerdagingInvoer,
)
from register import clock
from register.actor import Actor
from register.errors import Forbidden, InvalidInput, NotFound
from register.rules import aanvraag as regels
from register.services import aanvragen, gemeenten, jobcoaches, organisaties, trajecten
from register.services.aanvragen import AanvraagRecord
from register.vocabulary import VERDAGING_MAX_WEKEN

BASIS = "/aanvragen"

NIEUW_VELDEN = {
    "gemeente": "Gemeente waaraan u de aanvraag richt",
    "organisatie": "Jobcoachorganisatie",
    "jobcoach": "Jobcoach",
    "werkgever": "Werkgever",
}
AANVRAAG_VELDEN = {
    "antwoord": "Uw antwoord aan de gemeente",
    "werkgever": "Werkgever",
    "regime": "Regime",
    "regimeMotivatie": "Motivatie van het regime",
    "contracturen": "Contracturen per week",
    "gewensteStartdatum": "Gewenste startdatum",
    "positie": "Positie van de werknemer",
    "startbudget": "Startbudget voor het opstellen van het plan",
    "werknemerprofiel.krachten": "Krachten van de werknemer",
    "werknemerprofiel.inspiratie": "Wat inspireert de werknemer in werk",
    "werknemerprofiel.vaardigheden": "Functionele vaardigheden",
    "werknemerprofiel.context": "(Sociale) context waarin de werknemer het best functioneert",
    "werknemerprofiel.beperkingen": "Beperkingen in functioneren",
    "werkprofiel.functie": "Functie",
    "werkprofiel.taken": "Taken",
    "werkprofiel.urenPerWeek": "Arbeidsuren per week",
    "werkprofiel.werkplek": "Werkplek en haar sociale context",
    "werkprofiel.werkbegeleider": "Interne werkbegeleider (rol)",
    "werkprofiel.aanpassingen": "Aanpassingen die al zijn gedaan",
    "match.kloof": "Wat ontbreekt er tussen werknemerprofiel en werkprofiel",
    "match.ondersteuningsbehoefte": "Ondersteuning die nodig is",
    "match.ondersteuningWerkgever": "Ondersteuning van de werkgever of werkbegeleider",
    "match.coachingsdoelen": "Coachingsdoelen",
}
DOEL_VELDEN = {
    "omschrijving": "omschrijving",
    "indicator": "meetbare indicator",
    "streefwaarde": "streefwaarde",
    "streefdatum": "streefdatum",
    "kernactiviteit": "kernactiviteit",
    "betreft": "betreft",
}
BESLUIT_VELDEN = {"besluit": "Besluit", "regime": "Toegekend regime", "toelichting": "Toelichting"}
VERDAGING_VELDEN = {"weken": "Aantal weken", "reden": "Reden van de verdaging"}
DEEL_TEKSTEN = ("werknemerprofiel", "werkprofiel", "match")
_DOEL = re.compile(r"^match\.coachingsdoelen\[(\d+)\]\.(\w+)$")
FINAAL = ("toegekend", "afgewezen")
DOCUMENTEN = ("aanvraag", "besluit", "begeleidingsplan")


def aanvraag_velden(aantal_doelen: int) -> dict[str, str]:
    """The labels of the aanvraag form with `aantal_doelen` goal rows, in form order (the error summary
    follows it)."""
    velden = dict(AANVRAAG_VELDEN)
    for i in range(aantal_doelen):
        for veld, naam in DOEL_VELDEN.items():
            velden[f"match.coachingsdoelen[{i}].{veld}"] = f"Doel {i + 1}, {naam}"
    return velden


def formulier_waarden(record: AanvraagRecord) -> dict[str, Any]:
    """A stored aanvraag as the flat values of the form (the API's paths as names)."""
    out: dict[str, Any] = {
        "werkgever": record.werkgever,
        "regime": record.regime,
        "regimeMotivatie": record.regime_motivatie,
        "contracturen": record.contracturen,
        "gewensteStartdatum": record.gewenste_startdatum,
        "positie": record.positie,
        "startbudget": "ja" if record.startbudget else "",
        "versie": record.versie,
    }
    for deel in DEEL_TEKSTEN:
        for naam, waarde in _api(getattr(record, deel)).items():
            if naam != "coachingsdoelen":
                out[f"{deel}.{naam}"] = waarde
    for i, doel in enumerate(record.match.coachingsdoelen):
        for veld in DOEL_VELDEN:
            out[f"match.coachingsdoelen[{i}].{veld}"] = getattr(doel, veld)
    return out


def _api(part: Any) -> dict[str, Any]:
    """A record part by its API (camelCase) names."""
    return msgspec.to_builtins(part, builtin_types=(dt.date,))


def invoer_uit_formulier(raw: dict[str, Any]) -> dict[str, Any]:
    """The posted flat form as the nested body of PATCH /api/v1/aanvragen/{id}: empty number and date
    fields are null, a goal row left entirely empty or marked for removal is dropped, the checkbox
    `startbudget` is true when ticked."""
    body: dict[str, Any] = {"startbudget": raw.get("startbudget") == "ja"}
    doelen: dict[int, dict[str, Any]] = {}
    weg: set[int] = set()
    for naam, waarde in raw.items():
        waarde = waarde.strip() if isinstance(waarde, str) else waarde
        if m := _DOEL.match(naam):
            i, veld = int(m.group(1)), m.group(2)
            if veld == "verwijder":
                weg.add(i)
            elif veld in DOEL_VELDEN:
                leeg_is_null = veld in ("streefdatum", "kernactiviteit", "betreft")
                doelen.setdefault(i, {})[veld] = (waarde or None) if leeg_is_null else waarde
        elif "." in naam:
            deel, veld = naam.split(".", 1)
            if deel in DEEL_TEKSTEN:
                body.setdefault(deel, {})[veld] = (waarde or None) if veld == "urenPerWeek" else waarde
        elif naam in ("contracturen", "gewensteStartdatum"):
            body[naam] = waarde or None
        elif naam in ("werkgever", "regime", "regimeMotivatie", "positie", "versie", "antwoord"):
            if waarde:
                body[naam] = waarde
    if isinstance(body.get("werkprofiel", {}).get("urenPerWeek"), str):
        body["werkprofiel"]["urenPerWeek"] = body["werkprofiel"]["urenPerWeek"].replace(",", ".")
    if isinstance(body.get("contracturen"), str):
        body["contracturen"] = body["contracturen"].replace(",", ".")
    rijen = [doelen[i] for i in sorted(doelen) if i not in weg and any(v for v in doelen[i].values())]
    body.setdefault("match", {})["coachingsdoelen"] = rijen
    return body


def _partij(actor: Actor, record: AanvraagRecord) -> str | None:
    return aanvragen.partij(
        actor,
        {
            "organisatie": record.organisatie,
            "jobcoach": record.jobcoach,
            "gemeente": record.gemeente,
            "ingediend_op": record.ingediend_op,
        },
    )


def _waarom_niet(actor: Actor, orgs: list[tuple[str, str]], coaches: list[tuple[str, str]]) -> str | None:
    """Why the actor cannot start an aanvraag now (None when it can): an aanvraag names an organisation
    and a coach with a confirmed dienstverband between them (register.services.aanvragen.create), so a
    coach without one, or an organisation without a confirmed coach, would only be refused on submit."""
    if orgs and coaches:
        return None
    if actor.own_jobcoach_ids and not orgs:
        return (
            "U kunt nog geen aanvraag opstellen: een aanvraag noemt de organisatie waar u als jobcoach werkt, "
            "en u heeft nog geen bevestigd dienstverband. Vraag uw organisatie het dienstverband voor te "
            "stellen, of bevestig een voorstel op uw overzicht."
        )
    return (
        "U kunt nog geen aanvraag opstellen: een aanvraag noemt een jobcoach met een bevestigd "
        "dienstverband bij uw organisatie, en die is er nog niet. Nodig een jobcoach uit of stel een "
        "dienstverband voor op de pagina Jobcoaches; zodra de jobcoach het bevestigt, kunt u aanvragen."
    )


class AanvraagPages(Controller):
    include_in_schema = False
    guards = [roles("organisatie", "jobcoach", "gemeente")]

    # --- the list: the applicant's own, the gemeente's work queue ------------------------------------

    @get(BASIS)
    async def index(self, request: Request) -> Template:
        actor: Actor = request.scope["user"]
        status = request.query_params.get("status") or None
        items, totaal = await aanvragen.list_aanvragen(actor, 0, 200, status=status)
        codes = sorted({a.gemeente for a in items})
        aanvrager = actor.has("organisatie", "jobcoach")
        return page(
            request,
            "aanvragen/overzicht.html",
            aanvragen=items,
            totaal=totaal,
            status=status,
            werkvoorraad=actor.has("gemeente") and not aanvrager,
            aanvrager=aanvrager,
            niet_mogelijk=_waarom_niet(actor, *await self._partijen(actor)) if aanvrager else None,
            gemeente_namen=await gemeenten.namen(codes),
        )

    # --- a new aanvraag ------------------------------------------------------------------------------

    async def _partijen(self, actor: Actor) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The organisations and coaches the actor may name: an organisation its confirmed coaches, a
        coach the organisations it confirmed a dienstverband with."""
        orgs: dict[str, str] = {}
        coaches: dict[str, str] = {}
        for org_id in sorted(actor.organisatie_ids):
            org = await organisaties.view(org_id)
            orgs[org_id] = org["naam"]
            for c in await organisaties.coaches(actor, org_id):
                if c["dienstverband_status"] == "bevestigd":
                    coaches[c["id"]] = f"{c['naam']} ({c['registratienummer']})"
        for coach_id in sorted(actor.own_jobcoach_ids):
            coach = await jobcoaches.view(coach_id)
            coaches[coach_id] = f"{coach['naam']} ({coach['registratienummer']})"
            for d in await jobcoaches.dienstverbanden(coach_id):
                if d["status"] == "bevestigd":
                    orgs[d["organisatie"]] = d["organisatie_naam"]
        return sorted(orgs.items(), key=lambda x: x[1]), sorted(coaches.items(), key=lambda x: x[1])

    async def _nieuw(self, request: Request, form: Formulier, status: int = 200) -> Template:
        actor: Actor = request.scope["user"]
        orgs, coaches = await self._partijen(actor)
        return page(
            request,
            "aanvragen/nieuw.html",
            status_code=status,
            form=form,
            organisaties=orgs,
            coaches=coaches,
            niet_mogelijk=_waarom_niet(actor, orgs, coaches),
            gemeenten=await gemeente_keuzes(),
        )

    @get(f"{BASIS}/nieuw", guards=[roles("organisatie", "jobcoach")])
    async def new(self, request: Request) -> Template:
        actor: Actor = request.scope["user"]
        orgs, coaches = await self._partijen(actor)
        waarden_ = {
            "organisatie": orgs[0][0] if len(orgs) == 1 else "",
            "jobcoach": coaches[0][0] if len(coaches) == 1 else "",
        }
        return await self._nieuw(request, Formulier(NIEUW_VELDEN, waarden_))

    @post(f"{BASIS}/nieuw", guards=[roles("organisatie", "jobcoach")])
    async def create(self, request: Request) -> Template | Redirect:
        actor: Actor = request.scope["user"]
        raw = await read_form(request)
        form = Formulier(NIEUW_VELDEN, raw)
        form.eis(raw, "gemeente", "organisatie", "jobcoach")

        async def maak(data: AanvraagInvoer) -> AanvraagRecord:
            try:
                return await aanvragen.create(actor, waarden(data))
            except Forbidden as exc:  # a coach or organisation the actor may not name: said at that field
                raise InvalidInput.single("jobcoach", exc.detail) from exc

        return await verzend(
            form,
            AanvraagInvoer,
            raw,
            maak,
            klaar=lambda record: terug(f"{BASIS}/{record.id}", "aanvraag-aangemaakt"),
            opnieuw=lambda form, status: self._nieuw(request, form, status),
        )

    # --- one aanvraag --------------------------------------------------------------------------------

    async def _toon(
        self,
        request: Request,
        aanvraag_id: str,
        status: int = 200,
        *,
        form: Formulier | None = None,
        besluit: Formulier | None = None,
        verdaging: Formulier | None = None,
        extra_doelen: int = 0,
    ) -> Template:
        actor: Actor = request.scope["user"]
        record = await aanvragen.get(actor, aanvraag_id)
        partij = _partij(actor, record)
        bewerkbaar = partij in ("organisatie", "jobcoach") and record.status in regels.BEWERKBAAR
        if form is None:
            rijen = max(len(record.match.coachingsdoelen) + extra_doelen, 1)
            form = Formulier(aanvraag_velden(rijen), formulier_waarden(record))
        rijen = _rijen(form)
        return page(
            request,
            "aanvragen/aanvraag.html",
            status_code=status,
            aanvraag=record,
            partij=partij,
            bewerkbaar=bewerkbaar,
            form=form,
            doelrijen=rijen,
            besluit=besluit or Formulier(BESLUIT_VELDEN, {"regime": record.regime}, voorvoegsel="besluit"),
            verdaging=verdaging or Formulier(VERDAGING_VELDEN, voorvoegsel="verdaging"),
            open_voor_besluit=partij == "gemeente" and record.status in regels.OPEN_VOOR_BESLUIT,
            verdaging_max=VERDAGING_MAX_WEKEN,
            max_doelen=MAX_DOELEN,
            gemeente_namen=await gemeenten.namen([record.gemeente]),
            fout_formulier=next((f for f in (form, besluit, verdaging) if f and f.heeft_fouten), None),
        )

    @get(f"{BASIS}/{{aanvraag_id:str}}")
    async def show(self, request: Request, aanvraag_id: FromPath[str]) -> Template:
        extra = 1 if request.query_params.get("doel") == "nieuw" else 0
        return await self._toon(request, aanvraag_id, extra_doelen=extra)

    @post(f"{BASIS}/{{aanvraag_id:str}}", guards=[roles("organisatie", "jobcoach")])
    async def save(self, request: Request, aanvraag_id: FromPath[str]) -> Template | Redirect:
        """Save the draft; the button pressed (`actie`) may also add a goal row or submit it."""
        actor: Actor = request.scope["user"]
        raw = await read_form(request)
        actie = raw.pop("actie", "opslaan")
        aantal = aantal_rijen(raw, _DOEL, MAX_DOELEN, "match.coachingsdoelen")
        form = Formulier(aanvraag_velden(max(aantal, 1)), raw)
        opgeslagen: dict[str, int] = {}

        async def bewaar(data: AanvraagWijziging) -> AanvraagRecord:
            record = await aanvragen.update(actor, aanvraag_id, waarden(data))
            opgeslagen["versie"] = record.versie
            if actie == "indienen":
                record = await aanvragen.dien_in(actor, aanvraag_id)
            return record

        async def opnieuw(form: Formulier, status: int) -> Template:
            if "versie" in opgeslagen:  # saved, the submission refused: the next save builds on it
                form.waarden["versie"] = opgeslagen["versie"]
                form.algemeen.insert(
                    0, "Uw wijzigingen zijn opgeslagen, maar de aanvraag is nog niet ingediend."
                )
            return await self._toon(request, aanvraag_id, status, form=form)

        def klaar(record: AanvraagRecord) -> Redirect:
            if actie == "indienen":
                return terug(f"{BASIS}/{record.id}", "aanvraag-ingediend")
            if actie == "doel-toevoegen":
                n = len(record.match.coachingsdoelen) + 1
                return terug(f"{BASIS}/{record.id}", "opgeslagen", anker=f"doel-{n}", query={"doel": "nieuw"})
            return terug(f"{BASIS}/{record.id}", "opgeslagen")

        return await verzend(
            form, AanvraagWijziging, invoer_uit_formulier(raw), bewaar, klaar=klaar, opnieuw=opnieuw
        )

    @post(f"{BASIS}/{{aanvraag_id:str}}/intrekking", guards=[roles("organisatie", "jobcoach")])
    async def withdraw(self, request: Request, aanvraag_id: FromPath[str]) -> Redirect:
        await aanvragen.trek_in(request.scope["user"], aanvraag_id)
        return terug(f"{BASIS}/{aanvraag_id}", "aanvraag-ingetrokken")

    # --- documents: the printable page and the PDFs ------------------------------------------------

    async def _document(self, request: Request, aanvraag_id: str, soort: str) -> dict[str, Any]:
        """What a document shows: the aanvraag and, once granted, its traject (the besluit and the
        begeleidingsplan need a decision, the begeleidingsplan a traject: 404 before)."""
        actor: Actor = request.scope["user"]
        record = await aanvragen.get(actor, aanvraag_id)
        if soort == "besluit" and not record.besluit:
            raise NotFound("Over deze aanvraag is nog niet besloten.")
        traject = await trajecten.get(actor, record.traject) if record.traject else None
        if soort == "begeleidingsplan" and traject is None:
            raise NotFound("Deze aanvraag heeft (nog) geen traject en dus geen begeleidingsplan.")
        return {
            "soort": soort,
            "a": record,
            "traject": traject,
            "vandaag": clock.today(),
            "gemeente_namen": await gemeenten.namen([record.gemeente]),
        }

    @get(f"{BASIS}/{{aanvraag_id:str}}/afdruk")
    async def printable(self, request: Request, aanvraag_id: FromPath[str]) -> Template:
        """The aanvraag as a printable page (the same document as the PDF)."""
        soort = request.query_params.get("soort", "aanvraag")
        if soort not in DOCUMENTEN:
            soort = "aanvraag"
        return page(
            request,
            "aanvragen/document.html",
            document=False,
            **await self._document(request, aanvraag_id, soort),
        )

    @get(f"{BASIS}/{{aanvraag_id:str}}/pdf")
    async def pdf(self, request: Request, aanvraag_id: FromPath[str]) -> Response:
        """The aanvraag (Matchingsformulier) as PDF."""
        context = await self._document(request, aanvraag_id, "aanvraag")
        return await documenten.pdf(
            request, "aanvragen/document.html", _naam("aanvraag", aanvraag_id), **context
        )

    @get(f"{BASIS}/{{aanvraag_id:str}}/besluit/pdf")
    async def besluit_pdf(self, request: Request, aanvraag_id: FromPath[str]) -> Response:
        """The gemeente's decision as PDF."""
        context = await self._document(request, aanvraag_id, "besluit")
        return await documenten.pdf(
            request, "aanvragen/document.html", _naam("besluit", aanvraag_id), **context
        )

    @get(f"{BASIS}/{{aanvraag_id:str}}/begeleidingsplan/pdf")
    async def plan_pdf(self, request: Request, aanvraag_id: FromPath[str]) -> Response:
        """The begeleidingsplan made from the goals at the start of the traject, as PDF."""
        context = await self._document(request, aanvraag_id, "begeleidingsplan")
        return await documenten.pdf(
            request, "aanvragen/document.html", _naam("begeleidingsplan", aanvraag_id), **context
        )

    # --- the gemeente --------------------------------------------------------------------------------

    @post(f"{BASIS}/{{aanvraag_id:str}}/behandeling", guards=[roles("gemeente")])
    async def take(self, request: Request, aanvraag_id: FromPath[str]) -> Redirect:
        await aanvragen.neem_in_behandeling(request.scope["user"], aanvraag_id)
        return terug(f"{BASIS}/{aanvraag_id}", "aanvraag-in-behandeling", anker="beoordelen")

    @post(f"{BASIS}/{{aanvraag_id:str}}/verdaging", guards=[roles("gemeente")])
    async def extend(self, request: Request, aanvraag_id: FromPath[str]) -> Template | Redirect:
        actor: Actor = request.scope["user"]
        raw = await read_form(request)
        form = Formulier(VERDAGING_VELDEN, raw, voorvoegsel="verdaging")
        form.eis(raw, "weken", "reden")
        return await verzend(
            form,
            VerdagingInvoer,
            raw,
            lambda data: aanvragen.verdaag(actor, aanvraag_id, data.weken, data.reden),
            klaar=terug(f"{BASIS}/{aanvraag_id}", "aanvraag-verdaagd"),
            opnieuw=lambda form, status: self._toon(request, aanvraag_id, status, verdaging=form),
        )

    @post(f"{BASIS}/{{aanvraag_id:str}}/besluit", guards=[roles("gemeente")])
    async def decide(self, request: Request, aanvraag_id: FromPath[str]) -> Template | Redirect:
        """A decision; a final one (toegekend, afgewezen) is first shown for confirmation (`bevestigd`)."""
        actor: Actor = request.scope["user"]
        raw = await read_form(request)
        bevestigd = raw.pop("bevestigd", "") == "ja"
        form = Formulier(BESLUIT_VELDEN, raw, voorvoegsel="besluit")
        form.eis(raw, "besluit")
        if raw.get("besluit") in ("afgewezen", "aanvulling-gevraagd"):
            form.eis(raw, "toelichting")
        if raw.get("besluit") != "toegekend":
            raw.pop("regime", None)
        if raw.get("besluit") in FINAAL and not bevestigd and not form.heeft_fouten:
            data, fouten = parse_form(AanvraagBesluitInvoer, raw)
            form.zet_fouten(fouten)
            if data is not None and not form.heeft_fouten:
                record = await aanvragen.get(actor, aanvraag_id)
                return page(
                    request,
                    "aanvragen/bevestig.html",
                    aanvraag=record,
                    keuze=values(data),
                    gemeente_namen=await gemeenten.namen([record.gemeente]),
                )

        async def beslis(data: AanvraagBesluitInvoer) -> AanvraagRecord:
            signer = await attestatie.ondertekenaar(request.app.state.settings.base_url)
            return await aanvragen.besluit(actor, aanvraag_id, values(data), signer)

        def klaar(record: AanvraagRecord) -> Redirect:
            if record.traject:
                return terug(f"/gemeente/trajecten/{record.traject}", "aanvraag-toegekend")
            return terug(f"{BASIS}/{record.id}", "besluit-vastgelegd")

        return await verzend(
            form,
            AanvraagBesluitInvoer,
            raw,
            beslis,
            klaar=klaar,
            opnieuw=lambda form, status: self._toon(request, aanvraag_id, status, besluit=form),
        )


def _rijen(form: Formulier) -> list[int]:
    """The indexes of the goal rows the form shows."""
    return sorted({int(m.group(1)) for k in form.velden if (m := _DOEL.match(k))})


def _naam(soort: str, aanvraag_id: str) -> str:
    """A document's file name: its kind and the aanvraag's short kenmerk, nothing personal."""
    return f"{soort}-AV-{aanvraag_id[:8].upper()}"
