"""Toetsingskaders: the national default (beheerder) and each gemeente's own versions.

A new version never changes the past: it starts today or later, and verifications name the version
they applied. Settings left out of a new version come from the kader that would otherwise apply on its
start date (the gemeente's own version then in force, else the national kader), so every stored
version is complete.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from register import clock, db
from register.actor import Actor
from register.errors import FieldError, Forbidden, InvalidInput, NotFound
from register.infra import auditlog
from register.rules import kader as rules
from register.services import gemeenten
from register.tables import Toetsingskader

LOCK_KEY = 731_905_553


def _kader(row: dict[str, Any]) -> rules.Kader:
    criteria = row["criteria"]
    while isinstance(criteria, str):
        criteria = json.loads(criteria)
    return rules.Kader(row["gemeente"], row["versie"], row["ingangsdatum"], criteria)


async def _versions(gemeente: str | None) -> list[dict[str, Any]]:
    query = Toetsingskader.select()
    query = query.where(
        Toetsingskader.gemeente.is_null() if gemeente is None else Toetsingskader.gemeente == gemeente
    )
    return await query.order_by(Toetsingskader.versie)


def view(kader: rules.Kader, versions: list[dict[str, Any]], vastgesteld_op: Any = None) -> dict[str, Any]:
    return {
        "gemeente": kader.gemeente,
        "versie": kader.versie,
        "ingangsdatum": None if kader.versie == 0 else kader.ingangsdatum,
        "criteria": {code: dict(kader.criteria[code]) for code in rules.CRITERIA},
        "vastgesteld_op": vastgesteld_op,
        "versies": [
            {"versie": v["versie"], "ingangsdatum": v["ingangsdatum"], "vastgesteld_op": v["vastgesteld_op"]}
            for v in versions
        ],
    }


async def landelijk_kader(peildatum: dt.date) -> rules.Kader:
    """The national kader in force on the peildatum: the beheerder's newest version then, else the
    built-in default (version 0). The kader a coach is judged by when there is no traject (their own
    overview, the public profile)."""
    return rules.in_force([_kader(r) for r in await _versions(None)], None, peildatum)


async def in_force(gemeente: str | None, peildatum: dt.date | None = None) -> dict[str, Any]:
    """The kader that a verification of this gemeente on the peildatum (default today) applies."""
    peildatum = peildatum or clock.today()
    if gemeente is not None and not await gemeenten.known_codes([gemeente]):
        raise NotFound(f"Gemeente {gemeente} is niet bekend in het register.")
    national = await _versions(None)
    own = await _versions(gemeente) if gemeente is not None else []
    kader = rules.in_force([_kader(r) for r in national + own], gemeente, peildatum)
    source = own if kader.gemeente is not None else national
    row = next((r for r in source if r["versie"] == kader.versie), None)
    return view(kader, own if gemeente is not None else national, row["vastgesteld_op"] if row else None)


async def adopt(actor: Actor, gemeente: str | None, values: dict[str, Any]) -> dict[str, Any]:
    """Store a new version: a gemeente's own (gemeente role, own code) or the national one (beheerder)."""
    if gemeente is None:
        if not actor.has("beheerder"):
            raise Forbidden("Alleen een beheerder stelt het landelijke toetsingskader vast.")
    else:
        if not await gemeenten.known_codes([gemeente]):
            raise NotFound(f"Gemeente {gemeente} is niet bekend in het register.")
        if gemeente not in actor.gemeente_codes:
            raise Forbidden("U kunt alleen het toetsingskader van uw eigen gemeente vaststellen.")
    criteria = values.get("criteria")
    errors = rules.validate(criteria)
    ingangsdatum = values.get("ingangsdatum")
    if isinstance(ingangsdatum, dt.date) and ingangsdatum < clock.today():
        errors.insert(
            0,
            FieldError("ingangsdatum", rules.KADER_TERUGWERKEND),
        )
    if errors:
        raise InvalidInput(errors)
    async with db.transaction():
        if db.is_postgres():
            await Toetsingskader.raw("SELECT pg_advisory_xact_lock({})", LOCK_KEY)
        national = [_kader(r) for r in await _versions(None)]
        base = rules.in_force(national, None, ingangsdatum)
        if gemeente is None:
            previous = [k for k in national]
        else:
            previous = [_kader(r) for r in await _versions(gemeente)]
            own = rules.in_force(previous, gemeente, ingangsdatum)
            if own.gemeente == gemeente:
                base = own
        complete = rules.merge(base.criteria, criteria)
        versie = max((k.versie for k in previous), default=0) + 1
        now = clock.now()
        await Toetsingskader(
            gemeente=gemeente,
            versie=versie,
            ingangsdatum=ingangsdatum,
            criteria=json.dumps(complete),
            vastgesteld_op=now,
            vastgesteld_door=actor.account_id,
        ).save()
        await auditlog.record(
            actor,
            "create",
            "toetsingskader",
            f"{gemeente or 'landelijk'}-{versie}",
            {"gemeente": gemeente, "versie": versie, "ingangsdatum": ingangsdatum, "criteria": criteria},
        )
    kader = rules.Kader(gemeente, versie, ingangsdatum, complete)
    return view(kader, await _versions(gemeente), now)
