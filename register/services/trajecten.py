"""Trajecten of gemeenten: creation, the hours budget and hours registration, carry-over and extension,
the report schedule, and the funding decision.

Access: a gemeente sees and changes only its own trajecten; the assigned coach and organisation see
theirs. Anyone else gets 404, never 403, so the existence of another gemeente's traject does not leak.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import msgspec

from register import clock, db
from register.actor import Actor
from register.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from register.infra import auditlog, inzage
from register.infra.records import as_uuid, snapshot, update_versioned
from register.opmaak import dag_in_nederland, datum
from register.rules import besluit as besluit_rules
from register.rules import kader as kaders
from register.rules import kwalificatie, namen
from register.rules import rapportages as schedule
from register.rules import uren as urenrules
from register.services import doelen, gemeenten, verificaties, zoeken
from register.services import feiten as feiten_loader
from register.tables import (
    Besluit,
    Jobcoach,
    Organisatie,
    Overheveling,
    Rapportage,
    Traject,
    Urenregistratie,
    Verificatie,
)
from register.vocabulary import (
    JOBCOACH_STATUSSEN,
    ORGANISATIE_STATUSSEN,
    RAPPORTAGE_SOORTEN,
    TRAJECT_STATUSSEN,
)

FIELDS = ["gemeente", "referentie", "werkgever", "startdatum", "regime", "contracturen", "doelen"]
LOPEND = ("goedgekeurd", "lopend")
STATUS_OVERGANGEN = {
    "goedgekeurd": {"lopend", "beeindigd"},
    "lopend": {"beeindigd"},
}


def _status(code: str) -> str:
    """A traject status inside a sentence ("beëindigd")."""
    return TRAJECT_STATUSSEN.zin(code)


NIET_GEVONDEN = "Traject niet gevonden."


# --- access ------------------------------------------------------------------------------------------


def _columns():
    return (
        Traject.all_columns(),
        Traject.jobcoach.registratienummer.as_alias("registratienummer"),
        Traject.jobcoach.voornaam.as_alias("voornaam"),
        Traject.jobcoach.tussenvoegsel.as_alias("tussenvoegsel"),
        Traject.jobcoach.achternaam.as_alias("achternaam"),
        Traject.organisatie.naam.as_alias("organisatie_naam"),
        Traject.organisatie.kvk_nummer.as_alias("kvk_nummer"),
    )


async def _row(traject_id: Any) -> dict[str, Any]:
    try:
        uid = traject_id if isinstance(traject_id, uuid.UUID) else uuid.UUID(str(traject_id))
    except ValueError:
        raise NotFound(NIET_GEVONDEN) from None
    row = await Traject.select(*_columns()).where(Traject.id == uid).first()
    if row is None:
        raise NotFound(NIET_GEVONDEN)
    return row


def _party(actor: Actor, row: dict[str, Any]) -> str | None:
    """How the actor is involved in the traject: gemeente, jobcoach, organisatie or None."""
    if row["gemeente"] in actor.gemeente_codes:
        return "gemeente"
    if actor.is_coach(str(row["jobcoach"])):
        return "jobcoach"
    if actor.is_organisatie(str(row["organisatie"])):
        return "organisatie"
    return None


async def _visible(actor: Actor, traject_id: Any) -> dict[str, Any]:
    row = await _row(traject_id)
    if _party(actor, row) is None:
        raise NotFound(NIET_GEVONDEN)
    return row


async def _own_gemeente(actor: Actor, traject_id: Any) -> dict[str, Any]:
    """Gemeente commands: another gemeente's traject does not exist for the caller (404)."""
    row = await _row(traject_id)
    if row["gemeente"] not in actor.gemeente_codes:
        raise NotFound(NIET_GEVONDEN)
    return row


async def _own_coach(actor: Actor, traject_id: Any) -> dict[str, Any]:
    row = await _visible(actor, traject_id)
    if not actor.is_coach(str(row["jobcoach"])):
        raise Forbidden("Alleen de jobcoach van dit traject legt uren en rapportages vast.")
    return row


# --- views -------------------------------------------------------------------------------------------


def _verlengd(row: dict[str, Any]) -> bool:
    return row["verlenging_goedgekeurd_op"] is not None


def einddatum(row: dict[str, Any]) -> dt.date:
    return urenrules.einddatum(row["startdatum"], _verlengd(row), row["beeindigd_op"])


def _base(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(row["id"]),
        "gemeente": row["gemeente"],
        "referentie": row["referentie"],
        "werkgever": row["werkgever"],
        "startdatum": row["startdatum"],
        "einddatum": einddatum(row),
        "regime": row["regime"],
        "contracturen": row["contracturen"],
        "status": row["status"],
        "jobcoach": str(row["jobcoach"]),
        "registratienummer": row["registratienummer"],
        "jobcoach_naam": namen.volledige_naam(row["voornaam"], row["tussenvoegsel"], row["achternaam"]),
        "organisatie": str(row["organisatie"]),
        "organisatie_naam": row["organisatie_naam"],
        "versie": row["versie"],
    }


def _budget_view(budget: list[urenrules.Urenjaar]) -> list[dict[str, Any]]:
    return [
        {
            "jaar": y.jaar,
            "van": y.van,
            "tot": y.tot,
            "maximaal": y.maximaal,
            "besteed": y.besteed,
            "resterend": y.resterend,
            "basis": y.basis,
            "overgeheveld_in": y.overgeheveld_in,
            "overgeheveld_uit": y.overgeheveld_uit,
            "percentage": y.percentage,
        }
        for y in budget
    ]


def _rapportage_view(r: dict[str, Any], vandaag: dt.date) -> dict[str, Any]:
    return {
        "id": str(r["id"]),
        "soort": r["soort"],
        "titel": RAPPORTAGE_SOORTEN.label(r["soort"]),
        "volgnummer": r["volgnummer"],
        "vervaldatum": r["vervaldatum"],
        "ingediend_op": r["ingediend_op"],
        "status": schedule.status(r["vervaldatum"], r["ingediend_op"], vandaag),
        "indienbaar_vanaf": schedule.indienbaar_vanaf(r["soort"], r["vervaldatum"]),
        "indienbaar": schedule.indienbaar(r["soort"], r["vervaldatum"], r["ingediend_op"], vandaag),
        "samenvatting": r["samenvatting"],
        "zonder_jobcoach": r.get("zonder_jobcoach"),
        "werkgever_neemt_over": r.get("werkgever_neemt_over"),
    }


async def _budget(row: dict[str, Any]) -> list[urenrules.Urenjaar]:
    hours = await Urenregistratie.select(Urenregistratie.datum, Urenregistratie.uren).where(
        Urenregistratie.traject == row["id"]
    )
    carried = await Overheveling.select(Overheveling.naar_jaar, Overheveling.uren).where(
        Overheveling.traject == row["id"]
    )
    return urenrules.urenbudget(
        row["startdatum"],
        row["regime"],
        row["contracturen"],
        _verlengd(row),
        [(h["datum"], h["uren"]) for h in hours],
        [urenrules.Overheveling(o["naar_jaar"], o["uren"]) for o in carried],
    )


async def _detail(row: dict[str, Any]) -> dict[str, Any]:
    vandaag = clock.today()
    order = list(schedule.SOORTEN)
    rapporten = sorted(
        await Rapportage.select().where(Rapportage.traject == row["id"]),
        key=lambda r: (
            r["vervaldatum"],
            order.index(r["soort"]) if r["soort"] in order else 99,
            r["volgnummer"],
        ),
    )
    overhevelingen = (
        await Overheveling.select()
        .where(Overheveling.traject == row["id"])
        .order_by(Overheveling.goedgekeurd_op)
    )
    besluit = (
        await Besluit.select()
        .where(Besluit.traject == row["id"])
        .order_by(Besluit.genomen_op, ascending=False)
        .first()
    )
    laatste = await verificaties.latest_for([row["id"]])
    actueel = await verificaties.latest_for([row["id"]], clock.today())
    return {
        **_base(row),
        "doelen": row["doelen"],
        "beeindigd_op": row["beeindigd_op"],
        "verlenging": (
            {"motivatie": row["verlenging_motivatie"], "goedgekeurd_op": row["verlenging_goedgekeurd_op"]}
            if _verlengd(row)
            else None
        ),
        "urenbudget": _budget_view(await _budget(row)),
        "overhevelingen": [
            {
                "id": str(o["id"]),
                "naar_jaar": o["naar_jaar"],
                "uren": o["uren"],
                "reden": o["reden"],
                "goedgekeurd_op": o["goedgekeurd_op"],
            }
            for o in overhevelingen
        ],
        "rapportages": [_rapportage_view(r, vandaag) for r in rapporten],
        "besluit": (
            {
                "besluit": besluit["besluit"],
                "verificatie": str(besluit["verificatie"]),
                "toelichting": besluit["toelichting"],
                "genomen_op": besluit["genomen_op"],
            }
            if besluit
            else None
        ),
        "laatste_verificatie": laatste.get(str(row["id"])),
        "coachingsdoelen": [
            msgspec.to_builtins(d, builtin_types=(dt.date, dt.datetime))
            for d in await doelen.van_traject(row["id"])
        ],
        "actuele_verificatie": actueel.get(str(row["id"])),
        "aangemaakt_op": row["aangemaakt_op"],
    }


async def get(actor: Actor, traject_id: str) -> dict[str, Any]:
    row = await _visible(actor, traject_id)
    await inzage.record_read(actor, row["jobcoach"], "traject inzien")
    return await _detail(row)


EXPORT_PAGINA = 500


async def export_trajecten(actor: Actor, **filters: Any) -> list[dict[str, Any]]:
    """Every trajecten of the actor matching `filters` (those of `list_trajecten`), for a spreadsheet
    export; the read of each coach's data is access-logged with the purpose "trajecten exporteren"."""
    found: list[dict[str, Any]] = []
    while True:
        page, totaal = await list_trajecten(
            actor, len(found), EXPORT_PAGINA, doel="trajecten exporteren", **filters
        )
        found += page
        if not page or len(found) >= totaal:
            break
    return found


def _as_uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


async def list_trajecten(
    actor: Actor,
    offset: int = 0,
    limit: int = 50,
    *,
    status: str | None = None,
    referentie: str | None = None,
    jobcoach: str | None = None,
    peildatum: dt.date | None = None,
    doel: str = "trajecten tonen",
) -> tuple[list[dict[str, Any]], int]:
    """The actor's trajecten: a gemeente's own, a coach's own, an organisation's own; newest first. Each
    with `actuele_verificatie` (the verdict for today, or the newest for a later peildatum, else the latest
    earlier one: verificaties.current_sql) and `laatste_verificatie` (the newest check run, which may be a
    retrospective one for an earlier peildatum). The read of each coach shown is access-logged with the
    purpose `doel`.

    Filters (issue 16, the searches of a case system), all optional and combined with AND: `status` (a
    code of TRAJECT_STATUSSEN), `referentie` (the gemeente's own reference, exact), `jobcoach` (the coach's
    id or registratienummer) and `peildatum` (trajecten started on or before that date and not ended
    before it). An unknown status is an InvalidInput naming `status`; an unknown coach matches nothing.
    """
    scopes: list[str] = []
    args: list[Any] = []
    for column, values in (
        ("gemeente", sorted(actor.gemeente_codes)),
        ("jobcoach", [as_uuid(j, "jobcoach") for j in actor.own_jobcoach_ids]),
        ("organisatie", [as_uuid(o, "organisatie") for o in actor.organisatie_ids]),
    ):
        if values:
            scopes.append(f"tr.{column} IN ({', '.join('{}' for _ in values)})")
            args.extend(values)
    if not scopes:
        return [], 0
    where = "(" + " OR ".join(scopes) + ")"
    if status:
        if status not in TRAJECT_STATUSSEN:
            raise InvalidInput.single(
                "status", "moet een van deze waarden zijn: " + ", ".join(TRAJECT_STATUSSEN.codes)
            )
        where += " AND tr.status = {}"
        args.append(status)
    if referentie is not None:
        where += " AND tr.referentie = {}"
        args.append(referentie)
    if jobcoach is not None:
        if (coach_id := _as_uuid_or_none(jobcoach)) is not None:
            where += " AND tr.jobcoach = {}"
            args.append(coach_id)
        else:
            where += " AND tr.jobcoach IN (SELECT id FROM jobcoach WHERE registratienummer = {})"
            args.append(jobcoach)
    if peildatum is not None:
        where += " AND tr.startdatum <= {} AND (tr.beeindigd_op IS NULL OR tr.beeindigd_op >= {})"
        args.extend([peildatum, peildatum])
    vandaag = clock.today()
    # One statement for the page: the trajecten with names, their newest verification and the number of
    # overdue reports. The page comes from index traject_gemeente_start; the joins run for its rows only.
    rows = await Traject.raw(
        "SELECT tr.*, j.registratienummer, j.voornaam, j.tussenvoegsel, j.achternaam, o.naam AS organisatie_naam, "  # noqa: S608 - constants and placeholders only
        "o.kvk_nummer, v.id AS v_id, v.peildatum AS v_peildatum, v.gekwalificeerd AS v_gekwalificeerd, "
        "v.aangemaakt_op AS v_aangemaakt_op, a.id AS a_id, a.peildatum AS a_peildatum, "
        "a.gekwalificeerd AS a_gekwalificeerd, a.aangemaakt_op AS a_aangemaakt_op, "
        "(SELECT count(*) FROM rapportage r WHERE r.traject = tr.id AND r.ingediend_op IS NULL "
        "AND r.vervaldatum < {}) AS te_laat "
        "FROM traject tr JOIN jobcoach j ON j.id = tr.jobcoach JOIN organisatie o ON o.id = tr.organisatie "
        f"LEFT JOIN verificatie v ON v.id = {verificaties.newest_sql('tr')} "
        f"LEFT JOIN verificatie a ON a.id = {verificaties.current_sql('tr', vandaag)} "
        f"WHERE {where} ORDER BY tr.startdatum DESC, tr.referentie LIMIT {{}} OFFSET {{}}",
        vandaag,
        *args,
        limit,
        offset,
    )
    total = await Traject.raw(f"SELECT count(*) AS n FROM traject tr WHERE {where}", *args)  # noqa: S608
    await inzage.record_reads(actor, [r["jobcoach"] for r in rows], doel)
    return [
        {
            **_base(r),
            "laatste_verificatie": (
                {
                    "id": str(r["v_id"]),
                    "peildatum": r["v_peildatum"],
                    "gekwalificeerd": bool(r["v_gekwalificeerd"]),
                    "aangemaakt_op": r["v_aangemaakt_op"],
                }
                if r["v_id"] is not None
                else None
            ),
            # the verdict for today (issue 12, case 8); `laatste_verificatie` may be a retrospective check
            "actuele_verificatie": (
                {
                    "id": str(r["a_id"]),
                    "peildatum": r["a_peildatum"],
                    "gekwalificeerd": bool(r["a_gekwalificeerd"]),
                    "aangemaakt_op": r["a_aangemaakt_op"],
                }
                if r["a_id"] is not None
                else None
            ),
            "rapportages_te_laat": int(r["te_laat"]) if r["status"] in LOPEND else 0,
        }
        for r in rows
    ], int(total[0]["n"])


# --- creating and changing ---------------------------------------------------------------------------


def _registered_on(row: dict[str, Any]) -> dt.date:
    return dag_in_nederland(row["aangemaakt_op"])


def _id_is(table: Any, value: Any) -> Any:
    """`table.id == value` when value is a UUID, else None (no such row)."""
    try:
        return table.id == uuid.UUID(str(value))
    except ValueError:
        return None


async def create(actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    """Register a traject of the actor's gemeente (status aangevraagd) with its report schedule.

    `values`: gemeente, referentie, werkgever, startdatum (date), regime, contracturen (hours a week),
    doelen, and the coach as `jobcoach` (id) or `jobcoach_registratienummer`, the organisation as
    `organisatie` (id) or `organisatie_kvk_nummer`. Raises InvalidInput naming every bad field, Forbidden
    for another gemeente's code; audited in the same transaction.
    """
    errors: list[FieldError] = []
    code = values["gemeente"]
    errors.extend(await gemeenten.check_in_gebruik([code], "gemeente", lijst=False))
    coach = org = None
    # the coach and organisation by id, or by their public numbers (a case system knows those: issue 16)
    if "jobcoach_registratienummer" in values:
        coach_field, coach_where = (
            "jobcoachRegistratienummer",
            # the same reading as the public lookup: `JC-1`, `jc-000001` and `JC-000001` name one coach
            Jobcoach.registratienummer
            == (
                zoeken.registratienummer_in(values["jobcoach_registratienummer"])
                or values["jobcoach_registratienummer"]
            ),
        )
    else:
        coach_field, coach_where = "jobcoach", _id_is(Jobcoach, values.get("jobcoach"))
    if coach_where is not None:
        coach = await Jobcoach.select(Jobcoach.id, Jobcoach.aangemaakt_op).where(coach_where).first()
    if coach is None:
        errors.append(FieldError(coach_field, "deze jobcoach bestaat niet in het register"))
    if "organisatie_kvk_nummer" in values:
        org_field, org_where = (
            "organisatieKvkNummer",
            (Organisatie.kvk_nummer == values["organisatie_kvk_nummer"]),
        )
    else:
        org_field, org_where = "organisatie", _id_is(Organisatie, values.get("organisatie"))
    if org_where is not None:
        org = await Organisatie.select(Organisatie.id).where(org_where).first()
    if org is None:
        errors.append(FieldError(org_field, "deze organisatie bestaat niet in het register"))
    if coach is not None and values["startdatum"] < _registered_on(coach):
        errors.append(
            FieldError(
                "startdatum",
                f"mag niet voor de inschrijving van de jobcoach in het register ({datum(_registered_on(coach))}) liggen",
            )
        )
    if errors:
        raise InvalidInput(errors)
    if code not in actor.gemeente_codes:
        raise Forbidden("U kunt alleen trajecten van uw eigen gemeente registreren.")
    now = clock.now()
    async with db.transaction():
        if await Traject.exists().where(
            (Traject.gemeente == code) & (Traject.referentie == values["referentie"])
        ):
            raise InvalidInput.single("referentie", "uw gemeente heeft al een traject met deze referentie")
        row = Traject(
            gemeente=code,
            referentie=values["referentie"],
            werkgever=values["werkgever"],
            startdatum=values["startdatum"],
            regime=values["regime"],
            contracturen=float(values["contracturen"]),
            jobcoach=coach["id"],  # type: ignore[index]
            organisatie=org["id"],  # type: ignore[index]
            doelen=values.get("doelen") or "",
            status="aangevraagd",
            aangemaakt_op=now,
            gewijzigd_op=now,
        )
        await row.save()
        await _sync_rapportages(
            row.id,
            values["startdatum"],
            einddatum(
                {"startdatum": values["startdatum"], "verlenging_goedgekeurd_op": None, "beeindigd_op": None}
            ),
        )
        await auditlog.record(
            actor,
            "create",
            "traject",
            row.id,
            {**snapshot(values, FIELDS), "jobcoach": str(coach["id"]), "organisatie": str(org["id"])},  # type: ignore[index]
        )
    return await _detail(await _row(row.id))


async def _sync_rapportages(traject_id: Any, startdatum: dt.date, einde: dt.date) -> None:
    """Make the stored schedule match the plan: add missing reports, move or drop unsubmitted ones.
    Submitted reports are never touched."""
    planned = {(g.soort, g.volgnummer): g for g in schedule.plan(startdatum, einde)}
    existing = await Rapportage.select().where(Rapportage.traject == traject_id)
    seen = set()
    for r in existing:
        key = (r["soort"], r["volgnummer"])
        seen.add(key)
        if r["ingediend_op"] is not None:
            continue
        if key not in planned:
            await Rapportage.delete().where(Rapportage.id == r["id"])
        elif planned[key].vervaldatum != r["vervaldatum"]:
            await Rapportage.update({Rapportage.vervaldatum: planned[key].vervaldatum}).where(
                Rapportage.id == r["id"]
            )
    new = [
        Rapportage(traject=traject_id, soort=g.soort, volgnummer=g.volgnummer, vervaldatum=g.vervaldatum)
        for key, g in planned.items()
        if key not in seen
    ]
    if new:
        await Rapportage.insert(*new)


async def update(actor: Actor, traject_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """The gemeente edits werkgever and doelen, starts (lopend) or ends (beeindigd) a traject."""
    async with db.transaction():
        row = await _own_gemeente(actor, traject_id)
        changes: dict[Any, Any] = {}
        for name in ("werkgever", "doelen"):
            if name in values:
                changes[getattr(Traject, name)] = values[name]
        status = values.get("status")
        einde = None
        if status is not None and status != row["status"]:
            if status not in STATUS_OVERGANGEN.get(row["status"], set()):
                raise Conflict(
                    f"Een traject met status {_status(row['status'])} kan niet naar status {_status(status)}."
                )
            changes[Traject.status] = status
            if status == "beeindigd":
                einde = values.get("beeindigd_op") or clock.today()
                last_hours = (
                    await Urenregistratie.select(Urenregistratie.datum)
                    .where(Urenregistratie.traject == row["id"])
                    .order_by(Urenregistratie.datum, ascending=False)
                    .first()
                )
                if einde < row["startdatum"]:
                    raise InvalidInput.single(
                        "beeindigdOp", f"mag niet voor de startdatum ({datum(row['startdatum'])}) liggen"
                    )
                if einde > einddatum(row):
                    raise InvalidInput.single(
                        "beeindigdOp", f"mag niet na de einddatum ({datum(einddatum(row))}) liggen"
                    )
                if last_hours and einde < last_hours["datum"]:
                    raise InvalidInput.single(
                        "beeindigdOp",
                        f"mag niet voor de laatst geregistreerde uren ({datum(last_hours['datum'])}) liggen",
                    )
                changes[Traject.beeindigd_op] = einde
        elif "beeindigd_op" in values and values["beeindigd_op"] is not None:
            raise InvalidInput.single(
                "beeindigdOp", "geef ook status beeindigd op om het traject te beëindigen"
            )
        if not changes:
            return await _detail(row)
        changes[Traject.gewijzigd_op] = clock.now()
        await update_versioned(Traject, row["id"], changes, values.get("versie"), "Dit traject")
        if einde is not None:
            await _sync_rapportages(row["id"], row["startdatum"], einddatum({**row, "beeindigd_op": einde}))
        await auditlog.record(
            actor,
            "update",
            "traject",
            row["id"],
            auditlog.diff(
                snapshot(row, ["werkgever", "doelen", "status", "beeindigd_op"]),
                snapshot(
                    {**values, **({"beeindigd_op": einde} if einde else {})},
                    [
                        k
                        for k in ("werkgever", "doelen", "status", "beeindigd_op")
                        if k in values or (k == "beeindigd_op" and einde)
                    ],
                ),
            ),
        )
    return await _detail(await _row(row["id"]))


async def verleng(actor: Actor, traject_id: str, motivatie: str) -> dict[str, Any]:
    """Approve a third year (an extension), always with a motivation."""
    async with db.transaction():
        row = await _own_gemeente(actor, traject_id)
        if row["status"] not in LOPEND:
            raise Conflict(f"Een traject met status {_status(row['status'])} kan niet worden verlengd.")
        if _verlengd(row):
            raise Conflict("Dit traject is al verlengd; een traject duurt hoogstens drie jaar.")
        vandaag = clock.today()
        await update_versioned(
            Traject,
            row["id"],
            {
                Traject.verlenging_motivatie: motivatie,
                Traject.verlenging_goedgekeurd_op: vandaag,
                Traject.gewijzigd_op: clock.now(),
            },
            None,
            "Dit traject",
        )
        await _sync_rapportages(row["id"], row["startdatum"], urenrules.einddatum(row["startdatum"], True))
        await auditlog.record(
            actor, "extend", "traject", row["id"], {"motivatie": motivatie, "goedgekeurdOp": vandaag}
        )
    return await _detail(await _row(row["id"]))


async def add_overheveling(actor: Actor, traject_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Move unused hours to the next traject year, with a reason; recorded by the gemeente = approved."""
    async with db.transaction():
        row = await _own_gemeente(actor, traject_id)
        if row["status"] not in LOPEND:
            raise Conflict(
                f"Bij een traject met status {_status(row['status'])} kunnen geen uren worden overgeheveld."
            )
        await _lock_coach(row["jobcoach"])
        budget = await _budget(row)
        errors = urenrules.check_overheveling(budget, values["naar_jaar"], values["uren"], _verlengd(row))
        if errors:
            raise InvalidInput(errors)
        o = Overheveling(
            traject=row["id"],
            naar_jaar=values["naar_jaar"],
            uren=values["uren"],
            reden=values["reden"],
            goedgekeurd_op=clock.now(),
            goedgekeurd_door=actor.account_id,
        )
        await o.save()
        await auditlog.record(
            actor,
            "create",
            "overheveling",
            o.id,
            {**snapshot(values, ["naar_jaar", "uren", "reden"]), "traject": str(row["id"])},
        )
    return await _detail(await _row(row["id"]))


async def _lock_coach(jobcoach_id: Any) -> None:
    """Serialize hours changes per coach (budget and daily bound) across workers on PostgreSQL;
    SQLite's write transaction already serializes them."""
    if db.is_postgres():
        await Jobcoach.raw("SELECT id FROM jobcoach WHERE id = {} FOR UPDATE", jobcoach_id)


async def add_uren(actor: Actor, traject_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """The traject's coach registers hours of one of the four core activities."""
    async with db.transaction():
        row = await _own_coach(actor, traject_id)
        if row["status"] not in (*LOPEND, "beeindigd"):
            raise Conflict(
                "Uren kunnen pas worden geregistreerd als de gemeente het traject heeft goedgekeurd "
                f"(status nu: {_status(row['status'])})."
            )
        await _lock_coach(row["jobcoach"])
        datum, uren = values["datum"], float(values["uren"])
        dag = await Urenregistratie.select(Urenregistratie.uren).where(
            (Urenregistratie.jobcoach == row["jobcoach"]) & (Urenregistratie.datum == datum)
        )
        errors = urenrules.check_uren(
            startdatum=row["startdatum"],
            verlengd=_verlengd(row),
            beeindigd_op=row["beeindigd_op"],
            vandaag=clock.today(),
            datum=datum,
            uren=uren,
            budget=await _budget(row),
            al_op_dag=sum(d["uren"] for d in dag),
        )
        if errors:
            raise InvalidInput(errors)
        reg = Urenregistratie(
            traject=row["id"],
            jobcoach=row["jobcoach"],
            datum=datum,
            uren=uren,
            activiteit=values["activiteit"],
            omschrijving=values.get("omschrijving") or "",
            vastgelegd_op=clock.now(),
        )
        await reg.save()
        if row["status"] == "goedgekeurd":
            await Traject.update(
                {
                    Traject.status: "lopend",
                    Traject.gewijzigd_op: clock.now(),
                    Traject.versie: Traject.versie + 1,
                }
            ).where(Traject.id == row["id"])
        await auditlog.record(
            actor,
            "create",
            "urenregistratie",
            reg.id,
            {**snapshot(values, ["datum", "uren", "activiteit", "omschrijving"]), "traject": str(row["id"])},
            betrokkene=f"jobcoach:{row['jobcoach']}",
        )
    return _uren_view(await Urenregistratie.select().where(Urenregistratie.id == reg.id).first())


def _uren_view(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(r["id"]),
        "traject": str(r["traject"]),
        "datum": r["datum"],
        "uren": r["uren"],
        "activiteit": r["activiteit"],
        "omschrijving": r["omschrijving"],
        "vastgelegd_op": r["vastgelegd_op"],
    }


async def list_uren(
    actor: Actor, traject_id: str, offset: int = 0, limit: int = 50
) -> tuple[list[dict], int]:
    row = await _visible(actor, traject_id)
    await inzage.record_read(actor, row["jobcoach"], "uren van traject inzien")
    where = Urenregistratie.traject == row["id"]
    rows = (
        await Urenregistratie.select()
        .where(where)
        .order_by(Urenregistratie.datum, ascending=False)
        .order_by(Urenregistratie.vastgelegd_op, ascending=False)
        .offset(offset)
        .limit(limit)
    )
    return [_uren_view(r) for r in rows], await Urenregistratie.count().where(where)


async def dien_in(
    actor: Actor,
    traject_id: str,
    rapportage_id: str,
    samenvatting: str,
    doelverslag: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The coach submits a report of the schedule (once). For a traject with coachingsdoelen,
    `doelverslag` (API names: doelen, nieuweDoelen, sluitDoelen, zonderJobcoach, werkgeverNeemtOver) is
    the goal section, checked and stored by register.services.doelen in the same transaction (400 listing
    every gap)."""
    async with db.transaction():
        row = await _own_coach(actor, traject_id)
        try:
            rid = uuid.UUID(str(rapportage_id))
        except ValueError:
            raise NotFound("Rapportage niet gevonden.") from None
        r = (
            await Rapportage.select()
            .where((Rapportage.id == rid) & (Rapportage.traject == row["id"]))
            .first()
        )
        if r is None:
            raise NotFound("Rapportage niet gevonden.")
        if r["ingediend_op"] is not None:
            raise Conflict(f"Deze rapportage is al ingediend op {datum(r['ingediend_op'])}.")
        vandaag = clock.today()
        vanaf = schedule.indienbaar_vanaf(r["soort"], r["vervaldatum"])
        if vandaag < vanaf:
            raise Conflict(
                f"Deze rapportage ({RAPPORTAGE_SOORTEN.zin(r['soort'])}) kan nog niet worden ingediend: dat "
                f"kan vanaf {datum(vanaf)}; de uiterste datum is {datum(r['vervaldatum'])}."
            )
        doelwijzigingen = await doelen.verwerk_verslag(actor, row, r, doelverslag or {}, einddatum(row))
        await Rapportage.update(
            {Rapportage.ingediend_op: vandaag, Rapportage.samenvatting: samenvatting}
        ).where((Rapportage.id == rid) & Rapportage.ingediend_op.is_null())
        await auditlog.record(
            actor,
            "submit",
            "rapportage",
            rid,
            {
                "traject": str(row["id"]),
                "soort": r["soort"],
                "volgnummer": r["volgnummer"],
                "ingediendOp": vandaag,
                **doelwijzigingen,
            },
        )
    return _rapportage_view(await Rapportage.select().where(Rapportage.id == rid).first(), clock.today())


async def besluit(actor: Actor, traject_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """The gemeente's funding decision, with the verification it relied on.

    `goedgekeurd` must cite a qualifying verification of this traject (else InvalidInput on
    `verificatie`) whose peildatum is today or the traject's start, not contradicted by a newer
    verification for the same or a later peildatum (register.rules.besluit; else Conflict, 409, with the
    Dutch reason). Nothing changes on an error; the decision is in the audit log."""
    async with db.transaction():
        row = await _own_gemeente(actor, traject_id)
        if row["status"] != "aangevraagd":
            raise Conflict(f"Over dit traject is al besloten (status {_status(row['status'])}).")
        try:
            vid = uuid.UUID(str(values["verificatie"]))
        except ValueError:
            vid = None
        v = (
            await Verificatie.select(
                Verificatie.id, Verificatie.traject, Verificatie.gekwalificeerd, Verificatie.peildatum
            )
            .where(Verificatie.id == vid)
            .first()
            if vid
            else None
        )
        if v is None or v["traject"] != row["id"]:
            raise InvalidInput.single("verificatie", "er is geen verificatie met deze id voor dit traject")
        if values["besluit"] == "goedgekeurd" and not v["gekwalificeerd"]:
            raise InvalidInput.single(
                "verificatie",
                "volgens deze verificatie voldoet de jobcoach of organisatie niet aan het toetsingskader; "
                "op basis daarvan kan het traject niet worden goedgekeurd",
            )
        if values["besluit"] == "goedgekeurd":
            alle = [
                besluit_rules.Controle(
                    str(c["id"]), c["peildatum"], bool(c["gekwalificeerd"]), c["aangemaakt_op"]
                )
                for c in await Verificatie.select(
                    Verificatie.id,
                    Verificatie.peildatum,
                    Verificatie.gekwalificeerd,
                    Verificatie.aangemaakt_op,
                ).where(Verificatie.traject == row["id"])
            ]
            [gekozen] = [c for c in alle if c.id == str(vid)]
            if reden := besluit_rules.bezwaar(gekozen, alle, clock.today(), row["startdatum"]):
                raise Conflict(reden)
        if values["besluit"] == "afgewezen" and not (values.get("toelichting") or "").strip():
            raise InvalidInput.single("toelichting", "is verplicht bij een afwijzing")
        now = clock.now()
        b = Besluit(
            traject=row["id"],
            besluit=values["besluit"],
            verificatie=vid,
            toelichting=values.get("toelichting") or "",
            genomen_op=now,
            genomen_door=actor.account_id,
        )
        await b.save()
        await update_versioned(
            Traject,
            row["id"],
            {Traject.status: values["besluit"], Traject.gewijzigd_op: now},
            None,
            "Dit traject",
        )
        await auditlog.record(
            actor,
            "decide",
            "traject",
            row["id"],
            {
                "besluit": values["besluit"],
                "verificatie": str(vid),
                "gekwalificeerd": v["gekwalificeerd"],
                "peildatum": v["peildatum"],
                "toelichting": values.get("toelichting") or "",
            },
        )
    return await _detail(await _row(row["id"]))


async def waarschuwingen(
    actor: Actor, jobcoach_id: str, organisatie_id: str, gemeente: str, startdatum: dt.date
) -> tuple[kwalificatie.Regel, ...]:
    """What the gemeente should know before it registers a traject with this coach and organisation
    from `startdatum`: the coach is not active then, or has no confirmed dienstverband with the
    organisation then (register.rules.kwalificatie.waarschuwingen_bij_registratie: the verdict's own
    explanations, on the same facts as a verification, under the gemeente's kader in force). The read of
    the coach's status and dienstverband is in the access log."""
    sleutel = uuid.uuid4()  # the facts of a pair without a traject are keyed by a fresh id
    geladen = await feiten_loader.load_paar(sleutel, jobcoach_id, organisatie_id, gemeente, startdatum)
    await inzage.record_read(actor, jobcoach_id, "traject registreren")
    kader = kaders.in_force(geladen.kaders, gemeente, startdatum)
    return kwalificatie.waarschuwingen_bij_registratie(geladen.feiten[str(sleutel)], kader, startdatum)


ZOEK_LIMIET = 8  # suggestions per lookup: enough to choose from, few enough to read on a phone
_KVK = re.compile(r"[0-9]{8}")


async def zoek_partij(actor: Actor, soort: str, tekst: str, limit: int = ZOEK_LIMIET) -> list[dict[str, str]]:
    """Coaches or organisations of the public register (actief or geschorst: a suspended one is found,
    so the form can warn) for the traject form's lookup, best match first: by name with the public
    search's typo and sound tolerance (register.services.zoeken.zoek), by registratienummer in any
    spelling (JC-000123, jc 123), or an organisation by its exact KvK number (8 digits). Each match as
    `waarde` (the registratienummer or KvK number the form takes), `naam`, `toelichting` (number, status,
    place) and `status`. The coaches shown are in the access log (names are personal data). `soort`:
    jobcoach or organisatie; an empty text finds nothing."""
    tekst = (tekst or "").strip()[:100]
    if not tekst:
        return []
    if soort == "organisatie" and _KVK.fullmatch(tekst):
        vraag = zoeken.Zoekvraag(soort="organisatie", kvk_nummer=tekst)
    else:
        vraag = zoeken.Zoekvraag(soort="jobcoach" if soort == "jobcoach" else "organisatie", tekst=tekst)
    ids = (await zoeken.zoek(vraag, 0, limit)).ids
    if not ids:
        return []
    if vraag.soort == "jobcoach":
        uids = [as_uuid(i, "Jobcoach") for i in ids]
        rows = {str(r["id"]): r for r in await Jobcoach.select().where(Jobcoach.id.is_in(uids))}
        await inzage.record_reads(actor, uids, "jobcoach zoeken voor traject")
        return [
            {
                "waarde": r["registratienummer"],
                "naam": namen.volledige_naam(r["voornaam"], r["tussenvoegsel"], r["achternaam"]),
                "toelichting": f"{r['registratienummer']}, {JOBCOACH_STATUSSEN.zin(r['status'])}",
                "status": r["status"],
            }
            for i in ids
            if (r := rows.get(i))
        ]
    uids = [as_uuid(i, "Organisatie") for i in ids]
    rows = {str(r["id"]): r for r in await Organisatie.select().where(Organisatie.id.is_in(uids))}
    return [
        {
            "waarde": r["kvk_nummer"],
            "naam": r["naam"],
            "toelichting": f"KvK {r['kvk_nummer']}, {r['plaats']}, {ORGANISATIE_STATUSSEN.zin(r['status'])}",
            "status": r["status"],
        }
        for i in ids
        if (r := rows.get(i))
    ]


async def resolve_partijen(registratienummer: str, kvk_nummer: str) -> tuple[str | None, str | None]:
    """The ids behind a coach's registratienummer and an organisation's KvK-nummer (for the forms,
    where a gemeente employee knows these numbers rather than the register's ids)."""
    coach = (
        await Jobcoach.select(Jobcoach.id)
        .where(Jobcoach.registratienummer == (zoeken.registratienummer_in(registratienummer) or "-"))
        .first()
    )
    org = await Organisatie.select(Organisatie.id).where(Organisatie.kvk_nummer == kvk_nummer.strip()).first()
    return (str(coach["id"]) if coach else None, str(org["id"]) if org else None)
