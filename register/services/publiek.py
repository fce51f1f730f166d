"""The public register: what anyone may see about coaches and organisations, without logging in.

Only public facts leave this module (a whitelist, built field by field): name, registratienummer,
status, the organisations a coach works for today, werkgebied, and keurmerken that an auditor has
verified (schema, status, end date, derived `verlopen`). Never e-mail, phone, trajecten, scholing,
feedback or unverified claims. Coaches are public while `actief` or `geschorst` (shown as geschorst,
as real registers do); `aangemeld` and `uitgeschreven` coaches do not exist for the public.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from register import arbeidsmarktregios, clock
from register.errors import FieldError, InvalidInput, NotFound
from register.kwaliteit import keurmerk_verlopen
from register.services import gemeenten, zoeken
from register.services.common import as_uuid
from register.tables import Dienstverband, Gemeente, Jobcoach, Keurmerk, Organisatie, Werkgebied
from register.validators import check_gemeente_code, check_no_bsn

PUBLIEKE_STATUSSEN = zoeken.PUBLIEKE_STATUSSEN
SCHEMAS = {
    "jobcoach": ("noloc", "nvs"),
    "organisatie": ("blik-op-werk", "oval", "uwv"),
}
SCHEMA_NAMEN = {
    "noloc": "Noloc Register Jobcoach",
    "nvs": "NVS / Nationaal Jobcoach Register",
    "blik-op-werk": "Blik op Werk Keurmerk",
    "oval": "OVAL-keurmerk",
    "uwv": "UWV-erkenning",
}
VERLOOPT_BINNENKORT_DAGEN = 90
WEERGAVEN = {
    "geldig": "Geldig",
    "verloopt-binnenkort": "Verloopt binnenkort",
    "verlopen": "Verlopen",
    "geschorst": "Geschorst",
    "ingetrokken": "Ingetrokken",
    "aangevraagd": "Aangevraagd",
    "herregistratie-in-behandeling": "Herregistratie in behandeling",
}
MAX_ZOEKTEKST = 100


# --- pure rules ----------------------------------------------------------------------------------------


def keurmerk_weergave(status: str, geldig_tot: dt.date, vandaag: dt.date) -> str:
    """The badge the public sees for a keurmerk: a code of WEERGAVEN.

    A suspended or withdrawn keurmerk shows as such whatever its date; a recertification under
    assessment shows as that, also after the end date; otherwise the end date decides: past it is
    `verlopen`, within 90 days `verloopt-binnenkort`.
    """
    if status in ("ingetrokken", "geschorst", "herregistratie-in-behandeling"):
        return status
    if keurmerk_verlopen(geldig_tot, vandaag):
        return "verlopen"
    if status == "aangevraagd":
        return "aangevraagd"
    if (geldig_tot - vandaag).days < VERLOOPT_BINNENKORT_DAGEN:
        return "verloopt-binnenkort"
    return "geldig"


@dataclass(frozen=True)
class Filters:
    zoek: str = ""
    gemeente: str | None = None
    arbeidsmarktregio: str | None = None
    schema: str | None = None


async def check_filters(soort: Literal["jobcoach", "organisatie"], raw: dict[str, str | None]) -> Filters:
    """Validate the search parameters; every bad one is reported at once (InvalidInput)."""
    errors: list[FieldError] = []
    zoek = (raw.get("zoek") or "").strip()
    if len(zoek) > MAX_ZOEKTEKST:
        errors.append(FieldError("zoek", f"mag hoogstens {MAX_ZOEKTEKST} tekens lang zijn"))
    elif reason := check_no_bsn(zoek):
        errors.append(FieldError("zoek", reason))
    gemeente = (raw.get("gemeente") or "").strip().upper() or None
    if gemeente and (reason := check_gemeente_code(gemeente)):
        errors.append(FieldError("gemeente", reason))
    elif gemeente and (unknown := await gemeenten.check_known([gemeente], "gemeente")):
        errors.append(FieldError("gemeente", unknown[0].reason))
    regio = (raw.get("arbeidsmarktregio") or "").strip().lower() or None
    if regio and arbeidsmarktregios.get(regio) is None:
        errors.append(
            FieldError(
                "arbeidsmarktregio",
                "is geen bekende arbeidsmarktregio; gebruik de code, zoals rijnmond of groot-amsterdam",
            )
        )
    schema = (raw.get("schema") or "").strip().lower() or None
    if schema and schema not in SCHEMAS[soort]:
        errors.append(FieldError("schema", "moet een van deze zijn: " + ", ".join(SCHEMAS[soort])))
    if errors:
        raise InvalidInput(errors)
    return Filters(zoek=zoek, gemeente=gemeente, arbeidsmarktregio=regio, schema=schema)


def _gemeenten_filter(filters: Filters) -> tuple[str, ...] | None:
    """The gemeenten to filter on: the gemeente, the regio's gemeenten, or both (their overlap)."""
    codes: set[str] | None = None
    if filters.gemeente:
        codes = {filters.gemeente}
    if filters.arbeidsmarktregio:
        regio = arbeidsmarktregios.get(filters.arbeidsmarktregio)
        in_regio = set(regio.gemeenten) if regio else set()
        codes = in_regio if codes is None else codes & in_regio
    return None if codes is None else tuple(sorted(codes))


# --- views (the whitelist) -----------------------------------------------------------------------------


def _keurmerk_view(row: dict[str, Any], vandaag: dt.date) -> dict[str, Any]:
    return {
        "schema": row["schema"],
        "status": row["status"],
        "geldig_tot": row["geldig_tot"],
        "verlopen": keurmerk_verlopen(row["geldig_tot"], vandaag),
        "weergave": keurmerk_weergave(row["status"], row["geldig_tot"], vandaag),
    }


async def _keurmerken(column, ids: list[Any], vandaag: dt.date) -> dict[str, list[dict[str, Any]]]:
    """Verified keurmerken per holder; unverified claims are never public."""
    if not ids:
        return {}
    rows = (
        await Keurmerk.select(column, Keurmerk.schema, Keurmerk.status, Keurmerk.geldig_tot)
        .where(column.is_in(ids) & (Keurmerk.verificatie == "geverifieerd"))
        .order_by(Keurmerk.geldig_tot, ascending=False)
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(str(r[column._meta.name]), []).append(_keurmerk_view(r, vandaag))
    return out


async def _werkgebieden(column, ids: list[Any]) -> dict[str, list[str]]:
    if not ids:
        return {}
    rows = await Werkgebied.select(column, Werkgebied.gemeente).where(column.is_in(ids))
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(str(r[column._meta.name]), []).append(r["gemeente"])
    return {k: sorted(v) for k, v in out.items()}


def _huidig(vandaag: dt.date):
    """Dienstverbanden that run today."""
    return (Dienstverband.van <= vandaag) & (Dienstverband.tot.is_null() | (Dienstverband.tot >= vandaag))


async def _organisaties_van(coach_ids: list[Any], vandaag: dt.date) -> dict[str, list[dict[str, Any]]]:
    if not coach_ids:
        return {}
    rows = (
        await Dienstverband.select(
            Dienstverband.jobcoach,
            Dienstverband.organisatie,
            Dienstverband.organisatie.naam.as_alias("naam"),
        )
        .where(Dienstverband.jobcoach.is_in(coach_ids) & _huidig(vandaag))
        .order_by(Dienstverband.organisatie.naam)
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        mine = out.setdefault(str(r["jobcoach"]), [])
        if all(o["id"] != str(r["organisatie"]) for o in mine):
            mine.append({"id": str(r["organisatie"]), "naam": r["naam"]})
    return out


async def _coach_views(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    vandaag = clock.today()
    ids = [r["id"] for r in rows]
    werk = await _werkgebieden(Werkgebied.jobcoach, ids)
    orgs = await _organisaties_van(ids, vandaag)
    keur = await _keurmerken(Keurmerk.jobcoach, ids, vandaag)
    return [
        {
            "registratienummer": r["registratienummer"],
            "naam": f"{r['voornaam']} {r['achternaam']}",
            "status": r["status"],
            "werkgebied": werk.get(str(r["id"]), []),
            "organisaties": orgs.get(str(r["id"]), []),
            "keurmerken": keur.get(str(r["id"]), []),
        }
        for r in rows
    ]


_COACH_COLUMNS = (
    Jobcoach.id,
    Jobcoach.registratienummer,
    Jobcoach.voornaam,
    Jobcoach.achternaam,
    Jobcoach.status,
)
_ORG_COLUMNS = (
    Organisatie.id,
    Organisatie.naam,
    Organisatie.plaats,
    Organisatie.website,
    Organisatie.status,
)


async def _org_views(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    vandaag = clock.today()
    ids = [r["id"] for r in rows]
    werk = await _werkgebieden(Werkgebied.organisatie, ids)
    keur = await _keurmerken(Keurmerk.organisatie, ids, vandaag)
    return [
        {
            "id": str(r["id"]),
            "naam": r["naam"],
            "plaats": r["plaats"],
            "website": r["website"],
            "status": r["status"],
            "werkgebied": werk.get(str(r["id"]), []),
            "keurmerken": keur.get(str(r["id"]), []),
        }
        for r in rows
    ]


def _in_order(rows: list[dict[str, Any]], ids: list[str]) -> list[dict[str, Any]]:
    by_id = {str(r["id"]): r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


# --- queries -------------------------------------------------------------------------------------------


async def zoek_jobcoaches(filters: Filters, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    found = await zoeken.zoek(
        zoeken.Zoekvraag(
            soort="jobcoach",
            tekst=filters.zoek,
            gemeenten=_gemeenten_filter(filters),
            schema=filters.schema,
            peildatum=clock.today(),
        ),
        offset,
        limit,
    )
    if not found.ids:
        return [], found.totaal
    rows = await Jobcoach.select(*_COACH_COLUMNS).where(
        Jobcoach.id.is_in([as_uuid(i, "Jobcoach") for i in found.ids])
    )
    return await _coach_views(_in_order(rows, found.ids)), found.totaal


async def zoek_organisaties(filters: Filters, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    found = await zoeken.zoek(
        zoeken.Zoekvraag(
            soort="organisatie",
            tekst=filters.zoek,
            gemeenten=_gemeenten_filter(filters),
            schema=filters.schema,
            peildatum=clock.today(),
        ),
        offset,
        limit,
    )
    if not found.ids:
        return [], found.totaal
    rows = await Organisatie.select(*_ORG_COLUMNS).where(
        Organisatie.id.is_in([as_uuid(i, "Organisatie") for i in found.ids])
    )
    return await _org_views(_in_order(rows, found.ids)), found.totaal


async def _public_coach_row(registratienummer: str) -> dict[str, Any]:
    nummer = zoeken.registratienummer_in(registratienummer or "")
    row = None
    if nummer:
        row = (
            await Jobcoach.select(*_COACH_COLUMNS)
            .where(
                (Jobcoach.registratienummer == nummer)
                & Jobcoach.status.is_in(list(PUBLIEKE_STATUSSEN))
                & Jobcoach.geanonimiseerd_op.is_null()
            )
            .first()
        )
    if row is None:
        # The same answer for unknown and non-public coaches: nothing to learn from the difference.
        raise NotFound("Deze jobcoach staat niet in het openbare register.")
    return row


async def jobcoach_profiel(registratienummer: str) -> dict[str, Any]:
    row = await _public_coach_row(registratienummer)
    return (await _coach_views([row]))[0]


async def landelijk_toetsingskader_vandaag(registratienummer: str) -> str | None:
    """HOOK for the coach's public profile: "Voldoet vandaag aan het landelijke toetsingskader: …".

    To be computed by the verification work (the national default toetsingskader applied today);
    return the Dutch text after the colon (for example "ja" or "nee: persoonsregister verlopen").
    Until then it returns None and the profile does not show the line.
    """
    return None


async def organisatie_profiel(organisatie_id: str) -> dict[str, Any]:
    try:
        uid = as_uuid(organisatie_id, "Organisatie")
    except NotFound:
        raise NotFound("Deze organisatie staat niet in het openbare register.") from None
    row = (
        await Organisatie.select(*_ORG_COLUMNS)
        .where((Organisatie.id == uid) & Organisatie.status.is_in(list(PUBLIEKE_STATUSSEN)))
        .first()
    )
    if row is None:
        raise NotFound("Deze organisatie staat niet in het openbare register.")
    view = (await _org_views([row]))[0]
    coaches = await Dienstverband.select(
        Dienstverband.jobcoach.registratienummer.as_alias("registratienummer"),
        Dienstverband.jobcoach.voornaam.as_alias("voornaam"),
        Dienstverband.jobcoach.achternaam.as_alias("achternaam"),
        Dienstverband.jobcoach.status.as_alias("status"),
    ).where(
        (Dienstverband.organisatie == uid)
        & _huidig(clock.today())
        & Dienstverband.jobcoach.status.is_in(list(PUBLIEKE_STATUSSEN))
        & Dienstverband.jobcoach.geanonimiseerd_op.is_null()
    )
    seen: set[str] = set()
    view["jobcoaches"] = []
    for c in sorted(coaches, key=lambda c: (c["achternaam"].lower(), c["voornaam"].lower())):
        if c["registratienummer"] in seen:
            continue
        seen.add(c["registratienummer"])
        view["jobcoaches"].append(
            {
                "registratienummer": c["registratienummer"],
                "naam": f"{c['voornaam']} {c['achternaam']}",
                "status": c["status"],
            }
        )
    return view


async def gemeente_namen() -> dict[str, str]:
    """Code -> name of every gemeente the register knows (for pages and their select lists)."""
    rows = await Gemeente.select(Gemeente.code, Gemeente.naam).order_by(Gemeente.naam)
    return {r["code"]: r["naam"] for r in rows}
