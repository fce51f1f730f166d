"""Following a traject's coachingsdoelen (issue 14, part 4): the goals come from the granted aanvraag;
every evaluatieverslag records per goal its progress, the plan revision (bijstelling-begeleidingsplan)
adds, changes or closes goals, and the eindverslag says per goal whether it was reached and whether the
worker can go on without a jobcoach or the employer takes over. History is kept: every entry is a
Doelvoortgang row, a goal's current target is its newest.

Called by register.services.trajecten inside its report submission (one transaction); the checks are the
pure rules of register.rules.rapportages (`doelverslag_gebreken`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from register import clock
from register.actor import Actor
from register.errors import FieldError, InvalidInput
from register.rules import rapportages as regels
from register.rules.aanvraag import teksten
from register.tables import Coachingsdoel, Doelvoortgang, Rapportage
from register.validators import check_geen_diagnose, check_geen_geboortedatum, check_no_bsn


class Voortgang(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """One entry of a goal's history: `voortgang` a DOEL_VOORTGANG code (or toegevoegd, gesloten), the
    report it came with, and the new target when it was adjusted; `vastgelegd_op` in UTC."""

    rapportage: str | None
    soort: str
    voortgang: str
    toelichting: str
    streefwaarde: str | None
    streefdatum: dt.date | None
    vastgelegd_op: dt.datetime


class DoelMetVoortgang(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """A traject's coachingsdoel with its current target and its history, oldest first. `status`: open,
    behaald, niet-behaald or gesloten."""

    id: str
    volgnummer: int
    omschrijving: str
    indicator: str
    streefwaarde: str
    streefdatum: dt.date | None
    kernactiviteit: str
    betreft: str
    status: str
    voortgang: list[Voortgang]


async def van_traject(traject_id: Any) -> list[DoelMetVoortgang]:
    """The goals of a traject with their history (none for a traject registered without an aanvraag)."""
    doelen = (
        await Coachingsdoel.select()
        .where(Coachingsdoel.traject == traject_id)
        .order_by(Coachingsdoel.volgnummer)
    )
    if not doelen:
        return []
    entries = (
        await Doelvoortgang.select(
            Doelvoortgang.all_columns(), Doelvoortgang.rapportage.soort.as_alias("rapportage_soort")
        )
        .where(Doelvoortgang.doel.is_in([d["id"] for d in doelen]))
        .order_by(Doelvoortgang.vastgelegd_op)
    )
    per_doel: dict[Any, list[Voortgang]] = {}
    for e in entries:
        per_doel.setdefault(e["doel"], []).append(
            Voortgang(
                rapportage=str(e["rapportage"]) if e["rapportage"] else None,
                soort=e["rapportage_soort"] or "",
                voortgang=e["voortgang"],
                toelichting=e["toelichting"],
                streefwaarde=e["streefwaarde"],
                streefdatum=e["streefdatum"],
                vastgelegd_op=e["vastgelegd_op"],
            )
        )
    return [
        DoelMetVoortgang(
            id=str(d["id"]),
            volgnummer=d["volgnummer"],
            omschrijving=d["omschrijving"],
            indicator=d["indicator"],
            streefwaarde=d["streefwaarde"],
            streefdatum=d["streefdatum"],
            kernactiviteit=d["kernactiviteit"],
            betreft=d["betreft"],
            status=d["status"],
            voortgang=per_doel.get(d["id"], []),
        )
        for d in doelen
    ]


def _tekstfouten(values: Mapping[str, Any]) -> list[FieldError]:
    """No BSN and no diagnosis in any text of the goal section (issue 14)."""
    errors = []
    for pad, text in teksten(values):
        if pad.endswith(".doel"):  # a goal's id: its digits can look like a BSN
            continue
        if reason := check_no_bsn(text) or check_geen_diagnose(text) or check_geen_geboortedatum(text):
            errors.append(FieldError(pad, reason))
    return errors


async def verwerk_verslag(
    actor: Actor,
    traject: Mapping[str, Any],
    rapportage: Mapping[str, Any],
    values: Mapping[str, Any],
    einde: dt.date,
) -> dict[str, Any]:
    """Check and store the goal section of a report inside the caller's transaction; returns what changed
    for the audit log. `values` in API names: doelen, nieuweDoelen, sluitDoelen (lists of mappings, dates as
    dates), zonderJobcoach, werkgeverNeemtOver. 400 listing every gap (register.rules.rapportages)."""
    doelen = (
        await Coachingsdoel.select()
        .where(Coachingsdoel.traject == traject["id"])
        .order_by(Coachingsdoel.volgnummer)
    )
    open_ids = [str(d["id"]) for d in doelen if d["status"] == "open"]
    voortgang = list(values.get("doelen") or [])
    nieuw = list(values.get("nieuweDoelen") or [])
    sluit = list(values.get("sluitDoelen") or [])
    zonder = values.get("zonderJobcoach")
    neemt_over = values.get("werkgeverNeemtOver")
    soort = rapportage["soort"]
    if not doelen and not (voortgang or nieuw or sluit):
        return {}  # a traject registered without an aanvraag has no goals to follow
    gebreken = regels.doelverslag_gebreken(
        soort, open_ids, voortgang, nieuw, sluit, zonder, neemt_over, (traject["startdatum"], einde)
    )
    errors = [FieldError(g.veld, g.reden) for g in gebreken] + _tekstfouten(
        {"doelen": voortgang, "nieuweDoelen": nieuw, "sluitDoelen": sluit}
    )
    if errors:
        raise InvalidInput(errors)
    now = clock.now()
    rid = rapportage["id"]
    entries: list[Doelvoortgang] = []
    for e in voortgang:
        doel_id = uuid.UUID(str(e["doel"]))
        changes: dict[Any, Any] = {Coachingsdoel.gewijzigd_op: now}
        if e["voortgang"] == "bijgesteld":
            if (e.get("nieuweStreefwaarde") or "").strip():
                changes[Coachingsdoel.streefwaarde] = e["nieuweStreefwaarde"].strip()
            if e.get("nieuweStreefdatum"):
                changes[Coachingsdoel.streefdatum] = e["nieuweStreefdatum"]
        elif e["voortgang"] in ("behaald", "niet-behaald"):
            changes[Coachingsdoel.status] = e["voortgang"]
        await Coachingsdoel.update(changes).where(Coachingsdoel.id == doel_id)
        entries.append(
            Doelvoortgang(
                doel=doel_id,
                rapportage=rid,
                voortgang=e["voortgang"],
                toelichting=e["toelichting"].strip(),
                streefwaarde=(e.get("nieuweStreefwaarde") or "").strip() or None,
                streefdatum=e.get("nieuweStreefdatum"),
                vastgelegd_op=now,
                vastgelegd_door=actor.account_id,
            )
        )
    for s in sluit:
        doel_id = uuid.UUID(str(s["doel"]))
        await Coachingsdoel.update({Coachingsdoel.status: "gesloten", Coachingsdoel.gewijzigd_op: now}).where(
            Coachingsdoel.id == doel_id
        )
        entries.append(
            Doelvoortgang(
                doel=doel_id,
                rapportage=rid,
                voortgang="gesloten",
                toelichting=s["toelichting"].strip(),
                vastgelegd_op=now,
                vastgelegd_door=actor.account_id,
            )
        )
    volgnummer = max((d["volgnummer"] for d in doelen), default=0)
    for n, d in enumerate(nieuw, start=1):
        doel = Coachingsdoel(
            aanvraag=doelen[0]["aanvraag"],
            traject=traject["id"],
            volgnummer=volgnummer + n,
            omschrijving=d["omschrijving"],
            indicator=d["indicator"],
            streefwaarde=d["streefwaarde"],
            streefdatum=d["streefdatum"],
            kernactiviteit=d["kernactiviteit"],
            betreft=d["betreft"],
            aangemaakt_op=now,
            gewijzigd_op=now,
        )
        await doel.save()
        entries.append(
            Doelvoortgang(
                doel=doel.id,
                rapportage=rid,
                voortgang="toegevoegd",
                toelichting="",
                streefwaarde=d["streefwaarde"],
                streefdatum=d["streefdatum"],
                vastgelegd_op=now,
                vastgelegd_door=actor.account_id,
            )
        )
    if entries:
        await Doelvoortgang.insert(*entries)
    if soort == "eindverslag":
        await Rapportage.update(
            {Rapportage.zonder_jobcoach: zonder, Rapportage.werkgever_neemt_over: neemt_over}
        ).where(Rapportage.id == rid)
    return {
        "doelen": [{"doel": str(e.doel), "voortgang": e.voortgang} for e in entries],
        **({"zonderJobcoach": zonder, "werkgeverNeemtOver": neemt_over} if soort == "eindverslag" else {}),
    }


class TrajectDoelen(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    traject: str
    referentie: str
    werkgever: str
    doelen: int
    behaald: int


class Doelenoverzicht(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """Goals across a gemeente's trajecten: counts per status, and per traject (by referentie)."""

    trajecten: int
    doelen: int
    behaald: int
    niet_behaald: int
    open: int
    gesloten: int
    per_traject: list[TrajectDoelen]


async def overzicht(gemeente_codes: Sequence[str]) -> Doelenoverzicht:
    """How many goals the gemeente's trajecten have and how many were reached (issue 14)."""
    if not gemeente_codes:
        return Doelenoverzicht(
            trajecten=0, doelen=0, behaald=0, niet_behaald=0, open=0, gesloten=0, per_traject=[]
        )
    rows = await Coachingsdoel.select(
        Coachingsdoel.status,
        Coachingsdoel.traject.as_alias("traject_id"),
        Coachingsdoel.traject.referentie.as_alias("referentie"),
        Coachingsdoel.traject.werkgever.as_alias("werkgever"),
    ).where(Coachingsdoel.traject.gemeente.is_in(list(gemeente_codes)))
    per: dict[str, dict[str, Any]] = {}
    for r in rows:
        t = per.setdefault(
            str(r["traject_id"]),
            {
                "traject": str(r["traject_id"]),
                "referentie": r["referentie"],
                "werkgever": r["werkgever"],
                "doelen": 0,
                "behaald": 0,
            },
        )
        t["doelen"] += 1
        t["behaald"] += r["status"] == "behaald"
    telling = {
        s: sum(1 for r in rows if r["status"] == s) for s in ("behaald", "niet-behaald", "open", "gesloten")
    }
    return Doelenoverzicht(
        trajecten=len(per),
        doelen=len(rows),
        behaald=telling["behaald"],
        niet_behaald=telling["niet-behaald"],
        open=telling["open"],
        gesloten=telling["gesloten"],
        per_traject=[TrajectDoelen(**t) for t in sorted(per.values(), key=lambda t: t["referentie"])],
    )
