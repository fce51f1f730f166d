"""Verifications: does a traject's coach and organisation qualify on a peildatum?

A verification is always computed from the current database state (one set-based fact query for any
number of trajecten, see register.services.feiten), under the toetsingskader version in force on the
peildatum, stored immutably with the full verdict and a signed statement. A single verification is a
bulk of one. Reading a coach's facts for someone else is logged in the access log.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from typing import Any, Protocol

import msgspec

from register import clock, db
from register.actor import Actor
from register.errors import FieldError, InvalidInput, NotFound
from register.infra import auditlog, inzage, tlog
from register.infra.bulk import insert_rows
from register.infra.records import as_uuid
from register.rules import kader as kaders
from register.rules import namen
from register.rules.feiten import bronnen as gebruikte_bronnen
from register.rules.kwalificatie import Oordeel
from register.services import signalen
from register.services.feiten import TrajectInfo, load, oordeel_voor
from register.tables import Jobcoach, Organisatie, Traject, Verificatie

DOEL = "verificatie traject"
STORE_COLUMNS = (
    "id",
    "traject",
    "jobcoach",
    "organisatie",
    "gemeente",
    "peildatum",
    "gekwalificeerd",
    "kader_gemeente",
    "kader_versie",
    "criteria",
    "bronnen",
    "attestatie",
    "aangemaakt_op",
    "aangemaakt_door",
)
LOPEND = ("goedgekeurd", "lopend")
MAX_BULK = 1000


class Ondertekenaar(Protocol):
    def attest(self, verificatie: dict[str, Any]) -> str: ...


class KaderRef(msgspec.Struct, frozen=True):
    """The toetsingskader version a verdict used: `gemeente` is a CBS code (`GM0599`), None for the
    landelijk kader; `versie` counts from 1 per gemeente."""

    gemeente: str | None
    versie: int


class Uitslag(msgspec.Struct, frozen=True, kw_only=True):
    """A stored verification (API.md "Trajecten and verification"). Ids are UUID strings; `peildatum` is a
    calendar day in Europe/Amsterdam; `aangemaakt_op` is an aware UTC moment; `criteria` are the verdict's
    criterion objects as signed (camelCase keys: code, vereist, voldaan, toelichting, bewijs); `attestatie`
    is the compact JWS (api.attestatie)."""

    id: str
    traject: str
    jobcoach: str
    organisatie: str
    peildatum: dt.date
    gekwalificeerd: bool
    toetsingskader: KaderRef
    criteria: tuple[dict[str, Any], ...]
    attestatie: str
    aangemaakt_op: dt.datetime


class UitslagMetNamen(Uitslag, frozen=True, kw_only=True):
    """A verification with the names a page shows (empty strings when a row has gone)."""

    referentie: str
    gemeente: str
    traject_status: str
    registratienummer: str
    jobcoach_naam: str
    organisatie_naam: str
    kvk_nummer: str


class UitslagKort(msgspec.Struct, frozen=True, kw_only=True):
    """A verification's summary in a traject's history: UUID string, peildatum (day), the verdict, the
    kader version and the UTC moment it was made."""

    id: str
    peildatum: dt.date
    gekwalificeerd: bool
    toetsingskader: KaderRef
    aangemaakt_op: dt.datetime


def check_peildatum(peildatum: dt.date | None) -> dt.date:
    today = clock.today()
    if peildatum is None:
        return today
    if peildatum > today:
        raise InvalidInput.single("peildatum", "mag niet in de toekomst liggen")
    if peildatum < dt.date(1950, 1, 1):
        raise InvalidInput.single("peildatum", "mag niet voor 1950-01-01 liggen")
    return peildatum


def _record(info: TrajectInfo, oordeel: Oordeel, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "traject": info.id,
        "jobcoach": info.jobcoach,
        "organisatie": info.organisatie,
        "gemeente": info.gemeente,
        "referentie": info.referentie,
        "registratienummer": info.registratienummer,
        "kvk_nummer": info.kvk_nummer,
        "peildatum": oordeel.peildatum,
        "gekwalificeerd": oordeel.gekwalificeerd,
        "toetsingskader": oordeel.kader.ref,
        "criteria": [r.as_dict() for r in oordeel.criteria],
        "aangemaakt_op": now,
    }


def view(v: dict[str, Any]) -> Uitslag:
    """The verification record `v` (the signed claims' source, see `_record`) as a typed result."""
    kader = v["toetsingskader"]
    return Uitslag(
        id=v["id"],
        traject=v["traject"],
        jobcoach=v["jobcoach"],
        organisatie=v["organisatie"],
        peildatum=v["peildatum"],
        gekwalificeerd=v["gekwalificeerd"],
        toetsingskader=KaderRef(kader["gemeente"], kader["versie"]),
        criteria=tuple(v["criteria"]),
        attestatie=v["attestatie"],
        aangemaakt_op=v["aangemaakt_op"],
    )


async def verify(
    actor: Actor,
    traject_ids: Sequence[str],
    peildatum: dt.date | None,
    signer: Ondertekenaar,
    *,
    bulk: bool = False,
) -> list[Uitslag]:
    """Verify these trajecten (UUID strings) of the actor's gemeente(n) on the peildatum (a calendar day in
    Europe/Amsterdam, default today), store each verdict with its signed statement and return them in the
    order asked (a repeated id once).

    Raises InvalidInput (a future or pre-1950 peildatum, more than MAX_BULK ids, in bulk: each unknown or
    foreign traject by index) and NotFound (a single unknown or foreign traject). Rules: DOMAIN.md
    "Kwalificatie" under the toetsingskader in force on the peildatum."""
    d = check_peildatum(peildatum)
    if len(traject_ids) > MAX_BULK:
        raise InvalidInput.single("trajecten", f"hoogstens {MAX_BULK} trajecten per keer")
    wanted: list[tuple[int, str]] = []
    missing: list[FieldError] = []
    for i, raw in enumerate(traject_ids):
        try:
            wanted.append((i, str(uuid.UUID(str(raw)))))
        except ValueError:
            missing.append(
                FieldError(f"trajecten[{i}]", "dit traject bestaat niet of hoort niet bij uw gemeente")
            )
    async with db.transaction():
        geladen = await load([t for _, t in wanted], gemeenten=sorted(actor.gemeente_codes))
        missing += [
            FieldError(f"trajecten[{i}]", "dit traject bestaat niet of hoort niet bij uw gemeente")
            for i, t in wanted
            if t not in geladen.trajecten
        ]
        if missing:
            if not bulk:
                raise NotFound("Traject niet gevonden.")
            raise InvalidInput(missing)
        now = clock.now()
        records = []
        running = []
        in_force: dict[str, kaders.Kader] = {}
        # the audit-log entry that will record these verifications, named in every signed statement
        regel_id = uuid.uuid4()
        for traject_id in dict.fromkeys(t for _, t in wanted):
            info = geladen.trajecten[traject_id]
            oordeel = oordeel_voor(geladen, traject_id, d, in_force)
            record = _record(info, oordeel, now)
            record["bronnen"] = gebruikte_bronnen(geladen.feiten[traject_id], d)
            record["auditlogregel"] = str(regel_id)
            record["attestatie"] = signer.attest(record)
            records.append(record)
            if info.status in LOPEND:
                running.append((info, oordeel))
        # The order keeps the locks short: rows first, then the signals (signal lock), the audit log
        # last (its lock serializes every write of the register until the commit). Every transaction
        # that takes both locks takes the signal lock first, as the signals job does.
        await inzage.record_reads(actor, [r["jobcoach"] for r in records], DOEL)
        await _store(records, actor)
        if d == clock.today():
            await signalen.record_verdicts(running)
        await _audit(actor, records, bulk=bulk, regel_id=regel_id)
    if bulk:
        await tlog.kick(checkpoint=True)  # a signed checkpoint after each bulk job
    return [view(r) for r in records]


async def _store(records: list[dict[str, Any]], actor: Actor) -> None:
    await insert_rows(
        Verificatie,
        STORE_COLUMNS,
        [
            (
                uuid.UUID(r["id"]),
                uuid.UUID(r["traject"]),
                uuid.UUID(r["jobcoach"]),
                uuid.UUID(r["organisatie"]),
                r["gemeente"],
                r["peildatum"],
                r["gekwalificeerd"],
                r["toetsingskader"]["gemeente"],
                r["toetsingskader"]["versie"],
                msgspec.json.encode(r["criteria"]).decode(),
                msgspec.json.encode(r["bronnen"]).decode(),
                r["attestatie"],
                r["aangemaakt_op"],
                actor.account_id,
            )
            for r in records
        ],
    )


async def _audit(actor: Actor, records: list[dict[str, Any]], *, bulk: bool, regel_id: uuid.UUID) -> None:
    summary = [
        {"id": r["id"], "traject": r["traject"], "gekwalificeerd": r["gekwalificeerd"]} for r in records
    ]
    common = {
        "peildatum": records[0]["peildatum"],
        "toetsingskaders": sorted({json.dumps(r["toetsingskader"]) for r in records}),
    }
    if bulk:
        await auditlog.record(
            actor,
            "create",
            "verificatie-bulk",
            uuid.uuid4(),
            {**common, "verificaties": summary},
            regel_id=regel_id,
        )
    else:
        await auditlog.record(
            actor, "create", "verificatie", records[0]["id"], {**common, **summary[0]}, regel_id=regel_id
        )


# --- reading -----------------------------------------------------------------------------------------


def _load_criteria(value: Any) -> list[dict[str, Any]]:
    while isinstance(value, str):
        value = json.loads(value)
    return value


def row_view(row: dict[str, Any]) -> Uitslag:
    """A `verificatie` table row as a typed result."""
    return view(
        {
            "id": str(row["id"]),
            "traject": str(row["traject"]),
            "jobcoach": str(row["jobcoach"]),
            "organisatie": str(row["organisatie"]),
            "peildatum": row["peildatum"],
            "gekwalificeerd": row["gekwalificeerd"],
            "toetsingskader": {"gemeente": row["kader_gemeente"], "versie": row["kader_versie"]},
            "criteria": _load_criteria(row["criteria"]),
            "attestatie": row["attestatie"],
            "aangemaakt_op": row["aangemaakt_op"],
        }
    )


def may_read(actor: Actor, row: dict[str, Any]) -> bool:
    return (
        row["gemeente"] in actor.gemeente_codes
        or actor.is_coach(str(row["jobcoach"]))
        or actor.is_organisatie(str(row["organisatie"]))
    )


async def get(actor: Actor, verificatie_id: str) -> Uitslag:
    """One stored verification, for the gemeente, coach and organisation of its traject (access-logged).
    Raises NotFound for an unknown id or anyone else."""
    uid = as_uuid(verificatie_id, "Verificatie")
    row = await Verificatie.select().where(Verificatie.id == uid).first()
    if row is None or not may_read(actor, row):
        raise NotFound("Verificatie niet gevonden.")
    await inzage.record_read(actor, row["jobcoach"], "verificatie inzien")
    return row_view(row)


async def details(actor: Actor, verificatie_id: str) -> UitslagMetNamen:
    """The verification with the names a page shows (traject reference, coach, organisation). Raises
    NotFound as `get`."""
    out = await get(actor, verificatie_id)
    traject = (
        await Traject.select(Traject.referentie, Traject.gemeente, Traject.status)
        .where(Traject.id == as_uuid(out.traject, "Traject"))
        .first()
    )
    coach = (
        await Jobcoach.select(
            Jobcoach.registratienummer, Jobcoach.voornaam, Jobcoach.tussenvoegsel, Jobcoach.achternaam
        )
        .where(Jobcoach.id == as_uuid(out.jobcoach, "Jobcoach"))
        .first()
    )
    org = (
        await Organisatie.select(Organisatie.naam, Organisatie.kvk_nummer)
        .where(Organisatie.id == as_uuid(out.organisatie, "Organisatie"))
        .first()
    )
    return UitslagMetNamen(
        **msgspec.structs.asdict(out),
        referentie=traject["referentie"] if traject else "",
        gemeente=traject["gemeente"] if traject else "",
        traject_status=traject["status"] if traject else "",
        registratienummer=coach["registratienummer"] if coach else "",
        jobcoach_naam=namen.volledige_naam(coach["voornaam"], coach["tussenvoegsel"], coach["achternaam"])
        if coach
        else "",
        organisatie_naam=org["naam"] if org else "",
        kvk_nummer=org["kvk_nummer"] if org else "",
    )


async def list_for_traject(
    actor: Actor, traject_id: str, offset: int = 0, limit: int = 50
) -> tuple[list[Uitslag], int]:
    """A page of a traject's stored verifications in full, newest first, and their total, for those
    involved in the traject (access-logged). Raises NotFound for an unknown id or anyone else."""
    try:
        uid = uuid.UUID(str(traject_id))
    except ValueError:
        raise NotFound("Traject niet gevonden.") from None
    traject = (
        await Traject.select(Traject.id, Traject.gemeente, Traject.jobcoach, Traject.organisatie)
        .where(Traject.id == uid)
        .first()
    )
    if traject is None or not may_read(actor, traject):
        raise NotFound("Traject niet gevonden.")
    where = Verificatie.traject == uid
    rows = (
        await Verificatie.select()
        .where(where)
        .order_by(Verificatie.aangemaakt_op, ascending=False)
        .offset(offset)
        .limit(limit)
    )
    await inzage.record_read(actor, traject["jobcoach"], "verificaties inzien")
    return [row_view(r) for r in rows], await Verificatie.count().where(where)


async def list_for_gemeente(actor: Actor, offset: int = 0, limit: int = 50) -> tuple[list[Uitslag], int]:
    """A page of the verifications of the caller's gemeenten (trajecten of those gemeente codes), newest
    first, and their total; empty for a caller without a gemeente role. Each coach shown is logged as read
    once (the access log), with the purpose "verificaties inzien"."""
    codes = sorted(actor.gemeente_codes)
    if not codes:
        return [], 0
    where = Verificatie.gemeente.is_in(codes)
    rows = (
        await Verificatie.select()
        .where(where)
        .order_by(Verificatie.aangemaakt_op, ascending=False)
        .order_by(Verificatie.id)
        .offset(offset)
        .limit(limit)
    )
    coaches = list(dict.fromkeys(r["jobcoach"] for r in rows))
    if coaches:
        await inzage.record_reads(actor, coaches, "verificaties inzien")
    return [row_view(r) for r in rows], await Verificatie.count().where(where)


async def namen_voor_export(actor: Actor, uitslagen: Sequence[Any]) -> tuple[dict[str, str], dict[str, str]]:
    """For an export of verifications the caller listed (`list_for_gemeente`, which logged the coaches'
    reads): the referentie of each traject of the caller's gemeenten, and each coach's full name, keyed by
    id string. Trajecten of other gemeenten are left out (an empty cell), so a row never shows more than
    the gemeente may see; `uitslagen` are items with `traject` and `jobcoach` attributes."""
    codes = sorted(actor.gemeente_codes)
    traject_ids = list({as_uuid(u.traject, "Traject") for u in uitslagen})
    coach_ids = list({as_uuid(u.jobcoach, "Jobcoach") for u in uitslagen})
    if not codes or not traject_ids:
        return {}, {}
    trajecten = await Traject.select(Traject.id, Traject.referentie).where(
        Traject.id.is_in(traject_ids) & Traject.gemeente.is_in(codes)
    )
    coaches = await Jobcoach.select(
        Jobcoach.id, Jobcoach.voornaam, Jobcoach.tussenvoegsel, Jobcoach.achternaam
    ).where(Jobcoach.id.is_in(coach_ids))
    return (
        {str(t["id"]): t["referentie"] for t in trajecten},
        {str(c["id"]): namen.volledige_naam(c["voornaam"], c["tussenvoegsel"], c["achternaam"]) for c in coaches},
    )


async def for_traject(traject_id: Any, limit: int = 50) -> list[UitslagKort]:
    """Summaries of a traject's verifications, newest first, at most `limit` (the caller checked access)."""
    rows = (
        await Verificatie.select(
            Verificatie.id,
            Verificatie.peildatum,
            Verificatie.gekwalificeerd,
            Verificatie.kader_gemeente,
            Verificatie.kader_versie,
            Verificatie.aangemaakt_op,
        )
        .where(Verificatie.traject == traject_id)
        .order_by(Verificatie.aangemaakt_op, ascending=False)
        .limit(limit)
    )
    return [
        UitslagKort(
            id=str(r["id"]),
            peildatum=r["peildatum"],
            gekwalificeerd=bool(r["gekwalificeerd"]),
            toetsingskader=KaderRef(r["kader_gemeente"], r["kader_versie"]),
            aangemaakt_op=r["aangemaakt_op"],
        )
        for r in rows
    ]


def newest_sql(traject: str) -> str:
    """SQL for the id of the newest verification of the traject row `traject` (an alias): one backward
    step in index verificatie_traject_aangemaakt, however many verifications the traject has (a
    NOT EXISTS over newer rows grows with the square of that number). Ties go to the highest id."""
    return (
        f"(SELECT x.id FROM verificatie x WHERE x.traject = {traject}.id "  # noqa: S608 - an alias from the code
        "ORDER BY x.aangemaakt_op DESC, x.id DESC LIMIT 1)"
    )


def current_sql(traject: str, vandaag: dt.date) -> str:
    """SQL for the id of the traject's current verdict (register.rules.besluit.actueel): the newest
    verification for peildatum `vandaag`, else the newest for a later peildatum, else the one with the
    latest earlier peildatum (newest first). A retrospective check never displaces it (issue 12, case 8).
    `vandaag` is a date from the register's clock, written as an ISO literal (no user input)."""
    if not isinstance(vandaag, dt.date):
        raise TypeError("vandaag moet een datum zijn")
    d = f"'{vandaag.isoformat()}'"
    return (
        f"(SELECT x.id FROM verificatie x WHERE x.traject = {traject}.id "  # noqa: S608 - an alias and a date from the code
        f"ORDER BY CASE WHEN x.peildatum = {d} THEN 0 WHEN x.peildatum > {d} THEN 1 ELSE 2 END, "
        f"CASE WHEN x.peildatum < {d} THEN x.peildatum END DESC, x.aangemaakt_op DESC, x.id DESC LIMIT 1)"
    )


async def latest_for(traject_ids: list[Any], vandaag: dt.date | None = None) -> dict[str, dict[str, Any]]:
    """The newest verification per traject, for many trajecten in one query; with `vandaag`, the current
    verdict instead (`current_sql`)."""
    if not traject_ids:
        return {}
    marks = ", ".join("{}" for _ in traject_ids)
    kies = newest_sql("t") if vandaag is None else current_sql("t", vandaag)
    rows = await Verificatie.raw(
        "SELECT v.id, v.traject, v.peildatum, v.gekwalificeerd, v.aangemaakt_op FROM traject t "  # noqa: S608 - placeholders only
        f"JOIN verificatie v ON v.id = {kies} WHERE t.id IN ({marks})",
        *traject_ids,
    )
    return {
        str(r["traject"]): {
            "id": str(r["id"]),
            "peildatum": r["peildatum"],
            "gekwalificeerd": bool(r["gekwalificeerd"]),
            "aangemaakt_op": r["aangemaakt_op"],
        }
        for r in rows
    }


PUBLIEK = Actor(account_id=None, gebruikersnaam="publiek")


async def verklaring_op_kenmerk(kenmerk: str) -> str | None:
    """The signed statement (compact JWS) of the verification whose id is `kenmerk`, for the public check
    page that the statement's QR code opens; None when there is none (or `kenmerk` is no UUID). The kenmerk
    is printed on the statement and is 122 random bits, so only who holds the statement can ask. The read
    goes in the access log as an anonymous read for the gemeente's qualification check."""
    try:
        uid = uuid.UUID(str(kenmerk))
    except ValueError:
        return None
    row = (
        await Verificatie.select(Verificatie.attestatie, Verificatie.jobcoach)
        .where(Verificatie.id == uid)
        .first()
    )
    if row is None:
        return None
    await inzage.record_read(
        PUBLIEK, str(row["jobcoach"]), "verklaring controleren", activiteit="kwalificatie-traject"
    )
    return row["attestatie"]
