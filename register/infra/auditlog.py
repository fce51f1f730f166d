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
AUDIT_COLUMNS = (
    "id",
    "volgnummer",
    "tijdstip",
    "actor",
    "actor_rol",
    "actie",
    "objecttype",
    "object_id",
    "wijziging",
    "vorige_hash",
    "hash",
)


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


def canonical(row: dict[str, Any], vorige_hash: str) -> str:
    """The JSON the hash is computed over: sorted keys, no spaces, UTF-8 as is."""
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
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(row: dict[str, Any], vorige_hash: str) -> str:
    return hashlib.sha256(canonical(row, vorige_hash).encode("utf-8")).hexdigest()


# The keys sort as actie, actor, actorRol, objectId, objecttype, tijdstip, volgnummer, vorigeHash,
# wijziging: the first occurrence of this text is the top-level pair (the values before it are strings,
# whose quotes are escaped), whatever the change contains.
_HEAD_MARKER = '"volgnummer":0,"vorigeHash":""'


def split_canonical(row: dict[str, Any]) -> tuple[str, str]:
    """The canonical JSON around the number and previous hash, which the database fills in: the text
    before the number (ending in `"volgnummer":`) and after the previous hash's closing quote."""
    text = canonical({**row, "volgnummer": 0}, "")
    at = text.index(_HEAD_MARKER)
    return text[:at] + '"volgnummer":', text[at + len(_HEAD_MARKER) :]


async def record(
    actor: Actor,
    actie: str,
    objecttype: str,
    object_id: Any,
    wijziging: dict[str, Any] | None = None,
) -> None:
    """Append one row. Must run inside the command's transaction (see `register.db.transaction`)."""
    now = clock.now().astimezone(dt.UTC)
    row = {
        "tijdstip": format_time(now),
        "actor": actor.account_id,
        "actor_rol": actor.rol_label,
        "actie": actie,
        "objecttype": objecttype,
        "object_id": str(object_id),
        "wijziging": jsonable(wijziging or {}),
    }
    # the columns both engines store as given, in AUDIT_COLUMNS order between volgnummer and vorige_hash
    given = (row["actor"], row["actor_rol"], actie, objecttype, row["object_id"])
    wijziging_json = json.dumps(row["wijziging"], ensure_ascii=False)
    if db.is_postgres():
        # lock, read the head, hash and insert in one round trip (audits migration 2026-11-24T13:00):
        # the append lock is held from here to the commit only
        voor, na = split_canonical(row)
        await AuditlogRegel.raw(
            "SELECT auditlog_toevoegen({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
            LOCK_KEY,
            uuid.uuid4(),
            now,
            *given,
            wijziging_json,
            voor,
            na,
        )
        return
    # SQLite: the transaction already holds the database's only write lock (BEGIN IMMEDIATE)
    from register.infra.bulk import insert_rows

    last = await AuditlogRegel.raw(
        "SELECT volgnummer, hash FROM auditlog_regel ORDER BY volgnummer DESC LIMIT 1"
    )
    volgnummer = (last[0]["volgnummer"] + 1) if last else 1
    vorige_hash = last[0]["hash"] if last else GENESIS
    digest = compute_hash({**row, "volgnummer": volgnummer}, vorige_hash)
    await insert_rows(
        AuditlogRegel,
        AUDIT_COLUMNS,
        [(uuid.uuid4(), volgnummer, now, *given, wijziging_json, vorige_hash, digest)],
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


class ChainChecker:
    """Walks the rows in volgnummer order and reports the first row that breaks the chain (pure, no I/O).

    A row is broken when its number is not the next one (a row before it was removed, or rows were
    moved), when it does not point at the previous row's hash (reordered, or a row replaced), or when
    its own hash no longer matches its content (altered).
    """

    def __init__(self) -> None:
        self.expected_nummer = 1
        self.vorige_hash = GENESIS
        self.count = 0

    def feed(self, row: dict[str, Any]) -> dict[str, Any] | None:
        self.count += 1
        nummer = int(row["volgnummer"])
        if nummer != self.expected_nummer:
            if nummer > self.expected_nummer:
                return self._broken(
                    self.expected_nummer, f"regel {self.expected_nummer} ontbreekt (verwijderd)"
                )
            return self._broken(nummer, f"regel {nummer} staat op de verkeerde plaats")
        if row["vorige_hash"] != self.vorige_hash:
            return self._broken(
                nummer,
                "de verwijzing naar de vorige regel klopt niet (volgorde gewijzigd of regel vervangen)",
            )
        check = dict(row)
        check["wijziging"] = _load(row["wijziging"])
        if compute_hash(check, self.vorige_hash) != row["hash"]:
            return self._broken(nummer, "de inhoud van deze regel is gewijzigd")
        self.vorige_hash = row["hash"]
        self.expected_nummer = nummer + 1
        return None

    def _broken(self, nummer: int, reden: str) -> dict[str, Any]:
        return {"intact": False, "regels": self.count, "eersteFouteRegel": nummer, "reden": reden}

    def result(self) -> dict[str, Any]:
        return {"intact": True, "regels": self.count}


def check_chain(rows: Any) -> dict[str, Any]:
    """Verify rows given in volgnummer order: {"intact": True, "regels": N} or the first broken row."""
    checker = ChainChecker()
    for row in rows:
        if broken := checker.feed(row):
            return broken
    return checker.result()


async def verify(batch: int = 5000) -> dict[str, Any]:
    """Recompute the chain from the database, in batches; the first broken row or intact."""
    checker = ChainChecker()
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
            if broken := checker.feed(row):
                return broken
        after = int(rows[-1]["volgnummer"])
    return checker.result()


# --- browsing (beheerder) ------------------------------------------------------------------------------


async def entries(
    *, objecttype: str | None = None, object_id: str | None = None, offset: int = 0, limit: int = 50
) -> tuple[list[dict[str, Any]], int]:
    """Log rows, newest first, optionally of one record: who changed it, when, from what to what."""
    from register.tables import Account

    query = AuditlogRegel.select()
    count = AuditlogRegel.count()
    if objecttype:
        query = query.where(AuditlogRegel.objecttype == objecttype)
        count = count.where(AuditlogRegel.objecttype == objecttype)
    if object_id:
        query = query.where(AuditlogRegel.object_id == object_id)
        count = count.where(AuditlogRegel.object_id == object_id)
    rows = await query.order_by(AuditlogRegel.volgnummer, ascending=False).offset(offset).limit(limit)
    actor_ids = []
    for r in rows:
        try:
            actor_ids.append(uuid.UUID(r["actor"]))
        except (TypeError, ValueError):
            continue
    names = {
        str(a["id"]): a["gebruikersnaam"]
        for a in await Account.select(Account.id, Account.gebruikersnaam).where(
            Account.id.is_in(actor_ids or [None])
        )
    }
    return [
        {
            "volgnummer": int(r["volgnummer"]),
            "tijdstip": r["tijdstip"],
            "actor": r["actor"],
            "actor_naam": names.get(r["actor"] or "", "systeem" if not r["actor"] else "onbekend"),
            "actor_rol": r["actor_rol"],
            "actie": r["actie"],
            "objecttype": r["objecttype"],
            "object_id": r["object_id"],
            "wijziging": _load(r["wijziging"]),
            "hash": r["hash"],
        }
        for r in rows
    ], await count


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
