"""The audit log: one entry per change, written in the change's own transaction.

An entry records who (account and role), when, what action on which record, and the change itself. Its
personal values are encrypted with a data key of the person they are about (register.infra.shredding),
so they can be erased later without touching the log. The entry is written unsequenced, without a lock;
register.infra.tlog numbers it, chains it, adds it to the Merkle tree and signs checkpoints, and verifies
all of it (`verify`).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from register import clock
from register.actor import SYSTEEM, Actor
from register.infra import shredding, tlog

GENESIS = tlog.GENESIS
format_time = tlog.format_time
jsonable = tlog.jsonable
sequence = tlog.sequence
verify = tlog.verify


async def record(
    actor: Actor,
    actie: str,
    objecttype: str,
    object_id: Any,
    wijziging: dict[str, Any] | None = None,
    *,
    regel_id: uuid.UUID | None = None,
    betrokkene: str | None = None,
) -> uuid.UUID:
    """Write one entry inside the command's transaction (see `register.db.transaction`); returns its id.

    `regel_id` lets a caller name the entry before it exists (a signed statement names the entry that
    records it); `betrokkene` (`type:id`) names the data subject whose key encrypts the personal values
    when it is neither the coach in the change nor the changed record itself."""
    entry_id = regel_id or uuid.uuid4()
    now = clock.now().astimezone(dt.UTC)
    change = jsonable(wijziging or {})
    subject = shredding.subject_of(objecttype, str(object_id), change, betrokkene)
    sealed = await shredding.Sealer(str(entry_id)).seal(change, subject)
    await tlog.append(
        entry_id,
        now,
        actor.account_id,
        actor.rol_label,
        actie,
        objecttype,
        str(object_id),
        json.dumps(sealed, ensure_ascii=False),
    )
    return entry_id


async def convert_legacy() -> int:
    """Move the hash chain of before the transparency log into it (see register.infra.tlog.convert_legacy)."""

    async def system_entry(actie: str, objecttype: str, object_id: str, wijziging: dict[str, Any]) -> None:
        await record(SYSTEEM, actie, objecttype, object_id, wijziging)

    return await tlog.convert_legacy(system_entry)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields that changed, as {"veld": {"van": old, "naar": new}}."""
    changed = {}
    for key, new in after.items():
        old = before.get(key)
        if old != new:
            changed[key] = {"van": old, "naar": new}
    return jsonable(changed)


# --- browsing (beheerder) ------------------------------------------------------------------------------


async def entries(
    *, objecttype: str | None = None, object_id: str | None = None, offset: int = 0, limit: int = 50
) -> tuple[list[dict[str, Any]], int]:
    """Log entries, newest first, optionally of one record: who changed it, when, from what to what.
    Personal values are shown while their data key exists and as `[gewist]` after it was destroyed; a
    tampered row is shown as it is (the verifier names it), never an error."""
    from register.infra.records import gebruikersnamen

    rows, total = await tlog.read_entries(
        objecttype=objecttype, object_id=object_id, offset=offset, limit=limit
    )
    names = await gebruikersnamen(r["actor"] for r in rows)
    readable = await shredding.unseal([(r["id"], r["wijziging"]) for r in rows])
    return [
        {
            **r,
            "actor_naam": names.get(r["actor"] or "", "systeem" if not r["actor"] else "onbekend"),
            "wijziging": change if isinstance(change, dict) else {"waarde": change},
        }
        for r, change in zip(rows, readable, strict=True)
    ], total


async def coaches_in(rows: list[dict[str, Any]]) -> set[str]:
    """The coaches whose data these log rows show (for the access log)."""
    from audits.tables import ToetsingDeelnemer
    from register.tables import Dienstverband, Keurmerk, Opleiding, Scholing, Zelfevaluatie

    tables = {
        "opleiding": Opleiding,
        "scholing": Scholing,
        "keurmerk": Keurmerk,
        "zelfevaluatie": Zelfevaluatie,
        "dienstverband": Dienstverband,
    }
    found: set[str] = set()
    by_type: dict[str, list[uuid.UUID]] = {}
    for r in rows:
        try:
            by_type.setdefault(r["objecttype"], []).append(uuid.UUID(r["object_id"]))
        except (TypeError, ValueError):
            continue
    found.update(str(i) for i in by_type.get("jobcoach", []))
    for objecttype, table in tables.items():
        ids = by_type.get(objecttype)
        if ids:
            for row in await table.select(table.jobcoach).where(table.id.is_in(ids)):
                if row["jobcoach"] is not None:
                    found.add(str(row["jobcoach"]))
    if ids := by_type.get("toetsing"):
        for row in await ToetsingDeelnemer.select(ToetsingDeelnemer.jobcoach).where(
            ToetsingDeelnemer.toetsing.is_in(ids)
        ):
            found.add(str(row["jobcoach"]))
    from register.tables import Jobcoach

    existing = await Jobcoach.select(Jobcoach.id).where(
        Jobcoach.id.is_in([uuid.UUID(i) for i in found] or [None])
    )
    return {str(r["id"]) for r in existing}
