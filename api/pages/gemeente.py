"""Pages for gemeente employees: their trajecten with the qualification status at a glance, a traject
page (hours per year against the budget, the report schedule, verify, decide), the verdict criterion by
criterion, and a printable, signed verification statement."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from api import attestatie, tabelexport
from api.controllers.common import values
from api.guards import roles
from api.pages.common import Formulier, decimaal, page, read_form, terug, verzend
from api.pages.overzicht import gemeente_grafieken
from api.pages.verklaring import controle_url, pdf_response, qr_data_uri
from api.pagination import pagina_nummer, paginering
from api.schemas_trajecten import BesluitInvoer, TrajectInvoer, VerificatieInvoer
from register import clock
from register.errors import Conflict, Forbidden, InvalidInput, NotFound
from register.opmaak import getal
from register.rules.keurmerken import weergave_code
from register.rules.uren import BASISBUDGET
from register.services import aanvragen, doelen, gemeenten, signalen, trajecten, verificaties
from register.vocabulary import GEVERIFIEERD, REGIMES

PAGE_SIZE = 50
TRAJECT_VELDEN = {
    "gemeente": "Gemeente",
    "referentie": "Uw referentie (zaak- of dossiernummer)",
    "werkgever": "Werkgever",
    "startdatum": "Startdatum",
    "regime": "Begeleidingsniveau",
    "contracturen": "Contracturen per week",
    "registratienummer": "Jobcoach",
    "kvkNummer": "Jobcoachorganisatie",
    "doelen": "SMART-doelen van de begeleiding",
}
# The coach and organisation are typed as registratienummer and KvK number; errors about them go there.
PARTIJ_VELDEN = {"jobcoach": "registratienummer", "organisatie": "kvkNummer"}
# (typed field, the field of a choice from the search step, what is looked up)
PARTIJ_ZOEKEN = (
    ("registratienummer", "jobcoachKeuze", "jobcoach"),
    ("kvkNummer", "organisatieKeuze", "organisatie"),
)
# (matches found: choose one, nothing found)
ZOEK_MELDINGEN = {
    "jobcoach": (
        "kies hieronder de jobcoach die u bedoelt",
        "geen jobcoach gevonden met deze naam of dit registratienummer (zoals JC-000123)",
    ),
    "organisatie": (
        "kies hieronder de organisatie die u bedoelt",
        "geen organisatie gevonden met deze naam of dit KvK-nummer (8 cijfers)",
    ),
}
VERIFIEER_VELDEN = {"peildatum": "Peildatum"}


def vingerafdruk(jobcoach_id: str, organisatie_id: str, startdatum: dt.date) -> str:
    """What a confirmed warning is bound to: this coach, organisation and start date (a confirmation
    never carries over to another choice)."""
    return hashlib.sha256(f"{jobcoach_id}|{organisatie_id}|{startdatum.isoformat()}".encode()).hexdigest()[
        :32
    ]


BESLUIT_VELDEN = {
    "verificatie": "Verificatie waarop het besluit steunt",
    "besluit": "Besluit",
    "toelichting": "Toelichting",
}


def besluit_formulier(waarden: dict[str, Any] | None = None) -> Formulier:
    return Formulier(BESLUIT_VELDEN, waarden, voorvoegsel="besluit")


# Why a traject with a warning (register.services.trajecten.waarschuwingen) was not saved yet: shown as a
# warning above the form (templates/gemeente/traject_nieuw.html), never in the error summary (outsider finding).
WAARSCHUWING_LEZEN = (
    "Lees de waarschuwing onder het formulier. Registreer het traject alleen als u dat bewust wilt: vink de "
    "bevestiging aan."
)


class GemeentePages(Controller):
    include_in_schema = False
    guards = [roles("gemeente")]

    @get("/gemeente")
    async def overview(self, request: Request) -> Template:
        actor = request.scope["user"]
        offset = (pagina_nummer(request) - 1) * PAGE_SIZE
        items, total = await trajecten.list_trajecten(actor, offset, PAGE_SIZE)
        meldingen, _ = await signalen.list_for(actor, 0, 20)
        return page(
            request,
            "gemeente/overzicht.html",
            trajecten=items,
            totaal=total,
            pag=paginering(request, total, PAGE_SIZE),
            signalen=[s for s in meldingen if s["ontvanger_rol"] == "gemeente"],
            gemeenten=sorted(actor.gemeente_codes),
            gemeente_namen=await gemeenten.namen(sorted(actor.gemeente_codes)),
            grafieken=await gemeente_grafieken(sorted(actor.gemeente_codes)),
        )

    @get("/gemeente/doelen")
    async def goals(self, request: Request) -> Template:
        """The coachingsdoelen across the gemeente's trajecten: how many were reached (issue 14)."""
        actor = request.scope["user"]
        return page(
            request,
            "gemeente/doelen.html",
            overzicht=await doelen.overzicht(sorted(actor.gemeente_codes)),
        )

    @get("/gemeente/export/{soort:str}")
    async def export(self, request: Request, soort: FromPath[str]) -> Response:
        """The download buttons: `soort` trajecten, verificaties or signalen; `?formaat=xlsx` for Excel,
        else CSV. The same files (and access logging) as the API's `Accept: text/csv`."""
        from api.controllers import trajecten as api_trajecten
        from api.controllers.common import als_tabel
        from api.schemas_trajecten import Signaal, Verificatie, verificatie_struct

        actor = request.scope["user"]
        formaat = tabelexport.XLSX if request.query_params.get("formaat") == "xlsx" else tabelexport.CSV
        if soort == "trajecten":
            return api_trajecten.traject_bestand(formaat, await trajecten.export_trajecten(actor))
        if soort == "verificaties":

            async def uitslagen(offset: int, limit: int):
                items, total = await verificaties.list_for_gemeente(actor, offset, limit)
                return [verificatie_struct(v) for v in items], total

            return await als_tabel(
                formaat, Verificatie, uitslagen, "verificaties", api_trajecten.verificatie_kolommen(actor)
            )
        if soort == "signalen":
            return await als_tabel(
                formaat,
                Signaal,
                lambda o, n: signalen.list_for(actor, o, n, alleen_open=False),
                "signalen",
                api_trajecten.SIGNAAL_KOLOMMEN,
            )
        raise NotFound("Deze export bestaat niet.")

    # --- a new traject ---------------------------------------------------------------------------

    async def _form(
        self,
        request: Request,
        form: Formulier,
        status: int = 200,
        *,
        keuzes: dict[str, list[dict[str, str]]] | None = None,
        waarschuwingen: tuple = (),
        vingerafdruk: str = "",
    ) -> Template:
        actor = request.scope["user"]
        return page(
            request,
            "gemeente/traject_nieuw.html",
            status_code=status,
            form=form,
            gemeenten=sorted(actor.gemeente_codes),
            gemeente_namen=await gemeenten.namen(sorted(actor.gemeente_codes)),
            regimes=regime_keuzes(),
            keuzes=keuzes or {},
            waarschuwingen=waarschuwingen,
            vingerafdruk=vingerafdruk,
        )

    @get("/gemeente/trajecten/nieuw")
    async def new(self, request: Request) -> Template:
        actor = request.scope["user"]
        waarden = {"gemeente": min(actor.gemeente_codes), "regime": "midden"}
        return await self._form(request, Formulier(TRAJECT_VELDEN, waarden, aliassen=PARTIJ_VELDEN))

    @post("/gemeente/trajecten/nieuw")
    async def create(self, request: Request) -> Template | Redirect:
        """Register a traject. Coach and organisation are found by number or, as a plain search step
        without JavaScript, by name: the matches come back as a choice at the field. Before saving, a
        coach who is not active or does not work for the organisation on the start date is a warning the
        user confirms knowingly (a checkbox bound to this coach, organisation and date)."""
        actor = request.scope["user"]
        raw = await read_form(request)
        bevestiging = raw.pop("bevestiging", "")
        keuzes: dict[str, list[dict[str, str]]] = {}
        for veld, keuze, _ in PARTIJ_ZOEKEN:
            if raw.get(keuze):  # a match chosen in the search step
                raw[veld] = raw[keuze]
            raw.pop(keuze, None)
        form = Formulier(TRAJECT_VELDEN, raw, aliassen=PARTIJ_VELDEN)
        coach_id, org_id = await trajecten.resolve_partijen(
            raw.get("registratienummer", ""), raw.get("kvkNummer", "")
        )
        for veld, _, soort in PARTIJ_ZOEKEN:
            if (coach_id if soort == "jobcoach" else org_id) or not raw.get(veld, "").strip():
                continue
            gevonden = await trajecten.zoek_partij(actor, soort, raw[veld])
            if gevonden:
                keuzes[veld] = gevonden
                form.zet_fouten({veld: ZOEK_MELDINGEN[soort][0]})
            else:
                form.zet_fouten({veld: ZOEK_MELDINGEN[soort][1]})
        if not raw.get("registratienummer", "").strip():
            form.zet_fouten({"registratienummer": "is verplicht: typ een naam of registratienummer"})
        if not raw.get("kvkNummer", "").strip():
            form.zet_fouten({"kvkNummer": "is verplicht: typ een naam of KvK-nummer"})
        invoer = {k: v for k, v in decimaal(raw, "contracturen").items() if k not in PARTIJ_VELDEN.values()}
        invoer |= {"jobcoach": coach_id or "onbekend", "organisatie": org_id or "onbekend"}
        waarschuwing: dict[str, Any] = {}

        async def aanmaken(data: TrajectInvoer) -> dict[str, Any]:
            gevonden = await trajecten.waarschuwingen(
                actor, data.jobcoach, data.organisatie, data.gemeente, data.startdatum
            )
            afdruk = vingerafdruk(data.jobcoach, data.organisatie, data.startdatum)
            if gevonden and not hmac.compare_digest(bevestiging, afdruk):
                waarschuwing.update(waarschuwingen=gevonden, vingerafdruk=afdruk)
                raise Conflict(WAARSCHUWING_LEZEN)
            try:
                return await trajecten.create(actor, values(data))
            except Forbidden as exc:  # a gemeente the form does not offer: said at that field
                raise InvalidInput.single("gemeente", exc.detail) from exc

        async def opnieuw(form: Formulier, status: int) -> Template:
            if waarschuwing:
                # not an error: the warning has its own "Let op" at the top, outside the error summary
                form.algemeen.remove(WAARSCHUWING_LEZEN)
            return await self._form(request, form, status, keuzes=keuzes, **waarschuwing)

        return await verzend(
            form,
            TrajectInvoer,
            invoer,
            aanmaken,
            klaar=lambda traject: terug(f"/gemeente/trajecten/{traject['id']}", "traject-aangemaakt"),
            opnieuw=opnieuw,
        )

    @post("/gemeente/zoeken/{soort:str}", status_code=200)
    async def zoek_partij(self, request: Request, soort: FromPath[str]) -> Response:
        """The traject form's autocomplete (static/js/zoekveld.js): matches for the typed text `q` (a
        form field, never in the URL: names are personal data) as JSON, {resultaten: [{waarde, naam,
        toelichting, status}]}. `soort`: jobcoaches or organisaties."""
        soorten = {"jobcoaches": "jobcoach", "organisaties": "organisatie"}
        if soort not in soorten:
            raise NotFound("Deze zoekopdracht bestaat niet.")
        raw = await read_form(request)
        gevonden = await trajecten.zoek_partij(request.scope["user"], soorten[soort], raw.get("q", ""))
        return Response({"resultaten": gevonden}, media_type="application/json")

    # --- one traject -----------------------------------------------------------------------------

    async def _traject_page(
        self,
        request: Request,
        traject_id: str,
        status: int = 200,
        *,
        verifieer: Formulier | None = None,
        besluit: Formulier | None = None,
    ) -> Template:
        actor = request.scope["user"]
        traject = await trajecten.get(actor, traject_id)
        if traject["gemeente"] not in actor.gemeente_codes:
            raise Forbidden("Deze pagina is voor de gemeente van het traject.")
        lijst = await verificaties.for_traject(traject["id"])
        return page(
            request,
            "gemeente/traject.html",
            status_code=status,
            traject=traject,
            verificaties=lijst,
            aanvraag_id=await aanvragen.van_traject(traject["id"]),
            vandaag=clock.today(),
            verifieer=verifieer or Formulier(VERIFIEER_VELDEN, voorvoegsel="verifieer"),
            besluit=besluit or besluit_formulier({"verificatie": lijst[0].id if lijst else ""}),
            gemeente_namen=await gemeenten.namen([traject["gemeente"]]),
        )

    @get("/gemeente/trajecten/{traject_id:str}")
    async def traject(self, request: Request, traject_id: FromPath[str]) -> Template:
        return await self._traject_page(request, traject_id)

    @post("/gemeente/trajecten/{traject_id:str}/verificaties")
    async def verify(self, request: Request, traject_id: FromPath[str]) -> Template | Redirect:
        actor = request.scope["user"]
        raw = await read_form(request)
        form = Formulier(VERIFIEER_VELDEN, raw, voorvoegsel="verifieer")

        async def verifieer(data: VerificatieInvoer) -> dict[str, Any]:
            signer = await attestatie.ondertekenaar(request.app.state.settings.base_url)
            [result] = await verificaties.verify(actor, [traject_id], data.peildatum, signer)
            return result

        return await verzend(
            form,
            VerificatieInvoer,
            raw,
            verifieer,
            klaar=lambda result: terug(f"/gemeente/verificaties/{result.id}"),
            opnieuw=lambda form, status: self._traject_page(request, traject_id, status, verifieer=form),
        )

    @post("/gemeente/trajecten/{traject_id:str}/besluit")
    async def decide(self, request: Request, traject_id: FromPath[str]) -> Template | Redirect:
        actor = request.scope["user"]
        raw = await read_form(request)
        return await verzend(
            besluit_formulier(raw),
            BesluitInvoer,
            raw,
            lambda data: trajecten.besluit(actor, traject_id, values(data)),
            klaar=terug(f"/gemeente/trajecten/{traject_id}", "besluit-vastgelegd"),
            opnieuw=lambda form, status: self._traject_page(request, traject_id, status, besluit=form),
        )

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
            besluit=besluit_formulier(
                {"verificatie": v.id, "besluit": "goedgekeurd" if v.gekwalificeerd else "afgewezen"}
            ),
        )

    async def _verklaring_context(self, request: Request, verificatie_id: str) -> dict[str, Any]:
        v = await self._verificatie(request, verificatie_id)
        base_url = request.app.state.settings.base_url
        return {
            "ver": met_keurmerk_weergave(v),
            "gemeente_namen": await gemeenten.namen([v.gemeente]),
            "qr": qr_data_uri(controle_url(base_url, v.id)),
            "controle_url": controle_url(base_url),
            "jws": v.attestatie,
        }

    @get("/gemeente/verificaties/{verificatie_id:str}/verklaring")
    async def statement(self, request: Request, verificatie_id: FromPath[str]) -> Template:
        return page(
            request, "gemeente/verklaring.html", **await self._verklaring_context(request, verificatie_id)
        )

    @get("/gemeente/verificaties/{verificatie_id:str}/verklaring.pdf")
    async def statement_pdf(self, request: Request, verificatie_id: FromPath[str]) -> Response:
        """The statement as a PDF (WeasyPrint): the same letterhead, verdict, kenmerk and QR code."""
        context = await self._verklaring_context(request, verificatie_id)
        return await pdf_response(
            request,
            "gemeente/verklaring_pdf.html",
            f"verificatieverklaring-{context['ver'].id}.pdf",
            **context,
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
