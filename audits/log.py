"""The append-only, hash-chained audit log.

Each row's hash is SHA-256 over a canonical JSON of the row (sequence number, time, actor, action,
record, change) together with the previous row's hash. Verification walks the chain in order and names
the first row that was altered (hash mismatch), removed (gap in the sequence) or reordered (previous
hash does not match).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from audits.tables import AuditlogRegel
from register import clock, db
from register.actor import Actor

GENESIS = "0" * 64
LOCK_KEY = 731_905_117  # advisory lock id that serializes appends on PostgreSQL


def jsonable(value: Any) -> Any:
    """Turn a change into plain JSON values (dates as ISO strings) so it hashes the same after a round trip."""
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return format_time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def format_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def compute_hash(row: dict[str, Any], vorige_hash: str) -> str:
    payload = {
        "volgnummer": int(row["volgnummer"]),
        "tijdstip": row["tijdstip"] if isinstance(row["tijdstip"], str) else format_time(row["tijdstip"]),
        "actor": row["actor"],
        "actorRol": row["actor_rol"],
        "actie": row["actie"],
        "objecttype": row["objecttype"],
        "objectId": row["object_id"],
        "wijziging": row["wijziging"],
        "vorigeHash": vorige_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


async def record(
    actor: Actor,
    actie: str,
    objecttype: str,
    object_id: Any,
    wijziging: dict[str, Any] | None = None,
) -> None:
    """Append one row. Must run inside the command's transaction (see `register.db.transaction`)."""
    if db.is_postgres():
        await AuditlogRegel.raw("SELECT pg_advisory_xact_lock({})", LOCK_KEY)
    last = (
        await AuditlogRegel.select(AuditlogRegel.volgnummer, AuditlogRegel.hash)
        .order_by(AuditlogRegel.volgnummer, ascending=False)
        .limit(1)
        .first()
    )
    volgnummer = (last["volgnummer"] + 1) if last else 1
    vorige_hash = last["hash"] if last else GENESIS
    row = {
        "volgnummer": volgnummer,
        "tijdstip": format_time(clock.now()),
        "actor": actor.account_id,
        "actor_rol": actor.rol_label,
        "actie": actie,
        "objecttype": objecttype,
        "object_id": str(object_id),
        "wijziging": jsonable(wijziging or {}),
    }
    digest = compute_hash(row, vorige_hash)
    await AuditlogRegel.insert(
        AuditlogRegel(
            volgnummer=volgnummer,
            tijdstip=dt.datetime.strptime(row["tijdstip"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC),
            actor=row["actor"],
            actor_rol=row["actor_rol"],
            actie=actie,
            objecttype=objecttype,
            object_id=row["object_id"],
            wijziging=json.dumps(row["wijziging"], ensure_ascii=False),
            vorige_hash=vorige_hash,
            hash=digest,
        )
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields that changed, as {"veld": {"van": old, "naar": new}}."""
    changed = {}
    for key, new in after.items():
        old = before.get(key)
        if old != new:
            changed[key] = {"van": old, "naar": new}
    return jsonable(changed)


def _load(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def verify(batch: int = 5000) -> dict[str, Any]:
    """Recompute the chain; return {"intact": True, "regels": N} or the first broken row."""
    expected_nummer = 1
    vorige_hash = GENESIS
    count = 0
    after = 0
    while True:
        rows = (
            await AuditlogRegel.select()
            .where(AuditlogRegel.volgnummer > after)
            .order_by(AuditlogRegel.volgnummer)
            .limit(batch)
        )
        if not rows:
            break
        for row in rows:
            count += 1
            nummer = int(row["volgnummer"])
            problem = None
            if nummer != expected_nummer:
                problem = (
                    f"regel {expected_nummer} ontbreekt (verwijderd)"
                    if nummer > expected_nummer
                    else f"regel {nummer} staat op de verkeerde plaats"
                )
                broken = expected_nummer if nummer > expected_nummer else nummer
            elif row["vorige_hash"] != vorige_hash:
                problem = (
                    "de verwijzing naar de vorige regel klopt niet (volgorde gewijzigd of regel vervangen)"
                )
                broken = nummer
            else:
                check = dict(row)
                check["wijziging"] = _load(row["wijziging"])
                if compute_hash(check, vorige_hash) != row["hash"]:
                    problem = "de inhoud van deze regel is gewijzigd"
                    broken = nummer
            if problem:
                return {"intact": False, "regels": count, "eersteFouteRegel": broken, "reden": problem}
            vorige_hash = row["hash"]
            expected_nummer = nummer + 1
            after = nummer
    return {"intact": True, "regels": count}
