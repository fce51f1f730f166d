"""Helpers for page controllers: the template context, forms with inline errors and paging. Labels, dates
and numbers come from api/weergave.py (the template helpers) and register.opmaak.

A page form is validated with the same msgspec Struct as the JSON API (`parse_form`), so a field is
refused for the same reason, in the same words, on both. Field names in forms are the API's camelCase
names, so an error from a Struct or a service lands next to the field it is about.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from litestar import Request
from litestar.response import Redirect, Template

from api.validation import validate_payload
from register.actor import Actor
from register.errors import Conflict, FieldError, InvalidInput
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
    "account-uitgenodigd": "Het account is aangemaakt; de uitnodiging wordt per e-mail verstuurd.",
    "wachtwoord-ingesteld": "Uw wachtwoord is ingesteld. U kunt nu inloggen.",
    "account-gedeactiveerd": "Het account is gedeactiveerd; de gebruiker is direct uitgelogd.",
    "account-geactiveerd": "Het account is weer actief.",
    "gemeente-toegevoegd": "De gemeente is toegevoegd.",
    "jobcoach-aangemeld": "De jobcoach is aangemeld.",
    "status-gewijzigd": "De status is gewijzigd.",
    "organisatie-geregistreerd": "De organisatie is geregistreerd.",
}


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> Template:
    actor: Actor | None = request.scope.get("user")
    melding = MELDINGEN.get(request.query_params.get("melding", ""))
    return Template(
        template_name=template,
        context={"actor": actor, "request": request, "melding": melding, **context},
        status_code=status_code,
    )


async def werkgebied_tekst(codes: list[str]) -> str:
    """A werkgebied as names with their codes: "Amsterdam (GM0363), Rotterdam (GM0599)"."""
    from register.services import gemeenten

    if not codes:
        return "—"
    namen = await gemeenten.namen(codes)
    return ", ".join(sorted(gemeente_naam(c, namen) for c in codes))


def terug(path: str, melding: str) -> Redirect:
    """The answer to a successful form: 303 back to a page, which shows the success message."""
    return Redirect(path=f"{path}?{urlencode({'melding': melding})}", status_code=303)


# --- forms ---------------------------------------------------------------------------------------------


def errors_by_field(errors: list[FieldError]) -> dict[str, str]:
    out: dict[str, str] = {}
    for e in errors:
        out.setdefault(e.name, e.reason)
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
    ) -> None:
        self.velden = velden
        self.waarden: dict[str, Any] = dict(waarden or {})
        self.aliassen = aliassen or {}
        self.fouten: dict[str, str] = {}
        self.algemeen: list[str] = []

    # errors
    def _veld(self, naam: str) -> str | None:
        for candidate in (naam, _INDEX.sub("", naam)):
            candidate = self.aliassen.get(candidate, candidate)
            if candidate in self.velden:
                return candidate
        return None

    def zet_fouten(self, errors: list[FieldError] | dict[str, str]) -> None:
        pairs = errors.items() if isinstance(errors, dict) else [(e.name, e.reason) for e in errors]
        for naam, reden in pairs:
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
    def samenvatting(self) -> list[dict[str, str | None]]:
        """The errors in the order of the form's fields, each linking to its field."""
        items: list[dict[str, str | None]] = [{"tekst": t, "anker": None} for t in self.algemeen]
        for naam in self.velden:
            if naam in self.fouten:
                items.append({"tekst": f"{self.velden[naam]}: {self.fouten[naam]}", "anker": self.id(naam)})
        return items

    # fields
    def id(self, naam: str) -> str:
        return "veld-" + re.sub(r"[^a-zA-Z0-9]+", "-", naam).strip("-")

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
        self, struct_type: type, invoer: dict[str, Any], actie: Callable[[Any], Awaitable[Any]]
    ) -> bool:
        """Validate `invoer` with the API's Struct and, when the form has no errors at all, run the
        service call. False (with every error on the form) when the input or the service refuses;
        a refused command changed nothing."""
        data, fouten = parse_form(struct_type, invoer)
        self.zet_fouten(fouten)
        if data is None or self.heeft_fouten:
            return False
        try:
            await actie(data)
        except InvalidInput as exc:
            self.zet_fouten(exc.errors)
            return False
        except Conflict as exc:
            self.algemeen.append(exc.detail)
            return False
        return True


# --- paging ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paginering:
    nummer: int
    grootte: int
    totaal: int
    pad: str
    query: tuple[tuple[str, str], ...] = ()

    @property
    def offset(self) -> int:
        return (self.nummer - 1) * self.grootte

    @property
    def aantal_paginas(self) -> int:
        return max(1, math.ceil(self.totaal / self.grootte))

    def url(self, nummer: int) -> str:
        return f"{self.pad}?{urlencode([*self.query, ('pagina', str(nummer))])}"

    @property
    def vorige(self) -> str | None:
        return self.url(self.nummer - 1) if self.nummer > 1 else None

    @property
    def volgende(self) -> str | None:
        return self.url(self.nummer + 1) if self.nummer < self.aantal_paginas else None


def pagina_nummer(request: Request) -> int:
    raw = request.query_params.get("pagina", "1")
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 100_000 else 1


def paginering(request: Request, totaal: int, grootte: int = 25) -> Paginering:
    query = tuple((k, v) for k, v in request.query_params.multi_items() if k not in ("pagina", "melding"))
    return Paginering(pagina_nummer(request), grootte, totaal, request.url.path, query)


def pagineer(items: list[Any], request: Request, grootte: int = 25) -> tuple[list[Any], Paginering]:
    """Page through a list that is already in memory."""
    pag = paginering(request, len(items), grootte)
    return items[pag.offset : pag.offset + grootte], pag
