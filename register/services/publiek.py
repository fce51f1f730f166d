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
from register.infra import historie
from register.infra.records import as_uuid
from register.kwaliteit import keurmerk_verlopen
from register.rules import feiten as feiten_rules
from register.rules import kader as kader_rules
from register.rules import namen
from register.rules.keurmerken import weergave_code
from register.rules.kwalificatie import beoordeel_persoonsgebonden
from register.services import feiten as feiten_loader
from register.services import gemeenten, toetsingskaders, zoeken
from register.tables import (
    Dienstverband,
    Gemeente,
    Jobcoach,
    Organisatie,
)
from register.validators import check_gemeente_code, check_kvk, check_no_bsn
from register.vocabulary import (
    BEVESTIGD,
    GEVERIFIEERD,
    ORGANISATIE_SCHEMAS,
    PERSOONS_SCHEMAS,
    PERSOONSGEBONDEN_CRITERIA,
)

PUBLIEKE_STATUSSEN = zoeken.PUBLIEKE_STATUSSEN
SCHEMAS = {
    "jobcoach": PERSOONS_SCHEMAS.codes,
    "organisatie": ORGANISATIE_SCHEMAS.codes,
}
MAX_ZOEKTEKST = 100


ZOEK_ZONDER_TEKENS = "moet minstens één letter of cijfer bevatten, zoals een naam of registratienummer"


@dataclass(frozen=True)
class Filters:
    zoek: str = ""
    gemeente: str | None = None
    arbeidsmarktregio: str | None = None
    schema: str | None = None
    kvk_nummer: str | None = None


async def check_filters(soort: Literal["jobcoach", "organisatie"], raw: dict[str, str | None]) -> Filters:
    """Validate the search parameters; every bad one is reported at once (InvalidInput). A `zoek` of only
    punctuation or spaces-and-punctuation is refused (it names nothing; empty `zoek` lists everyone)."""
    errors: list[FieldError] = []
    zoek = (raw.get("zoek") or "").strip()
    if len(zoek) > MAX_ZOEKTEKST:
        errors.append(FieldError("zoek", f"mag hoogstens {MAX_ZOEKTEKST} tekens lang zijn"))
    elif reason := check_no_bsn(zoek):
        errors.append(FieldError("zoek", reason))
    elif zoek and not zoeken.normaliseer(zoek):
        # only punctuation (`%`, `!!!`, `'`): no name to look for, and never "the whole register"
        errors.append(FieldError("zoek", ZOEK_ZONDER_TEKENS))
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
    kvk = raw.get("kvk_nummer")
    if kvk is not None and (reason := check_kvk(kvk)):
        errors.append(FieldError("kvkNummer", reason))
    if errors:
        raise InvalidInput(errors)
    return Filters(zoek=zoek, gemeente=gemeente, arbeidsmarktregio=regio, schema=schema, kvk_nummer=kvk)


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
    """A verified keurmerk (only those are public) with its state today: `weergave` is a code of
    KEURMERK_WEERGAVEN, decided by register/rules/keurmerken.py like on every other page."""
    return {
        "schema": row["schema"],
        "status": row["status"],
        "geldig_tot": row["geldig_tot"],
        "verlopen": keurmerk_verlopen(row["geldig_tot"], vandaag),
        "weergave": weergave_code(
            row["status"], GEVERIFIEERD, row["geldig_tot"], vandaag, row.get("ingangsdatum")
        ),
    }


def _huidig(vandaag: dt.date):
    """Confirmed dienstverbanden that run today (a proposal is never public)."""
    return (
        (Dienstverband.status == BEVESTIGD)
        & (Dienstverband.van <= vandaag)
        & (Dienstverband.tot.is_null() | (Dienstverband.tot >= vandaag))
    )


def _datum(value: Any) -> dt.date | None:
    # a UNION loses the column types on SQLite: dates come back as ISO text there
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass
class _Details:
    werkgebied: dict[str, list[str]]
    organisaties: dict[str, list[dict[str, Any]]]
    keurmerken: dict[str, list[dict[str, Any]]]


async def _details(eigenaar: Literal["jobcoach", "organisatie"], ids: list[Any]) -> _Details:
    """Werkgebied, verified keurmerken and (for coaches) today's organisations of many coaches or
    organisations, in one round trip: a UNION ALL of one branch per kind, each on an indexed foreign key.
    Unverified keurmerk claims are never public. The SQL holds constants and placeholders only."""
    out = _Details({}, {}, {})
    if not ids:
        return out
    vandaag = historie.vandaag()
    marks = ", ".join("{}" for _ in ids)
    branches = [
        f"SELECT 'werkgebied' AS soort, w.{eigenaar} AS eigenaar, w.gemeente AS a, NULL AS b, NULL AS c, "  # noqa: S608
        "NULL AS d "
        f"FROM werkgebied w WHERE w.{eigenaar} IN ({marks})",
        # the status and validity in force today (register.infra.historie), not the newest version
        f"SELECT 'keurmerk', k.{eigenaar}, k.schema, {historie.keurmerkversie_sql('k', 'status')}, "  # noqa: S608
        f"{historie.keurmerkversie_sql('k', 'geldig_tot')}, k.ingangsdatum "
        "FROM keurmerk k "
        f"WHERE k.{eigenaar} IN ({marks}) AND k.verificatie = 'geverifieerd'",
    ]
    args = [*ids, vandaag, vandaag, *ids]
    if eigenaar == "jobcoach":
        branches.append(
            "SELECT 'organisatie', d.jobcoach, CAST(d.organisatie AS text), o.naam, NULL, NULL "  # noqa: S608
            "FROM dienstverband d JOIN organisatie o ON o.id = d.organisatie "
            f"WHERE d.jobcoach IN ({marks}) AND d.status = 'bevestigd' "
            "AND d.van <= {} AND (d.tot IS NULL OR d.tot >= {})"
        )
        args += [*ids, vandaag, vandaag]
    for r in await Jobcoach.raw(" UNION ALL ".join(branches), *args):
        owner = str(r["eigenaar"])
        if r["soort"] == "werkgebied":
            out.werkgebied.setdefault(owner, []).append(r["a"])
        elif r["soort"] == "keurmerk":
            row = {
                "schema": r["a"],
                "status": r["b"],
                "geldig_tot": _datum(r["c"]),
                "ingangsdatum": _datum(r["d"]),
            }
            out.keurmerken.setdefault(owner, []).append(_keurmerk_view(row, vandaag))
        else:
            mine = out.organisaties.setdefault(owner, [])
            if all(o["id"] != r["a"] for o in mine):
                mine.append({"id": r["a"], "naam": r["b"]})
    for gemeenten_ in out.werkgebied.values():
        gemeenten_.sort()
    for keurmerken_ in out.keurmerken.values():
        keurmerken_.sort(key=lambda k: k["geldig_tot"], reverse=True)
    for organisaties_ in out.organisaties.values():
        organisaties_.sort(key=lambda o: o["naam"])
    return out


async def _coach_views(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    details = await _details("jobcoach", [r["id"] for r in rows])
    return [
        {
            "id": str(r["id"]),
            "registratienummer": r["registratienummer"],
            "naam": namen.volledige_naam(r["voornaam"], r["tussenvoegsel"], r["achternaam"]),
            "status": r["status"],
            "werkgebied": details.werkgebied.get(str(r["id"]), []),
            "organisaties": details.organisaties.get(str(r["id"]), []),
            "keurmerken": details.keurmerken.get(str(r["id"]), []),
        }
        for r in rows
    ]


_COACH_COLUMNS = (
    Jobcoach.id,
    Jobcoach.registratienummer,
    Jobcoach.voornaam,
    Jobcoach.tussenvoegsel,
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
    details = await _details("organisatie", [r["id"] for r in rows])
    return [
        {
            "id": str(r["id"]),
            "naam": r["naam"],
            "plaats": r["plaats"],
            "website": r["website"],
            "status": r["status"],
            "werkgebied": details.werkgebied.get(str(r["id"]), []),
            "keurmerken": details.keurmerken.get(str(r["id"]), []),
        }
        for r in rows
    ]


def _in_order(rows: list[dict[str, Any]], ids: list[str]) -> list[dict[str, Any]]:
    by_id = {str(r["id"]): r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


# --- queries -------------------------------------------------------------------------------------------


async def zoek_jobcoaches(
    filters: Filters, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int, bool]:
    """One page of public coaches, best match first; the number of hits and whether that number is a lower
    bound (more than it, see register.services.zoeken.AANTAL_GRENS)."""
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
        return [], found.totaal, found.ondergrens
    rows = await Jobcoach.select(*_COACH_COLUMNS).where(
        Jobcoach.id.is_in([as_uuid(i, "Jobcoach") for i in found.ids])
    )
    return await _coach_views(_in_order(rows, found.ids)), found.totaal, found.ondergrens


async def zoek_organisaties(
    filters: Filters, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int, bool]:
    """As zoek_jobcoaches, for organisations."""
    found = await zoeken.zoek(
        zoeken.Zoekvraag(
            soort="organisatie",
            tekst=filters.zoek,
            gemeenten=_gemeenten_filter(filters),
            schema=filters.schema,
            peildatum=clock.today(),
            kvk_nummer=filters.kvk_nummer,
        ),
        offset,
        limit,
    )
    if not found.ids:
        return [], found.totaal, found.ondergrens
    rows = await Organisatie.select(*_ORG_COLUMNS).where(
        Organisatie.id.is_in([as_uuid(i, "Organisatie") for i in found.ids])
    )
    return await _org_views(_in_order(rows, found.ids)), found.totaal, found.ondergrens


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


# The criteria of a toetsingskader that concern the coach alone; the others (dienstverband,
# organisatie-keurmerk, klachtprocedure, kwaliteitsborging) need a traject and its organisation.
PERSOONSGEBONDEN = PERSOONSGEBONDEN_CRITERIA


def persoonsgebonden_oordeel(
    coach: feiten_rules.CoachFeiten, kader: kader_rules.Kader, vandaag: dt.date
) -> tuple[bool, list[str]]:
    """Pure: does the coach meet the coach-level criteria that this kader requires on this day?
    Returns (yes/no, codes of the required coach-level criteria not met). The organisation-level
    criteria are not evaluated (register.rules.kwalificatie.beoordeel_persoonsgebonden)."""
    oordeel = beoordeel_persoonsgebonden(coach, kader, vandaag)
    niet = [r.code for r in oordeel.criteria if r.vereist and not r.voldaan]
    return not niet, niet


def persoonsgebonden_tekst(voldoet: bool) -> str:
    """The public line: only yes or no. Which criteria a coach does not meet is not a public fact (issue
    #17); the coach sees them on their own dashboard, a gemeente in a verification."""
    if voldoet:
        return "ja, aan de persoonsgebonden eisen (de eisen aan de organisatie gelden per traject)"
    return "nee, niet aan de persoonsgebonden eisen (de eisen aan de organisatie gelden per traject)"


async def landelijk_toetsingskader_vandaag(registratienummer: str) -> str | None:
    """For the coach's public profile: "Voldoet vandaag aan het landelijke toetsingskader: …".

    The national kader in force today (the beheerder's newest version, else the built-in default) is
    applied with the verification's pure rules to the coach's own facts, gathered as the verification
    gathers them. Without a traject only the coach-level criteria (PERSOONSGEBONDEN) can be judged, and
    the text says so. Only yes or no is shown: not which criteria fail, no dates, hours or claims.
    """
    row = await _public_coach_row(registratienummer)
    coach = (
        await Jobcoach.select(Jobcoach.id, Jobcoach.status)
        .where(Jobcoach.registratienummer == row["registratienummer"])
        .first()
    )
    if coach is None:
        return None
    vandaag = clock.today()
    kader = await toetsingskaders.landelijk_kader(vandaag)
    feiten = await feiten_loader.load_coach(
        coach["id"], registratienummer=row["registratienummer"], status=coach["status"]
    )
    return persoonsgebonden_tekst(persoonsgebonden_oordeel(feiten, kader, vandaag)[0])


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
        Dienstverband.jobcoach.tussenvoegsel.as_alias("tussenvoegsel"),
        Dienstverband.jobcoach.achternaam.as_alias("achternaam"),
        Dienstverband.jobcoach.sorteersleutel.as_alias("sorteersleutel"),
        Dienstverband.jobcoach.status.as_alias("status"),
    ).where(
        (Dienstverband.organisatie == uid)
        & _huidig(clock.today())
        & Dienstverband.jobcoach.status.is_in(list(PUBLIEKE_STATUSSEN))
        & Dienstverband.jobcoach.geanonimiseerd_op.is_null()
    )
    seen: set[str] = set()
    view["jobcoaches"] = []
    for c in sorted(coaches, key=lambda c: (c["sorteersleutel"], c["registratienummer"])):
        if c["registratienummer"] in seen:
            continue
        seen.add(c["registratienummer"])
        view["jobcoaches"].append(
            {
                "registratienummer": c["registratienummer"],
                "naam": namen.volledige_naam(c["voornaam"], c["tussenvoegsel"], c["achternaam"]),
                "status": c["status"],
            }
        )
    return view


async def gemeente_namen() -> dict[str, str]:
    """Code -> name of every gemeente the register knows (for pages and their select lists)."""
    rows = await Gemeente.select(Gemeente.code, Gemeente.naam).order_by(Gemeente.naam)
    return {r["code"]: r["naam"] for r in rows}
