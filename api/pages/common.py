"""Helpers for page controllers: the template context, forms with inline errors and paging. Labels, dates
and numbers come from api/weergave.py (the template helpers) and register.opmaak.

A page form is validated with the same msgspec Struct as the JSON API (`parse_form`), so a field is
refused for the same reason, in the same words, on both. Field names in forms are the API's camelCase
names, so an error from a Struct or a service lands next to the field it is about.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from litestar import Request
from litestar.response import Redirect, Template

from api.controllers.common import values
from api.validation import validate_payload
from register.actor import Actor
from register.errors import Conflict, DomainError, FieldError, InvalidInput
from register.opmaak import getal
from register.vocabulary import gemeente_naam

# --- Dutch number input ---------------------------------------------------------------------------------


def decimaal(raw: dict[str, Any], *names: str) -> dict[str, Any]:
    """Accept a decimal comma ("3,5") in number fields, as Dutch users type it."""
    out = dict(raw)
    for name in names:
        if isinstance(out.get(name), str):
            out[name] = out[name].strip().replace(",", ".")
    return out


# --- the page response -----------------------------------------------------------------------------

MELDINGEN = {
    "opgeslagen": "De wijzigingen zijn opgeslagen.",
    "wachtwoord-gewijzigd": "Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd.",
    "geen-wijzigingen": "Er was niets gewijzigd; er is niets opgeslagen.",
    "opleiding-toegevoegd": "De opleiding is toegevoegd. Een auditor verifieert haar.",
    "keurmerk-toegevoegd": "Het keurmerk is toegevoegd. Een auditor verifieert het.",
    "keurmerk-bijgewerkt": "Het keurmerk is bijgewerkt. Een auditor verifieert het opnieuw.",
    "scholing-toegevoegd": "De scholing is toegevoegd. Een auditor verifieert haar.",
    "claim-herindiend": "Het gegeven is gecorrigeerd en opnieuw ingediend. Een auditor verifieert het; "
    "de eerdere afwijzing en bewijsstukken blijven bewaard.",
    "document-geupload": "Het document is geüpload. Koppel het als bewijsstuk aan een opleiding, keurmerk "
    "of scholing.",
    "zelfevaluatie-volledig": "De zelfevaluatie is opgeslagen en is volledig.",
    "zelfevaluatie-onvolledig": "De zelfevaluatie is opgeslagen, maar is nog niet volledig: "
    "alleen een zelfevaluatie waarin alle negen competenties een score hebben telt mee.",
    "klacht-geregistreerd": "De klacht is geregistreerd.",
    "klacht-bijgewerkt": "De klacht is bijgewerkt.",
    "meting-toegevoegd": "De tevredenheidsmeting is vastgelegd.",
    "coach-gekoppeld": "Het dienstverband is voorgesteld. Het telt mee zodra de jobcoach het bevestigt "
    "(of, als het meer dan 30 dagen terug begint, de beheerder).",
    "dienstverband-bevestigd": "Het dienstverband is bevestigd en telt nu mee.",
    "dienstverband-geweigerd": "Het voorstel is geweigerd; het dienstverband telt niet mee.",
    "dienstverband-beeindigd": "Het dienstverband is beëindigd.",
    "account-aangemaakt": "Het account is aangemaakt.",
    "bericht-opnieuw": "Het bericht staat weer in de wachtrij; de worker probeert het opnieuw af te leveren.",
    "account-uitgenodigd": "Het account is aangemaakt; de uitnodiging wordt per e-mail verstuurd.",
    "coach-uitgenodigd": "De uitnodiging wordt per e-mail verstuurd naar het adres van de jobcoach in het "
    "register. De link is 72 uur geldig.",
    "nieuwe-coach-uitgenodigd": "De jobcoach is aangemeld en uitgenodigd per e-mail (de link is 72 uur "
    "geldig). Het dienstverband telt mee zodra de jobcoach het bevestigt.",
    "wachtwoord-ingesteld": "Uw wachtwoord is ingesteld. U kunt nu inloggen.",
    "account-gedeactiveerd": "Het account is gedeactiveerd; de gebruiker is direct uitgelogd.",
    "account-geactiveerd": "Het account is weer actief.",
    "gemeente-toegevoegd": "De gemeente is toegevoegd.",
    "jobcoach-aangemeld": "De jobcoach is aangemeld.",
    "aanmelding-beslist": "Het besluit over de aanmelding is vastgelegd.",
    "status-gewijzigd": "De status is gewijzigd.",
    "oordeel-herzien": "Het oordeel is herzien. Eerder afgegeven verificaties blijven zoals ze zijn afgegeven.",
    "organisatie-geregistreerd": "De organisatie is geregistreerd.",
    "traject-aangemaakt": "Het traject is geregistreerd.",
    "besluit-vastgelegd": "Het besluit is vastgelegd.",
    "uren-opgeslagen": "De uren zijn opgeslagen.",
    "rapportage-ingediend": "De rapportage is ingediend.",
    "geverifieerd": "Het gegeven is geverifieerd. De indiener ziet dit op het eigen overzicht.",
    "afgewezen": "Het gegeven is afgewezen. De indiener ziet de reden op het eigen overzicht.",
    "toetsing-opgeslagen": "De toetsing is als concept opgeslagen. U kunt haar nog wijzigen tot u haar vaststelt.",
    "toetsing-vastgesteld": "De toetsing is vastgesteld en kan niet meer worden gewijzigd.",
    "audit-medeondertekend": "U heeft de audit medeondertekend; haar bevindingen kunnen nu worden gesloten.",
    "toetsing-medeondertekend": "U heeft de toetsing medeondertekend; de vastleggende auditor kan haar nu vaststellen.",
    "audit-vastgelegd": "De organisatie-audit is vastgelegd. De organisatie ziet de bevindingen op haar overzicht.",
    "bevinding-gesloten": "De bevinding is gesloten.",
    "aanvraag-aangemaakt": "De aanvraag is als concept aangemaakt. Vul het Matchingsformulier in en dien het in.",
    "aanvraag-ingediend": "De aanvraag is ingediend bij de gemeente. De beslistermijn is acht weken.",
    "aanvraag-ingetrokken": "De aanvraag is ingetrokken.",
    "aanvraag-in-behandeling": "De aanvraag is in behandeling genomen.",
    "aanvraag-verdaagd": "De beslistermijn is verdaagd.",
    "aanvraag-toegekend": "De aanvraag is toegekend; dit is het traject dat daarbij is aangemaakt, met de coachingsdoelen.",
    "maatregel-afgerond": "De maatregel is als uitgevoerd gemeld. Een auditor sluit de bevinding.",
}


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> Template:
    """A page: the template with the actor, the request, the success message named in `?melding=`, the
    session's end (for the warning before it) and, on the page of a form posted after the session ended,
    the input kept across the log-in (api/pages/bewaren.py; handed over once, then the cookie goes)."""
    import api.pages.bewaren as bewaren

    actor: Actor | None = request.scope.get("user")
    melding = MELDINGEN.get(request.query_params.get("melding", ""))
    bewaarde_invoer = bewaren.voor_pagina(request) if actor else None
    if bewaarde_invoer is not None:
        # rendered into the form on the server (works without JavaScript); register.js fills the rest
        teruggezet = Formulier.zet_bewaard_terug(context.values(), bewaarde_invoer["velden"])
        bewaarde_invoer = {**bewaarde_invoer, "teruggezet": teruggezet}
    response = Template(
        template_name=template,
        context={
            "actor": actor,
            "request": request,
            "melding": melding,
            "sessie_einde": sessie_einde(request),
            "bewaarde_invoer": bewaarde_invoer,
            **context,
        },
        status_code=status_code,
    )
    if bewaarde_invoer is not None:
        response.set_cookie(bewaren.cookie(request, None))
    return response


def sessie_einde(request: Request) -> str | None:
    """When the page session ends (ISO 8601, UTC): after a renewal on this request, the new end."""
    renewed = request.scope.get("sessie_vernieuwd")
    claims = renewed[1] if renewed else (request.scope.get("auth") or {}).get("claims")
    if request.scope.get("user") is None or claims is None or claims.verloopt_op is None:
        return None
    return claims.verloopt_op.isoformat()


async def werkgebied_tekst(codes: list[str]) -> str:
    """A werkgebied as names with their codes: "Amsterdam (GM0363), Rotterdam (GM0599)"."""
    from register.services import gemeenten

    if not codes:
        return "—"
    namen = await gemeenten.namen(codes)
    return ", ".join(sorted(gemeente_naam(c, namen) for c in codes))


def terug(
    path: str, melding: str | None = None, *, anker: str | None = None, query: dict[str, str] | None = None
) -> Redirect:
    """The answer to a successful form (redirect after post): 303 to `path` with the other `query`
    parameters, the code of the success message from MELDINGEN (the page shows it) and an `anker`
    (fragment) to scroll to. Nothing personal goes into the URL: codes and ids only."""
    params = [(k, v) for k, v in (query or {}).items() if v]
    if melding:
        params.append(("melding", melding))
    url = f"{path}?{urlencode(params)}" if params else path
    return Redirect(path=f"{url}#{anker}" if anker else url, status_code=303)


# --- forms ---------------------------------------------------------------------------------------------


# The API's generic reasons (api.validation.translate) speak of JSON: lists with "element(en)", booleans as
# "true/false", ids as "UUID". A page shows the same refusal in the words of a form, beside the field's label
# (and after it in the summary), so the user reads which field and what to do.
_PAGINA_REDENEN: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^moet minstens (\d+) element\(en\) bevatten$"),
        lambda m: "kies er minstens één" if m.group(1) == "1" else f"kies er minstens {m.group(1)}",
    ),
    (re.compile(r"^mag hoogstens (\d+) elementen bevatten$"), lambda m: f"kies er hoogstens {m.group(1)}"),
    (
        re.compile(r"^moet waar of onwaar \(true/false\) zijn$"),
        lambda m: "vink het vakje aan of laat het leeg",
    ),
    (
        re.compile(r"^moet een geldige id \(UUID\) zijn$"),
        lambda m: "kies een van de mogelijkheden uit de lijst",
    ),
    (
        re.compile(r"^moet een (lijst|object) zijn$"),
        lambda m: "is niet goed ingevuld; vul het veld opnieuw in",
    ),
    (
        re.compile(r"^moet een tijdstip zijn in de vorm JJJJ-MM-DDTHH:MM:SSZ$"),
        lambda m: "moet een datum met tijd zijn, zoals 2026-12-01 14:30",
    ),
]


def pagina_reden(reden: str) -> str:
    """The reason a page form shows for a field: the API's reason, with its JSON words (element(en),
    true/false, UUID, null) put as a form would say them. Other reasons are returned unchanged."""
    for patroon, tekst in _PAGINA_REDENEN:
        if m := patroon.match(reden):
            return tekst(m)
    return reden.replace("waar of onwaar (true/false)", "aangevinkt of niet").replace(" (null)", "")


def errors_by_field(errors: list[FieldError]) -> dict[str, str]:
    """Per field name the first reason, in a page form's words (pagina_reden)."""
    out: dict[str, str] = {}
    for e in errors:
        out.setdefault(e.name, pagina_reden(e.reason))
    return out


async def form_data(request: Request) -> dict[str, Any]:
    form = await request.form()
    return {k: v for k, v in form.items() if k != "_csrf_token"}


async def read_form(request: Request, *lists: str) -> dict[str, Any]:
    """The submitted fields without the CSRF token; the names in `lists` (checkboxes) always as a list."""
    form = await request.form()
    out: dict[str, Any] = {name: [] for name in lists}
    seen: set[str] = set()
    for key in form:
        if key == "_csrf_token" or key in seen:
            continue
        seen.add(key)
        values = [v for v in form.getall(key) if isinstance(v, str)]
        out[key] = values if key in lists else (values[-1] if values else "")
    return out


def aantal_rijen(raw: dict[str, Any], patroon: re.Pattern[str], maximum: int, veld: str) -> int:
    """The number of indexed rows a posted form has (the highest index of a name matching `patroon`, whose
    first group is the 0-based index, plus one; 0 without such names). An index at or above `maximum` is
    refused before any field list is built from it, so a name such as `doelen[1000000].voortgang` cannot
    make the server build a million rows: InvalidInput (400) at `veld` with the Dutch reason."""
    aantal = 0
    for naam in raw:
        if m := patroon.match(naam):
            index = m.group(1)
            if len(index) > 6 or int(index) >= maximum:
                raise InvalidInput.single(
                    veld, f"het formulier heeft ten hoogste {maximum} regels; regel {naam} bestaat niet"
                )
            aantal = max(aantal, int(index) + 1)
    return aantal


def parse_form(struct_type: type, raw: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    """Validate form input with the same Struct as the API; empty optional fields count as absent."""
    cleaned = {k: v for k, v in raw.items() if not (isinstance(v, str) and v.strip() == "")}
    try:
        return validate_payload(struct_type, cleaned, strict=False), {}
    except InvalidInput as exc:
        return None, errors_by_field(exc.errors)


_INDEX = re.compile(r"\[\d+\]$")


class Formulier:
    """One form on a page: its fields and labels, what the user typed, and the errors per field."""

    def __init__(
        self,
        velden: dict[str, str],
        waarden: dict[str, Any] | None = None,
        *,
        aliassen: dict[str, str] | None = None,
        voorvoegsel: str = "",
    ) -> None:
        self.velden = velden
        self.waarden: dict[str, Any] = dict(waarden or {})
        self.aliassen = aliassen or {}
        self.voorvoegsel = voorvoegsel
        self.fouten: dict[str, str] = {}
        self.algemeen: list[str] = []
        self.status_code = 400
        self.resultaat: Any = None

    # errors
    def _veld(self, naam: str) -> str | None:
        for candidate in (naam, _INDEX.sub("", naam)):
            candidate = self.aliassen.get(candidate, candidate)
            if candidate in self.velden:
                return candidate
        return None

    def zet_fouten(self, errors: list[FieldError] | dict[str, str]) -> None:
        pairs = errors.items() if isinstance(errors, dict) else [(e.name, e.reason) for e in errors]
        for naam, ruwe_reden in pairs:
            reden = pagina_reden(ruwe_reden)
            veld = self._veld(naam)
            if veld is None:
                if reden not in self.algemeen:
                    self.algemeen.append(reden)
            else:
                self.fouten.setdefault(veld, reden)

    def fout(self, naam: str) -> str | None:
        return self.fouten.get(naam)

    @property
    def heeft_fouten(self) -> bool:
        return bool(self.fouten or self.algemeen)

    @property
    def status(self) -> int:
        """The HTTP status of the page that shows this form again: 400, or the status of the refusal
        the form shows (409 after a conflict)."""
        return self.status_code

    @property
    def samenvatting(self) -> list[dict[str, str | None]]:
        """The errors in the order of the form's fields, each linking to its field."""
        items: list[dict[str, str | None]] = [{"tekst": t, "anker": None} for t in self.algemeen]
        for naam in self.velden:
            if naam in self.fouten:
                items.append({"tekst": f"{self.velden[naam]}: {self.fouten[naam]}", "anker": self.id(naam)})
        return items

    # fields
    def id(self, naam: str) -> str:
        """The HTML id of a field: "veld-" and the name (with the form's prefix when a page has several
        forms with the same field names)."""
        return "veld-" + re.sub(r"[^a-zA-Z0-9]+", "-", f"{self.voorvoegsel}-{naam}").strip("-")

    def label(self, naam: str) -> str:
        return self.velden.get(naam, naam)

    def waarde(self, naam: str) -> str:
        value = self.waarden.get(naam)
        if value is None:
            return ""
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float):
            return getal(value, 2)
        return str(value)

    @staticmethod
    def zet_bewaard_terug(kandidaten: Iterable[Any], velden: dict[str, list[str]]) -> bool:
        """Put input kept across a new log-in (api/pages/bewaren.py) back into the page's form, so the
        page is rendered with it (no JavaScript needed): the Formulier among `kandidaten` that has the
        most of the kept fields gets their values (one value: a string, several: a list); fields it does
        not declare are ignored. True when a form took the input."""
        forms = [f for f in kandidaten if isinstance(f, Formulier)]
        best = max(forms, key=lambda f: len(f.velden.keys() & velden.keys()), default=None)
        if best is None or not best.velden.keys() & velden.keys():
            return False
        for naam in best.velden.keys() & velden.keys():
            waarden = velden[naam]
            best.waarden[naam] = waarden[0] if len(waarden) == 1 else list(waarden)
        return True

    def lijst(self, naam: str) -> list[str]:
        value = self.waarden.get(naam)
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list | tuple | set) else [str(value)]

    def eis(self, invoer: dict[str, Any], *namen: str) -> None:
        """Required fields that were left empty (an empty field otherwise counts as "not given")."""
        for naam in namen:
            value = invoer.get(naam)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.zet_fouten({naam: "is verplicht"})

    async def verwerk(
        self,
        struct_type: type,
        invoer: dict[str, Any],
        actie: Callable[[Any], Awaitable[Any]],
        opvangen: tuple[type[DomainError], ...] = (Conflict,),
    ) -> bool:
        """Validate `invoer` with the API's Struct and, when the form has no errors at all, run the
        service call. False (with every error on the form) when the input or the service refuses; the
        refusals in `opvangen` (by default a 409 conflict) are shown at the top of the form with their
        status, others propagate. A refused command changed nothing."""
        data, fouten = parse_form(struct_type, invoer)
        self.zet_fouten(fouten)
        if data is None or self.heeft_fouten:
            return False
        try:
            self.resultaat = await actie(data)
        except InvalidInput as exc:
            self.zet_fouten(exc.errors)
            return False
        except opvangen as exc:
            if getattr(exc, "errors", None):  # a conflict that names its fields shows at those fields
                self.zet_fouten(exc.errors)
            else:
                self.algemeen.append(exc.detail)
            self.status_code = exc.status
            return False
        return True


def met_waarden(actie: Callable[..., Awaitable[Any]], *args: Any) -> Callable[[Any], Awaitable[Any]]:
    """A service call that takes the parsed form as a plain dict after `args` (the actor, ids)."""
    return lambda data: actie(*args, values(data))


@dataclass(frozen=True)
class Formulierspec:
    """What stays the same about one form on a page: its fields with their labels, the API's Struct that
    parses it, the checkbox fields (always a list), the fields that may not be empty (elsewhere empty
    means "not given"), the number fields that accept a decimal comma, the optional fields that an empty
    value clears (`wissen`, sent as null), and the page section (`sectie`)
    and success message (`melding`, a key of MELDINGEN) the controller uses for the redirect."""

    velden: dict[str, str]
    schema: type
    sectie: str = ""
    melding: str = ""
    lijsten: tuple[str, ...] = ()
    verplicht: tuple[str, ...] = ()
    decimalen: tuple[str, ...] = ()
    wissen: tuple[str, ...] = ()

    def terug(self, *onder: str) -> Redirect:
        """The redirect after success when `sectie` is a path: to it (or a record `onder` it) with the
        success message."""
        return terug("/".join([self.sectie, *onder]), self.melding)

    def nieuw(self, waarden: dict[str, Any] | None = None) -> Formulier:
        """The form as first shown, with `waarden` filled in."""
        return Formulier(self.velden, waarden)

    async def verzend(
        self,
        request: Request,
        actie: Callable[[Any], Awaitable[Any]],
        *,
        klaar: Redirect | Callable[[Any], Redirect],
        opnieuw: Callable[[Formulier, int], Awaitable[Template]],
    ) -> Template | Redirect:
        """Read the posted form and handle it the one way (`verzend` below)."""
        raw = await read_form(request, *self.lijsten)
        form = Formulier(self.velden, raw)
        invoer = decimaal(raw, *self.decimalen)
        invoer |= {k: None for k in self.wissen if not str(invoer.get(k, "")).strip()}
        form.eis(invoer, *self.verplicht)
        return await verzend(form, self.schema, invoer, actie, klaar=klaar, opnieuw=opnieuw)


class Sectieformulieren:
    """For a controller whose pages are sections of one record, `/{gebied}/{id}/{sectie}` with the
    template `{gebied}/{sectie}.html`, rendered by the controller's `_render(request, id, template,
    status_code, **context)`: the one way such a section handles its form post."""

    gebied: str = ""

    async def _render(
        self, request: Request, record_id: str, template: str, status_code: int = 200, **context: Any
    ) -> Template:
        raise NotImplementedError

    async def _verzend(
        self,
        request: Request,
        record_id: str,
        spec: Formulierspec,
        actie: Callable[[Any], Awaitable[Any]],
        opnieuw: Callable[..., Awaitable[Template]] | None = None,
        *,
        template: str | None = None,
        pad: str | None = None,
        **context: Any,
    ) -> Template | Redirect:
        """Handle the form post: back to the section (or `pad` below the record) with the spec's success
        message, or the section again with the input and the errors: `opnieuw(request, id, form,
        status)`, by default `template` (the section's) with `context`."""

        async def sectie(form: Formulier, status: int) -> Template:
            if opnieuw is not None:
                return await opnieuw(request, record_id, form, status)
            naam = template or f"{self.gebied}/{spec.sectie}.html"
            return await self._render(
                request, record_id, naam, status, actief=spec.sectie, form=form, **context
            )

        klaar = terug(f"/{self.gebied}/{record_id}/{pad or spec.sectie}", spec.melding)
        return await spec.verzend(request, actie, klaar=klaar, opnieuw=sectie)


async def verzend(
    form: Formulier,
    struct_type: type,
    invoer: dict[str, Any],
    actie: Callable[[Any], Awaitable[Any]],
    *,
    klaar: Redirect | Callable[[Any], Redirect],
    opnieuw: Callable[[Formulier, int], Awaitable[Template]],
    opvangen: tuple[type[DomainError], ...] = (Conflict,),
) -> Template | Redirect:
    """The one shape of a form post: validate with the API's Struct, run the service call, then redirect
    (`klaar`, made with `terug`, or a function of what the service call returned) or show the form again
    with what the user typed and every error, the summary at the top (`opnieuw(form, status)`, status
    400, or 409 after a conflict)."""
    if await form.verwerk(struct_type, invoer, actie, opvangen):
        return klaar if isinstance(klaar, Redirect) else klaar(form.resultaat)
    return await opnieuw(form, form.status)
