"""Intercollegiale toetsing: an auditor records a session, edits it as a draft and locks it.

A locked (`vastgesteld`) session never changes; a correction is a new session that points at the old
one (`corrigeert`), and both stay visible. A coach sees their own locked sessions and feedback; only
auditors and beheerders see another coach's feedback, and each such read is logged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from audits import regels
from audits.tables import Toetsing, ToetsingDeelnemer
from register import clock, db
from register.actor import Actor
from register.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from register.infra import auditlog, inzage
from register.infra.belangen import conflict_of_interest
from register.infra.records import as_uuid, gebruikersnamen, get_row
from register.opmaak import dag_in_nederland, datum
from register.rules import namen
from register.tables import Dienstverband, Jobcoach
from register.validators import check_no_bsn
from register.vocabulary import BEVESTIGD, MEDEONDERTEKENING_DAGEN

DEELNEMER_FIELDS = ("casus", "beoordeling", "feedback", "leerdoelen")
DOEL = "intercollegiale toetsing"


def contains(column: Any, term: str) -> Any:
    """Case-insensitive `LIKE '%term%'` on both engines (SQLite's LIKE already ignores ASCII case)."""
    pattern = f"%{term.replace('%', '').replace('_', '')}%"
    return column.ilike(pattern) if db.is_postgres() else column.like(pattern)


# --- access ------------------------------------------------------------------------------------------


def require_auditor(actor: Actor) -> None:
    if not actor.has("auditor"):
        raise Forbidden("Alleen een auditor legt een intercollegiale toetsing vast.")


def require_reader(actor: Actor) -> None:
    if not actor.has("auditor", "beheerder"):
        raise Forbidden("Alleen auditors en beheerders zien toetsingen van andere jobcoaches.")


# --- views -------------------------------------------------------------------------------------------


async def _coaches(ids: set[Any]) -> dict[str, dict[str, Any]]:
    rows = await Jobcoach.select(
        Jobcoach.id,
        Jobcoach.voornaam,
        Jobcoach.tussenvoegsel,
        Jobcoach.achternaam,
        Jobcoach.registratienummer,
    ).where(Jobcoach.id.is_in(list(ids) or [None]))
    return {str(r["id"]): r for r in rows}


async def _corrections(toetsing_ids: list[Any], *, locked_only: bool = False) -> dict[str, list[str]]:
    """The sessions correcting each of these (only locked corrections when `locked_only`)."""
    query = Toetsing.select(Toetsing.id, Toetsing.corrigeert).where(
        Toetsing.corrigeert.is_in(toetsing_ids or [None])
    )
    if locked_only:
        query = query.where(Toetsing.status == "vastgesteld")
    rows = await query
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(str(r["corrigeert"]), []).append(str(r["id"]))
    return out


def _head(row: dict[str, Any], names: dict[str, str], corrections: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "id": str(row["id"]),
        "datum": row["datum"],
        "vorm": row["vorm"],
        "status": row["status"],
        "auditor": str(row["auditor"]),
        "auditor_naam": names.get(str(row["auditor"]), "onbekend"),
        "vastgesteld_op": row["vastgesteld_op"],
        "corrigeert": str(row["corrigeert"]) if row["corrigeert"] else None,
        "gecorrigeerd_door": corrections.get(str(row["id"]), []),
        "aangemaakt_op": row["aangemaakt_op"],
        "versie": row["versie"],
        "medeondertekening_nodig": regels.medeondertekening_nodig(
            row["datum"], dag_in_nederland(row["aangemaakt_op"])
        ),
        "medeondertekend_door": row["medeondertekend_door"],
        "medeondertekend_op": row["medeondertekend_op"],
    }


def _deelnemer(d: dict[str, Any], coaches: dict[str, dict[str, Any]]) -> dict[str, Any]:
    coach = coaches.get(str(d["jobcoach"]))
    return {
        "jobcoach": str(d["jobcoach"]),
        "naam": namen.volledige_naam(coach["voornaam"], coach["tussenvoegsel"], coach["achternaam"])
        if coach
        else "onbekend",
        "registratienummer": coach["registratienummer"] if coach else "",
        "casus": d["casus"],
        "beoordeling": d["beoordeling"],
        "feedback": d["feedback"],
        "leerdoelen": d["leerdoelen"],
    }


async def _deelnemers(toetsing_id: Any) -> list[dict[str, Any]]:
    return await ToetsingDeelnemer.select().where(ToetsingDeelnemer.toetsing == toetsing_id)


async def _view(toetsing_id: Any) -> dict[str, Any]:
    row = await get_row(Toetsing, toetsing_id, "Toetsing")
    deelnemers = await _deelnemers(row["id"])
    coaches = await _coaches({d["jobcoach"] for d in deelnemers})
    view = _head(row, await gebruikersnamen({row["auditor"]}), await _corrections([row["id"]]))
    view["deelnemers"] = sorted(
        (_deelnemer(d, coaches) for d in deelnemers), key=lambda d: (d["naam"], d["jobcoach"])
    )
    return view


async def get(actor: Actor, toetsing_id: str) -> dict[str, Any]:
    """The whole session with every participant's feedback (auditors and beheerders; reads are logged)."""
    require_reader(actor)
    view = await _view(as_uuid(toetsing_id, "Toetsing"))
    for d in view["deelnemers"]:
        await inzage.record_read(actor, d["jobcoach"], DOEL)
    return view


async def list_toetsingen(
    actor: Actor,
    *,
    status: str | None = None,
    jobcoach: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[dict[str, Any]], int]:
    """Sessions, newest first, without feedback (so listing reads no personal assessments)."""
    require_reader(actor)
    query = Toetsing.select()
    count = Toetsing.count()
    if status is not None:
        if status not in ("concept", "vastgesteld"):
            raise InvalidInput.single("status", "moet concept of vastgesteld zijn")
        query = query.where(Toetsing.status == status)
        count = count.where(Toetsing.status == status)
    if jobcoach:
        coach = as_uuid(jobcoach, "Jobcoach")
        ids = [
            r["toetsing"]
            for r in await ToetsingDeelnemer.select(ToetsingDeelnemer.toetsing).where(
                ToetsingDeelnemer.jobcoach == coach
            )
        ] or [None]
        query = query.where(Toetsing.id.is_in(ids))
        count = count.where(Toetsing.id.is_in(ids))
    rows = (
        await query.order_by(Toetsing.datum, ascending=False)
        .order_by(Toetsing.aangemaakt_op, ascending=False)
        .offset(offset)
        .limit(limit)
    )
    ids = [r["id"] for r in rows]
    deelnemers = await ToetsingDeelnemer.select(ToetsingDeelnemer.toetsing, ToetsingDeelnemer.jobcoach).where(
        ToetsingDeelnemer.toetsing.is_in(ids or [None])
    )
    coaches = await _coaches({d["jobcoach"] for d in deelnemers})
    await inzage.record_reads(actor, [d["jobcoach"] for d in deelnemers], "toetsingen tonen")
    names = await gebruikersnamen({r["auditor"] for r in rows})
    corrections = await _corrections(ids)
    by_toetsing: dict[Any, list[str]] = {}
    for d in deelnemers:
        coach = coaches.get(str(d["jobcoach"]))
        by_toetsing.setdefault(d["toetsing"], []).append(
            namen.volledige_naam(coach["voornaam"], coach["tussenvoegsel"], coach["achternaam"])
            if coach
            else "onbekend"
        )
    items = [
        {**_head(r, names, corrections), "deelnemers": sorted(by_toetsing.get(r["id"], []))} for r in rows
    ]
    return items, await count


async def for_coach(actor: Actor, jobcoach_id: str) -> list[dict[str, Any]]:
    """A coach's own participations with feedback: the coach sees locked sessions only; auditors and
    beheerders see drafts too. Anyone else is refused; a read by someone else is logged."""
    uid = as_uuid(jobcoach_id, "Jobcoach")
    await get_row(Jobcoach, uid, "Jobcoach")
    own = actor.is_coach(str(uid))
    if not own and not actor.has("auditor", "beheerder"):
        raise Forbidden("U ziet alleen uw eigen toetsingen en feedback.")
    if not own:
        await inzage.record_read(actor, uid, DOEL)
    return await participations(uid, locked_only=own and not actor.has("auditor", "beheerder"))


async def participations(jobcoach_id: Any, *, locked_only: bool) -> list[dict[str, Any]]:
    mine = await ToetsingDeelnemer.select().where(ToetsingDeelnemer.jobcoach == jobcoach_id)
    if not mine:
        return []
    query = Toetsing.select().where(Toetsing.id.is_in([d["toetsing"] for d in mine]))
    if locked_only:
        query = query.where(Toetsing.status == "vastgesteld")
    rows = await query.order_by(Toetsing.datum, ascending=False).order_by(
        Toetsing.aangemaakt_op, ascending=False
    )
    names = await gebruikersnamen({r["auditor"] for r in rows})
    ids = [r["id"] for r in rows]
    # a draft correction does not replace anything yet: only locked corrections supersede a session
    locked_corrections = await _corrections(ids, locked_only=True)
    corrections = locked_corrections if locked_only else await _corrections(ids)
    coaches = await _coaches({jobcoach_id})
    by_toetsing = {d["toetsing"]: d for d in mine}
    return [
        {
            **_head(r, names, corrections),
            "deelname": _deelnemer(by_toetsing[r["id"]], coaches),
            "telt_mee": regels.telt_voor_kwalificatie(r, bool(locked_corrections.get(str(r["id"])))),
        }
        for r in rows
    ]


async def kandidaten(actor: Actor, jobcoach_ids: list[str], on: dt.date) -> list[dict[str, Any]]:
    """The coaches found for adding participants (ids in the order of the search, see
    register.services.zoeken with `ook_niet_publiek`), each saying if the auditor may assess them on `on`.
    Only public fields (name, number, organisations on `on`) are shown. Raises Forbidden for non-auditors."""
    require_auditor(actor)
    wanted = [as_uuid(i, "Jobcoach") for i in jobcoach_ids]
    found = {
        r["id"]: r
        for r in await Jobcoach.select(
            Jobcoach.id,
            Jobcoach.voornaam,
            Jobcoach.tussenvoegsel,
            Jobcoach.achternaam,
            Jobcoach.registratienummer,
        ).where(Jobcoach.id.is_in(wanted or [None]))
    }
    rows = [found[i] for i in wanted if i in found]
    ids = [r["id"] for r in rows]
    links = await Dienstverband.select(
        Dienstverband.jobcoach,
        Dienstverband.van,
        Dienstverband.tot,
        Dienstverband.organisatie.naam.as_alias("naam"),
    ).where(Dienstverband.jobcoach.is_in(ids or [None]) & (Dienstverband.status == BEVESTIGD))
    orgs: dict[Any, list[str]] = {}
    for link in links:
        if link["van"] <= on and (link["tot"] is None or link["tot"] >= on):
            orgs.setdefault(link["jobcoach"], []).append(link["naam"])
    return [
        {
            "id": str(r["id"]),
            "naam": namen.volledige_naam(r["voornaam"], r["tussenvoegsel"], r["achternaam"]),
            "registratienummer": r["registratienummer"],
            "organisaties": sorted(orgs.get(r["id"], [])),
            "belangenconflict": await conflict_of_interest(actor, jobcoach=r["id"], on=on),
        }
        for r in rows
    ]


# --- commands ----------------------------------------------------------------------------------------


def check_deelnemers(deelnemers: list[dict[str, Any]]) -> list[FieldError]:
    """At least one participant, each coach once, no BSN-shaped number in the free text."""
    errors: list[FieldError] = []
    if not deelnemers:
        errors.append(FieldError("deelnemers", "voeg minstens één deelnemer (jobcoach) toe"))
    seen: set[str] = set()
    for i, d in enumerate(deelnemers):
        coach = str(d.get("jobcoach") or "")
        if coach in seen:
            errors.append(FieldError(f"deelnemers[{i}].jobcoach", "deze jobcoach staat al in de toetsing"))
        seen.add(coach)
        if d.get("beoordeling") not in regels.BEOORDELINGEN:
            errors.append(
                FieldError(
                    f"deelnemers[{i}].beoordeling", "moet voldoende, onvoldoende of niet-beoordeeld zijn"
                )
            )
        for name in ("casus", "feedback", "leerdoelen"):
            if reason := check_no_bsn(d.get(name)):
                errors.append(FieldError(f"deelnemers[{i}].{name}", reason))
    return errors


async def _check(actor: Actor, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Validate a whole session; return the participants with their coach ids as UUIDs."""
    deelnemers = values.get("deelnemers") or []
    errors = check_deelnemers(deelnemers)
    if values.get("vorm") not in regels.VORMEN:
        errors.append(
            FieldError("vorm", "moet intercollegiale-toetsing, intervisie of casuistiekbespreking zijn")
        )
    resolved = []
    for i, d in enumerate(deelnemers):
        try:
            coach = as_uuid(d.get("jobcoach"), "Jobcoach")
        except NotFound:
            coach = None
        if coach is None or not await Jobcoach.exists().where(Jobcoach.id == coach):
            errors.append(FieldError(f"deelnemers[{i}].jobcoach", "deze jobcoach bestaat niet"))
            continue
        resolved.append({**d, "jobcoach": coach})
    if errors:
        raise InvalidInput(errors)
    coaches = await _coaches({d["jobcoach"] for d in resolved})
    for i, d in enumerate(resolved):
        if reason := await conflict_of_interest(actor, jobcoach=d["jobcoach"], on=values["datum"]):
            coach = coaches[str(d["jobcoach"])]
            naam = namen.volledige_naam(coach["voornaam"], coach["tussenvoegsel"], coach["achternaam"])
            raise Forbidden(f"Deelnemer {i + 1} ({naam}): {reason}")
    return resolved


def _snapshot(values: dict[str, Any], deelnemers: list[dict[str, Any]]) -> dict[str, Any]:
    return auditlog.jsonable(
        {
            "datum": values["datum"],
            "vorm": values["vorm"],
            "deelnemers": [
                {"jobcoach": str(d["jobcoach"]), **{k: d.get(k, "") for k in DEELNEMER_FIELDS}}
                for d in sorted(deelnemers, key=lambda d: str(d["jobcoach"]))
            ],
        }
    )


async def _save_deelnemers(toetsing_id: Any, deelnemers: list[dict[str, Any]]) -> None:
    for d in deelnemers:
        await ToetsingDeelnemer(
            toetsing=toetsing_id,
            jobcoach=d["jobcoach"],
            casus=d.get("casus") or "",
            beoordeling=d["beoordeling"],
            feedback=d.get("feedback") or "",
            leerdoelen=d.get("leerdoelen") or "",
        ).save()


async def create(actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    """A new draft session; with `corrigeert` it corrects a locked session (which stays as it was)."""
    require_auditor(actor)
    async with db.transaction():
        deelnemers = await _check(actor, values)
        corrigeert = None
        if values.get("corrigeert"):
            try:
                corrigeert = as_uuid(values["corrigeert"], "Toetsing")
                old = await get_row(Toetsing, corrigeert, "Toetsing")
            except NotFound:
                raise InvalidInput.single("corrigeert", "deze toetsing bestaat niet") from None
            if old["status"] != "vastgesteld":
                raise InvalidInput.single(
                    "corrigeert",
                    "alleen een vastgestelde toetsing wordt gecorrigeerd; een concept past u zelf aan",
                )
            if await Toetsing.exists().where(Toetsing.corrigeert == corrigeert):
                raise Conflict("Deze toetsing is al gecorrigeerd. Corrigeer zo nodig de correctie.")
        row = Toetsing(
            datum=values["datum"],
            vorm=values["vorm"],
            auditor=as_uuid(actor.account_id, "Account"),
            status="concept",
            corrigeert=corrigeert,
            aangemaakt_op=clock.now(),
        )
        await row.save()
        await _save_deelnemers(row.id, deelnemers)
        change = _snapshot(values, deelnemers)
        if corrigeert:
            change["corrigeert"] = str(corrigeert)
        await auditlog.record(actor, "create", "toetsing", row.id, change)
    return await _view(row.id)


async def _load_for_change(actor: Actor, toetsing_id: Any) -> dict[str, Any]:
    row = await get_row(Toetsing, toetsing_id, "Toetsing")
    if not regels.toetsing_may_change(row["status"]):
        raise Conflict(
            "Deze toetsing is vastgesteld en kan niet meer worden gewijzigd. "
            "Leg een correctie vast als nieuwe toetsing die naar deze verwijst."
        )
    if str(row["auditor"]) != str(actor.account_id):
        raise Forbidden("Alleen de auditor die deze toetsing vastlegt, wijzigt of stelt haar vast.")
    return row


async def update(actor: Actor, toetsing_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Replace a draft's date, form and participants (optionally only at the expected `versie`)."""
    require_auditor(actor)
    uid = as_uuid(toetsing_id, "Toetsing")
    async with db.transaction():
        before = await _load_for_change(actor, uid)
        deelnemers = await _check(actor, values)
        query = Toetsing.update(
            {
                Toetsing.datum: values["datum"],
                Toetsing.vorm: values["vorm"],
                Toetsing.versie: Toetsing.versie + 1,
                # a changed draft needs a fresh co-signature
                Toetsing.medeondertekend_door: None,
                Toetsing.medeondertekend_op: None,
            }
        ).where((Toetsing.id == uid) & (Toetsing.status == "concept"))
        if values.get("versie") is not None:
            query = query.where(Toetsing.versie == values["versie"])
        if not await query.returning(Toetsing.id):
            raise Conflict(
                "Deze toetsing is intussen gewijzigd of vastgesteld. Laad haar opnieuw en probeer het nog eens."
            )
        old = await _deelnemers(uid)
        await ToetsingDeelnemer.delete().where(ToetsingDeelnemer.toetsing == uid)
        await _save_deelnemers(uid, deelnemers)
        van = _snapshot(before, old)
        naar = _snapshot(values, deelnemers)
        await auditlog.record(actor, "update", "toetsing", uid, auditlog.diff(van, naar))
    return await _view(uid)


async def vaststellen(actor: Actor, toetsing_id: str) -> dict[str, Any]:
    """Lock a draft: from now on it is immutable. Locking twice is a 409."""
    require_auditor(actor)
    uid = as_uuid(toetsing_id, "Toetsing")
    async with db.transaction():
        row = await get_row(Toetsing, uid, "Toetsing")
        if row["status"] == "vastgesteld":
            raise Conflict("Deze toetsing is al vastgesteld.")
        await _load_for_change(actor, uid)
        if row["datum"] > clock.today():
            raise Conflict(
                f"Deze toetsing is gepland op {datum(row['datum'])} en kan pas op of na die datum "
                "worden vastgesteld."
            )
        deelnemers = await _deelnemers(uid)
        for d in deelnemers:  # the rule applies on the session date, also when links changed since
            if reason := await conflict_of_interest(actor, jobcoach=d["jobcoach"], on=row["datum"]):
                raise Forbidden(reason)
        vastgelegd = dag_in_nederland(row["aangemaakt_op"])
        if regels.medeondertekening_nodig(row["datum"], vastgelegd) and row["medeondertekend_door"] is None:
            raise Conflict(
                f"Deze toetsing is gedateerd op {datum(row['datum'])}, meer dan {MEDEONDERTEKENING_DAGEN} dagen "
                f"voor ze werd vastgelegd ({datum(vastgelegd)}). Een tweede auditor ondertekent haar eerst mede "
                "(medeondertekening); daarna kunt u haar vaststellen."
            )
        now = clock.now()
        locked = await (
            Toetsing.update(
                {
                    Toetsing.status: "vastgesteld",
                    Toetsing.vastgesteld_op: now,
                    Toetsing.versie: Toetsing.versie + 1,
                }
            )
            .where((Toetsing.id == uid) & (Toetsing.status == "concept"))
            .returning(Toetsing.id)
        )
        if not locked:
            raise Conflict("Deze toetsing is al vastgesteld.")
        await auditlog.record(
            actor, "vaststelling", "toetsing", uid, {"status": {"van": "concept", "naar": "vastgesteld"}}
        )
    return await _view(uid)


async def medeondertekenen(actor: Actor, toetsing_id: str) -> dict[str, Any]:
    """A second auditor co-signs a draft session (needed to lock one dated more than 30 days before it was
    recorded; audits.regels.medeondertekening_nodig). Raises Forbidden (not an auditor, the recording
    auditor, or a conflict of interest with a participant within 12 months of the session date), Conflict
    (locked, or already co-signed). Written to the audit log; a later change of the draft clears it."""
    require_auditor(actor)
    uid = as_uuid(toetsing_id, "Toetsing")
    async with db.transaction():
        row = await get_row(Toetsing, uid, "Toetsing")
        if not regels.toetsing_may_change(row["status"]):
            raise Conflict("Deze toetsing is al vastgesteld; medeondertekenen kan alleen bij een concept.")
        if str(row["auditor"]) == str(actor.account_id):
            raise Forbidden("De auditor die de toetsing vastlegt, kan haar niet zelf medeondertekenen.")
        if row["medeondertekend_door"] is not None:
            raise Conflict("Deze toetsing is al medeondertekend.")
        for d in await _deelnemers(uid):
            if reason := await conflict_of_interest(actor, jobcoach=d["jobcoach"], on=row["datum"]):
                raise Forbidden(reason)
        now = clock.now()
        done = await (
            Toetsing.update(
                {Toetsing.medeondertekend_door: actor.account_id, Toetsing.medeondertekend_op: now}
            )
            .where(
                (Toetsing.id == uid)
                & (Toetsing.status == "concept")
                & Toetsing.medeondertekend_door.is_null()
            )
            .returning(Toetsing.id)
        )
        if not done:
            raise Conflict("Deze toetsing is intussen gewijzigd; laad haar opnieuw.")
        await auditlog.record(actor, "medeondertekening", "toetsing", uid, {"datum": row["datum"]})
    return await _view(uid)


async def coach_kaarten(ids: list[str]) -> dict[str, dict[str, str]]:
    """Name and registratienummer of coaches (public fields), for showing chosen participants."""
    uids = []
    for i in ids:
        try:
            uids.append(as_uuid(i, "Jobcoach"))
        except NotFound:
            continue
    coaches = await _coaches(set(uids))
    return {
        key: {
            "naam": namen.volledige_naam(c["voornaam"], c["tussenvoegsel"], c["achternaam"]),
            "registratienummer": c["registratienummer"],
        }
        for key, c in coaches.items()
    }
