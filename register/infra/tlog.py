"""The audit log as a transparency log (RFC 9162 terms): entries, the sequencer, the Merkle tree, proofs,
signed checkpoints and the verifier.

Entries. A change writes its entry *unsequenced* in its own transaction, without any lock (`append`):
`volgnummer`, `vorige_hash` and `hash` stay empty, `ontvangst` records the order of arrival. One sequencer
at a time (`sequence`: a PostgreSQL advisory lock, SQLite's single writer) takes the committed waiting
entries in arrival order, in batches, and gives each the next position N (1-based; Merkle leaf N - 1),
its predecessor's hash and its own hash, and adds it to the Merkle tree. Entry N is the canonical JSON

    {"actie", "actor", "actorRol", "id", "objectId", "objecttype", "ontvangst", "tijdstip",
     "volgnummer", "vorigeHash", "wijziging"}

(keys sorted, no spaces, UTF-8 as is, `tijdstip` as `YYYY-MM-DDTHH:MM:SS.ffffffZ`, `vorigeHash` of entry 1
sixty-four zeros); its `hash` is SHA-256 of those bytes (hex) and its Merkle leaf hash SHA-256(0x00 ||
those bytes). So the chain and the tree cover every column, and the personal values only as ciphertext
(register.infra.shredding).

The tree. The hashes of perfect subtrees are stored at levels 0, 4, 8, ... (`STRIDE`) in `auditlog_knoop`
under `sleutel = level << 48 | index`; any subtree hash a proof needs is at most 2^3 stored hashes away,
so a proof reads O(log n) rows at any size.

Checkpoints. `issue_checkpoint` signs (Ed25519, a key of its own, never the statement key) the size and
root hash in the C2SP tlog-checkpoint format (register.rules.checkpoint) and stores it: at least daily,
after each bulk job, and after writes when the newest is older than `CHECKPOINT_INTERVAL`.

Verification (`verify`) reads every value as text and never trusts the database's types: any missing,
unparseable or altered value names its row; removed rows, a truncated table or a rewritten history are
caught against the stored signed checkpoints and against a checkpoint an outsider kept.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import hashlib
import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from audits.tables import AuditlogCheckpoint, AuditlogKnoop, AuditlogRegel, Checkpointsleutel
from register import clock, db
from register.errors import Conflict, DomainError, InvalidInput, NotFound
from register.infra import keyvault, shredding
from register.infra.bulk import insert_rows
from register.rules import checkpoint as notes
from register.rules import merkle

logger = logging.getLogger("register.auditlog")

GENESIS = "0" * 64
LOCK_KEY = 731_905_117  # advisory lock id of the sequencer on PostgreSQL
STRIDE = 4
LEVEL_SHIFT = 48
BATCH = 1000
VERIFY_BATCH = 5000
CHECKPOINT_INTERVAL = dt.timedelta(minutes=5)  # at most ~300 a day: each verify checks every one
CHECKPOINT_MAX_AGE = dt.timedelta(days=1)
MAX_POSITION = 1 << 62
HEX64 = re.compile(r"[0-9a-f]{64}")
# entries whose content the public entry route shows (the signed statements name them)
PUBLIC_CONTENT = ("verificatie", "verificatie-bulk")

_config: dict[str, Any] = {"origin": "jobcoachregister.invalid/auditlog", "mode": "inline", "strict": False}


class LogDamaged(DomainError):
    """The stored tree or log cannot answer: it was damaged or tampered with (run `auditlog verify`)."""

    status = 500
    title = "Auditlog beschadigd"


class LegacyLog(DomainError):
    """The log still has rows of the hash chain before the transparency log; `migrate` converts them."""

    status = 503
    title = "Auditlog nog niet omgezet"


def origin_for(base_url: str) -> str:
    """The log's identity for checkpoints: the register's URL without scheme, plus `/auditlog`."""
    bare = re.sub(r"^[a-z]+://", "", base_url.strip()).rstrip("/")
    bare = re.sub(r"[\s+]", "", bare) or "jobcoachregister.invalid"
    return f"{bare}/auditlog"


def configure(*, origin: str | None = None, mode: str | None = None, strict: bool | None = None) -> None:
    """`origin`: the checkpoint key name for a new key; `mode` after each commit that wrote entries:
    `background` (the server: a task, the write path never waits), `inline` (commands and tests: sequence
    before returning) or `off`; `strict`: re-raise sequencing errors (tests)."""
    if origin is not None:
        notes.verifier_key(origin, b"\x00" * 32)  # validates the name
        _config["origin"] = origin
    if mode is not None:
        if mode not in ("background", "inline", "off"):
            raise ValueError(mode)
        _config["mode"] = mode
    if strict is not None:
        _config["strict"] = strict


# --- the entry format ---------------------------------------------------------------------------------


def format_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def jsonable(value: Any) -> Any:
    """Plain JSON values (dates as ISO text, UUIDs as text), so a change hashes the same after a round trip."""
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return format_time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


@dataclass(frozen=True)
class Entry:
    """One entry in canonical form (strings as they are hashed)."""

    id: str
    ontvangst: int
    tijdstip: str
    actor: str | None
    actor_rol: str | None
    actie: str
    objecttype: str
    object_id: str
    wijziging: Any
    volgnummer: int | None = None
    vorige_hash: str | None = None


def canonical(entry: Entry) -> bytes:
    """The bytes that the entry's hash and Merkle leaf cover (module docstring)."""
    payload = {
        "id": entry.id,
        "volgnummer": entry.volgnummer,
        "ontvangst": entry.ontvangst,
        "tijdstip": entry.tijdstip,
        "actor": entry.actor,
        "actorRol": entry.actor_rol,
        "actie": entry.actie,
        "objecttype": entry.objecttype,
        "objectId": entry.object_id,
        "wijziging": entry.wijziging,
        "vorigeHash": entry.vorige_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def chain_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- reading raw values -----------------------------------------------------------------------------

_TEXT_COLUMNS = ("id", "volgnummer", "ontvangst", "actor", "actor_rol", "actie", "objecttype", "object_id")
_TAIL = ("wijziging", "vorige_hash", "hash")


def _raw_columns() -> str:
    """Every column as text, as stored: nothing is parsed by the driver, so nothing can fail there."""
    if db.is_postgres():
        time = "to_char(tijdstip AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS tijdstip"
        cast = "{0}::text AS {0}"
    else:
        # SQLite keeps any bytes in any column; as BLOB they arrive undecoded (see `_decoded`)
        time = "CAST(tijdstip AS BLOB) AS tijdstip"
        cast = "CAST({0} AS BLOB) AS {0}"
    return ", ".join([*(cast.format(c) for c in _TEXT_COLUMNS), time, *(cast.format(c) for c in _TAIL)])


def _decoded(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Text as text; bytes that are not UTF-8 stay bytes, which `parse` reports as unreadable."""
    out = []
    for row in rows:
        clean = {}
        for key, value in row.items():
            if isinstance(value, bytes | bytearray | memoryview):
                try:
                    value = bytes(value).decode("utf-8")
                except UnicodeDecodeError:
                    value = bytes(value)
            clean[key] = value
        out.append(clean)
    return out


def _int(text: Any) -> int | None:
    if not isinstance(text, str):
        return None
    try:
        return int(text)
    except ValueError:
        return None


def parse(raw: dict[str, Any]) -> tuple[Entry | None, str | None]:
    """An entry from its raw text values, or the reason it cannot be read (naming the column)."""

    def missing(column: str) -> str:
        return f"de waarde in kolom {column} ontbreekt"

    def unreadable(column: str, value: Any) -> str:
        shown = value if len(str(value)) <= 60 else str(value)[:57] + "..."
        return f"de waarde in kolom {column} is onleesbaar ({shown!r})"

    for column in ("id", "ontvangst", "tijdstip", "actie", "objecttype", "object_id", "wijziging"):
        if raw.get(column) is None:
            return None, missing(column)
    for column in (*_TEXT_COLUMNS, "tijdstip", *_TAIL):
        if raw.get(column) is not None and not isinstance(raw[column], str):
            return None, unreadable(column, raw[column]) + " (geen tekst)"
    try:
        entry_id = str(uuid.UUID(raw["id"]))
    except (ValueError, TypeError, AttributeError):
        return None, unreadable("id", raw["id"])
    ontvangst = _int(raw["ontvangst"])
    if ontvangst is None:
        return None, unreadable("ontvangst", raw["ontvangst"])
    try:
        moment = dt.datetime.fromisoformat(raw["tijdstip"])
    except (ValueError, TypeError):
        return None, unreadable("tijdstip", raw["tijdstip"])
    if moment.tzinfo is None:
        return None, unreadable("tijdstip", raw["tijdstip"]) + " zonder tijdzone"
    try:
        wijziging = json.loads(raw["wijziging"])
    except (ValueError, TypeError):
        return None, unreadable("wijziging", raw["wijziging"])
    return (
        Entry(
            id=entry_id,
            ontvangst=ontvangst,
            tijdstip=format_time(moment),
            actor=raw.get("actor"),
            actor_rol=raw.get("actor_rol"),
            actie=raw["actie"],
            objecttype=raw["objecttype"],
            object_id=raw["object_id"],
            wijziging=wijziging,
        ),
        None,
    )


async def _raw_sequenced(after: int | None, limit: int) -> list[dict[str, Any]]:
    where = "volgnummer IS NOT NULL" if after is None else "volgnummer > {}"
    args = [] if after is None else [after]
    return _decoded(
        await AuditlogRegel.raw(
            f"SELECT {_raw_columns()} FROM auditlog_regel WHERE {where} ORDER BY auditlog_regel.volgnummer LIMIT {{}}",  # noqa: S608
            *args,
            limit,
        )
    )


async def _raw_pending(after: int | None, limit: int) -> list[dict[str, Any]]:
    where = "volgnummer IS NULL" + ("" if after is None else " AND ontvangst > {}")
    args = [] if after is None else [after]
    return _decoded(
        await AuditlogRegel.raw(
            f"SELECT {_raw_columns()} FROM auditlog_regel WHERE {where} ORDER BY auditlog_regel.ontvangst LIMIT {{}}",  # noqa: S608
            *args,
            limit,
        )
    )


async def read_entries(
    *, objecttype: str | None, object_id: str | None, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Entries for browsing, newest arrival first, read as raw text like the verifier: a corrupt value is
    shown as it is (or left empty) instead of failing the page. Returns (rows, total)."""
    where, args = [], []
    if objecttype:
        where.append("objecttype = {}")
        args.append(objecttype)
    if object_id:
        where.append("object_id = {}")
        args.append(object_id)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = _decoded(
        await AuditlogRegel.raw(
            f"SELECT {_raw_columns()} FROM auditlog_regel {clause} "  # noqa: S608
            "ORDER BY auditlog_regel.ontvangst DESC LIMIT {} OFFSET {}",
            *args,
            limit,
            offset,
        )
    )
    total = await AuditlogRegel.raw(f"SELECT COUNT(*) AS n FROM auditlog_regel {clause}", *args)  # noqa: S608
    out = []
    for raw in rows:
        try:
            moment = dt.datetime.fromisoformat(raw["tijdstip"]) if isinstance(raw["tijdstip"], str) else None
        except ValueError:
            moment = None
        try:
            change = json.loads(raw["wijziging"]) if isinstance(raw["wijziging"], str) else None
        except ValueError:
            change = None
        if not isinstance(change, dict):
            change = {"onleesbaar": str(raw["wijziging"])}
        out.append(
            {
                "id": str(raw["id"]),
                "volgnummer": _int(raw["volgnummer"]),
                "tijdstip": moment if moment is None or moment.tzinfo else moment.replace(tzinfo=dt.UTC),
                "actor": raw["actor"] if isinstance(raw["actor"], str) else None,
                "actor_rol": raw["actor_rol"] if isinstance(raw["actor_rol"], str) else None,
                "actie": str(raw["actie"]),
                "objecttype": str(raw["objecttype"]),
                "object_id": str(raw["object_id"]),
                "wijziging": change,
                "hash": raw["hash"] if isinstance(raw["hash"], str) else None,
            }
        )
    return out, int(total[0]["n"])


# --- appending ----------------------------------------------------------------------------------------


async def append(
    entry_id: uuid.UUID,
    tijdstip: dt.datetime,
    actor: str | None,
    actor_rol: str | None,
    actie: str,
    objecttype: str,
    object_id: str,
    wijziging_json: str,
) -> None:
    """Insert one unsequenced entry in the caller's transaction: one statement, no lock. After the
    transaction commits, the sequencer numbers it (`after_commit`)."""
    if db.is_postgres():
        await AuditlogRegel.raw(
            "INSERT INTO auditlog_regel (id, ontvangst, tijdstip, actor, actor_rol, actie, objecttype, "
            "object_id, wijziging) VALUES ({}, nextval('auditlog_regel_ontvangst_seq'), {}, {}, {}, {}, {}, "
            "{}, {}::json)",
            entry_id,
            tijdstip,
            actor,
            actor_rol,
            actie,
            objecttype,
            object_id,
            wijziging_json,
        )
    else:
        # SQLite: the transaction holds the only write lock, so MAX + 1 is the next number
        await AuditlogRegel.raw(
            "INSERT INTO auditlog_regel (id, ontvangst, tijdstip, actor, actor_rol, actie, objecttype, "
            "object_id, wijziging) VALUES ({}, (SELECT COALESCE(MAX(ontvangst), 0) + 1 FROM auditlog_regel), "
            "{}, {}, {}, {}, {}, {}, {})",
            entry_id,
            tijdstip,
            actor,
            actor_rol,
            actie,
            objecttype,
            object_id,
            wijziging_json,
        )
    db.after_commit(_after_commit)


# --- the stored tree ----------------------------------------------------------------------------------


def node_key(level: int, index: int) -> int:
    return level << LEVEL_SHIFT | index


def _as_bytes(value: Any) -> bytes | None:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    return None


async def _stored(keys: Iterable[int]) -> dict[int, bytes | None]:
    keys = sorted(set(keys))
    found: dict[int, bytes | None] = {}
    for start in range(0, len(keys), 500):
        part = keys[start : start + 500]
        rows = await AuditlogKnoop.raw(
            "SELECT sleutel, hash FROM auditlog_knoop WHERE sleutel IN ("  # noqa: S608
            + ", ".join("{}" for _ in part)
            + ")",
            *part,
        )
        for row in rows:
            found[int(row["sleutel"])] = _as_bytes(row["hash"])
    return found


async def _perfect(wanted: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """Hashes of perfect subtrees `(level, index)`, each from the stored level at or below it."""
    wanted = set(wanted)
    plan: dict[tuple[int, int], list[int]] = {}
    for level, index in wanted:
        base = level - level % STRIDE
        span = level - base
        plan[(level, index)] = [node_key(base, i) for i in range(index << span, (index + 1) << span)]
    stored = await _stored(k for keys in plan.values() for k in keys)
    out = {}
    for (level, index), keys in plan.items():
        hashes = [stored.get(k) for k in keys]
        if any(h is None or len(h) != merkle.HASH_SIZE for h in hashes):
            raise LogDamaged(
                f"de opgeslagen Merkle-boom mist een knoop onder regel {(index << level) + 1}; "
                "voer `jobcoach-register auditlog verify` uit"
            )
        out[(level, index)] = merkle.root_of(hashes)  # type: ignore[arg-type]
    return out


async def _ranges(ranges: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """MTH(D[start:end]) for each range a proof asks for."""
    parts = {r: merkle.perfect_subtrees(*r) for r in set(ranges)}
    perfect = await _perfect(p for ps in parts.values() for p in ps)
    return {r: merkle.fold([perfect[p] for p in ps]) for r, ps in parts.items()}


async def _head() -> tuple[int, str]:
    """Size of the sequenced log and the hash of its last entry."""
    rows = await AuditlogRegel.raw(
        "SELECT volgnummer, hash FROM auditlog_regel WHERE volgnummer BETWEEN 1 AND {} "
        "ORDER BY volgnummer DESC LIMIT 1",
        MAX_POSITION,
    )
    if not rows:
        return 0, GENESIS
    return int(rows[0]["volgnummer"]), str(rows[0]["hash"])


async def tree_size() -> int:
    return (await _head())[0]


async def root(size: int) -> bytes:
    if size == 0:
        return merkle.EMPTY_ROOT
    return (await _ranges([(0, size)]))[(0, size)]


async def _edge(size: int) -> list[bytes]:
    if size == 0:
        return []
    perfect = await _perfect(merkle.perfect_subtrees(0, size))
    return [perfect[p] for p in merkle.perfect_subtrees(0, size)]


# --- the sequencer -----------------------------------------------------------------------------------


async def _lock() -> None:
    if db.is_postgres():
        await AuditlogRegel.raw("SELECT pg_advisory_xact_lock({})", LOCK_KEY)


async def _is_legacy(size: int) -> bool:
    if size == 0:
        return False
    if (await _stored([node_key(0, size - 1)])).get(node_key(0, size - 1)) is not None:
        return False
    return not await AuditlogKnoop.raw("SELECT sleutel FROM auditlog_knoop LIMIT 1")


async def sequence(batch: int = BATCH) -> int:
    """Number every committed waiting entry, in arrival order, in transactions of `batch` entries; returns
    how many were numbered. Safe to run anywhere, any number of times at once (one at a time proceeds)."""
    total = 0
    while True:
        numbered, read = await _sequence_batch(batch)
        total += numbered
        if read < batch or numbered == 0:
            return total


async def _sequence_batch(batch: int) -> tuple[int, int]:
    async with db.transaction():
        await _lock()
        size, previous = await _head()
        if await _is_legacy(size):
            raise LegacyLog(
                "de auditlog bevat nog regels van de hashketen van voor het transparantielog; "
                "voer `jobcoach-register migrate` uit om ze om te zetten"
            )
        builder = merkle.TreeBuilder(size, await _edge(size))
        updates: list[tuple[str, int, str, str]] = []
        nodes: list[tuple[int, bytes]] = []
        read, after = 0, None
        while len(updates) < batch:
            rows = await _raw_pending(after, batch - len(updates))
            if not rows:
                break
            read += len(rows)
            before = after
            for raw in rows:
                arrival = _int(raw["ontvangst"])
                after = arrival if arrival is not None and (after is None or arrival > after) else after
                entry, problem = parse(raw)
                if entry is None:
                    logger.error("Auditlogregel %s kan niet worden volgnummerd: %s", raw.get("id"), problem)
                    continue
                number = builder.size + 1
                data = canonical(replace(entry, volgnummer=number, vorige_hash=previous))
                digest = chain_hash(data)
                for level, index, value in builder.append(merkle.leaf_hash(data)):
                    if level % STRIDE == 0:
                        nodes.append((node_key(level, index), value))
                updates.append((raw["id"], number, previous, digest))
                previous = digest
            if after is None or after == before:
                break  # only unreadable rows left (verify names them)
        if updates:
            await _write_numbers(updates)
            await insert_rows(AuditlogKnoop, ("sleutel", "hash"), nodes)
        return len(updates), read


async def _write_numbers(updates: list[tuple[str, int, str, str]]) -> None:
    if db.is_postgres():
        await AuditlogRegel.raw(
            "UPDATE auditlog_regel AS a SET volgnummer = v.n, vorige_hash = v.p, hash = v.h "
            "FROM unnest({}::uuid[], {}::bigint[], {}::text[], {}::text[]) AS v(id, n, p, h) WHERE a.id = v.id",
            [uuid.UUID(u[0]) for u in updates],
            [u[1] for u in updates],
            [u[2] for u in updates],
            [u[3] for u in updates],
        )
        return
    for start in range(0, len(updates), 200):
        part = updates[start : start + 200]
        await AuditlogRegel.raw(
            "UPDATE auditlog_regel SET volgnummer = v.column2, vorige_hash = v.column3, hash = v.column4 "  # noqa: S608
            "FROM (VALUES "
            + ", ".join("({}, {}, {}, {})" for _ in part)
            + ") AS v WHERE auditlog_regel.id = v.column1",
            *[value for row in part for value in row],
        )


# --- after each commit -------------------------------------------------------------------------------

_background: dict[str, Any] = {"task": None, "dirty": False, "checkpoint": False}


async def _after_commit() -> None:
    await kick()


async def kick(*, checkpoint: bool = False) -> None:
    """Sequence what was committed (and issue a checkpoint: after a bulk job `checkpoint=True`, else when
    the newest is older than CHECKPOINT_INTERVAL). In `background` mode a task does it and this returns at
    once; one task per process, so a burst of writes costs one run."""
    mode = _config["mode"]
    if mode == "off":
        return
    if mode == "inline":
        try:
            await _run(checkpoint)
        except Exception:
            if _config["strict"]:
                raise
            logger.exception(
                "Volgnummeren van de auditlog mislukt; de volgende schrijfactie probeert het opnieuw"
            )
        return
    _background["dirty"] = True
    _background["checkpoint"] = _background["checkpoint"] or checkpoint
    task = _background["task"]
    if task is None or task.done():
        _background["wake"] = asyncio.Event()
        _background["task"] = asyncio.get_running_loop().create_task(_drain())
    else:
        _background["wake"].set()  # a task waiting for a held-back checkpoint goes on at once


async def _drain() -> None:
    while _background["dirty"]:
        _background["dirty"] = False
        checkpoint, _background["checkpoint"] = _background["checkpoint"], False
        try:
            wait = await _run(checkpoint)
        except Exception:
            logger.exception(
                "Volgnummeren van de auditlog mislukt; de volgende schrijfactie probeert het opnieuw"
            )
            continue
        if wait is not None and not _background["dirty"] and not _background.get("stopping"):
            # entries wait for a checkpoint that the interval held back: sign it when it has passed, or
            # go on sooner when new entries come in
            wake = _background["wake"]
            wake.clear()
            _background["sleeping"] = True
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), timeout=wait)
            finally:
                _background["sleeping"] = False
            _background["dirty"] = True


async def _run(checkpoint: bool) -> float | None:
    """Sequence and (maybe) sign; returns the seconds until a held-back checkpoint is due, if one is."""
    await sequence()
    newest = await issue_checkpoint(min_interval=None if checkpoint else CHECKPOINT_INTERVAL)
    if newest["grootte"] < await tree_size():
        age = clock.now() - _aware(newest["tijdstip"])
        return max(0.0, (CHECKPOINT_INTERVAL - age).total_seconds()) + 0.1
    return None


async def wait_idle(*, cancel: bool = False) -> None:
    """Wait for the background sequencer to finish (tests); `cancel` stops one that waits to sign a
    held-back checkpoint (shutdown: the next start or run picks it up)."""
    task = _background["task"]
    if task is None or task.done():
        return
    if cancel:
        _background["stopping"] = True
        if _background.get("sleeping"):
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        _background["stopping"] = False
        return
    await task


# --- proofs -------------------------------------------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


async def inclusion_proof(regel: int, grootte: int) -> dict[str, Any]:
    """Proof that entry `regel` (volgnummer, 1-based) is in the tree of the first `grootte` entries."""
    size = await tree_size()
    errors = []
    if not 1 <= grootte <= size:
        errors.append(("grootte", f"moet tussen 1 en de huidige grootte {size} liggen"))
    elif not 1 <= regel <= grootte:
        errors.append(("regel", f"moet tussen 1 en grootte ({grootte}) liggen"))
    if errors:
        raise InvalidInput.single(*errors[0])
    index = regel - 1
    asked = merkle.ranges_needed(lambda s: merkle.inclusion_path(index, grootte, s))
    hashes = await _ranges([*asked, (index, index + 1), (0, grootte)])
    path = merkle.inclusion_path(index, grootte, lambda s, e: hashes[(s, e)])
    return {
        "regel": regel,
        "bladindex": index,
        "grootte": grootte,
        "bladhash": b64(hashes[(index, index + 1)]),
        "pad": [b64(h) for h in path],
        "wortel": b64(hashes[(0, grootte)]),
    }


async def consistency_proof(van: int, tot: int) -> dict[str, Any]:
    """Proof that the tree of the first `tot` entries extends the tree of the first `van` entries."""
    size = await tree_size()
    if not 1 <= tot <= size:
        raise InvalidInput.single("tot", f"moet tussen 1 en de huidige grootte {size} liggen")
    if not 1 <= van <= tot:
        raise InvalidInput.single("van", f"moet tussen 1 en tot ({tot}) liggen")
    asked = merkle.ranges_needed(lambda s: merkle.consistency_path(van, tot, s))
    hashes = await _ranges([*asked, (0, van), (0, tot)])
    path = merkle.consistency_path(van, tot, lambda s, e: hashes[(s, e)])
    return {
        "van": van,
        "tot": tot,
        "pad": [b64(h) for h in path],
        "wortelVan": b64(hashes[(0, van)]),
        "wortelTot": b64(hashes[(0, tot)]),
    }


async def entry_proof(entry_id: str, grootte: int | None = None) -> dict[str, Any]:
    """An entry's position and its inclusion proof (by default against the newest checkpoint that holds
    it, else against the current tree). The entry's bytes are included for verification entries, which
    signed statements name."""
    try:
        uid = uuid.UUID(str(entry_id))
    except ValueError:
        raise NotFound("Auditlogregel niet gevonden.") from None
    rows = _decoded(
        await AuditlogRegel.raw(
            f"SELECT {_raw_columns()} FROM auditlog_regel WHERE id = {{}}",  # noqa: S608
            uid if db.is_postgres() else str(uid),
        )
    )
    if not rows:
        raise NotFound("Auditlogregel niet gevonden.")
    raw = rows[0]
    number = _int(raw["volgnummer"])
    if raw["volgnummer"] is None:
        raise Conflict(
            "Deze auditlogregel is nog niet in het log opgenomen (hij krijgt binnen enkele seconden een "
            "volgnummer). Probeer het zo opnieuw."
        )
    entry, problem = parse(raw)
    if entry is None or number is None:
        raise LogDamaged(f"deze auditlogregel is onleesbaar: {problem or 'volgnummer'}")
    newest = await latest_checkpoint()
    if grootte is None:
        grootte = newest["grootte"] if newest and newest["grootte"] >= number else await tree_size()
    proof = await inclusion_proof(number, grootte)
    data = canonical(replace(entry, volgnummer=number, vorige_hash=raw["vorige_hash"]))
    result: dict[str, Any] = {"id": entry.id, "volgnummer": number, "bewijs": proof, "checkpoint": None}
    if entry.objecttype in PUBLIC_CONTENT:
        result["inhoud"] = b64(data)
    stored = await AuditlogCheckpoint.raw(
        "SELECT tekst FROM auditlog_checkpoint WHERE grootte = {} ORDER BY tijdstip DESC LIMIT 1", grootte
    )
    if stored:
        result["checkpoint"] = stored[0]["tekst"]
    return result


# --- checkpoints --------------------------------------------------------------------------------------


def _private_context(key_id: str) -> str:
    return f"checkpointsleutel:{key_id}"


async def _checkpoint_key() -> tuple[dict[str, Any], Ed25519PrivateKey]:
    """The newest checkpoint key with a private half this machine can use; made when there is none.
    Inside the sequencer's transaction (the lock keeps it to one key)."""
    rows = await Checkpointsleutel.raw(
        "SELECT id, naam, sleutel_id, publieke_sleutel, private_versleuteld FROM checkpointsleutel "
        "WHERE private_versleuteld IS NOT NULL ORDER BY aangemaakt_op DESC LIMIT 1"
    )
    if rows:
        row = rows[0]
        raw = keyvault.open_sealed(row["private_versleuteld"], _private_context(row["sleutel_id"]))
        return row, Ed25519PrivateKey.from_private_bytes(raw)
    private = Ed25519PrivateKey.generate()
    public = notes.public_bytes(private)
    name = _config["origin"]
    kid = notes.key_id(name, public).hex()
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    row = {
        "id": uuid.uuid4(),
        "naam": name,
        "sleutel_id": kid,
        "publieke_sleutel": b64(public),
        "private_versleuteld": keyvault.seal(raw, _private_context(kid)),
    }
    await Checkpointsleutel.insert(Checkpointsleutel(**row, aangemaakt_op=clock.now()))
    logger.info("Nieuwe checkpointsleutel %s (%s)", kid, name)
    return row, private


async def verifier_keys() -> list[dict[str, Any]]:
    """Every checkpoint key, newest first: `{naam, sleutelId, verificatiesleutel, aangemaaktOp}`."""
    rows = await Checkpointsleutel.select(
        Checkpointsleutel.naam,
        Checkpointsleutel.sleutel_id,
        Checkpointsleutel.publieke_sleutel,
        Checkpointsleutel.aangemaakt_op,
    ).order_by(Checkpointsleutel.aangemaakt_op, ascending=False)
    out = []
    for row in rows:
        try:
            key = notes.verifier_key(row["naam"], base64.b64decode(row["publieke_sleutel"]))
        except (notes.NoteError, ValueError):
            continue
        out.append(
            {
                "naam": row["naam"],
                "sleutel_id": row["sleutel_id"],
                "verificatiesleutel": key.text(),
                "algoritme": "Ed25519",
                "aangemaakt_op": row["aangemaakt_op"],
            }
        )
    return out


async def _known_keys() -> list[notes.VerifierKey]:
    return [notes.parse_verifier_key(k["verificatiesleutel"]) for k in await verifier_keys()]


async def latest_checkpoint() -> dict[str, Any] | None:
    rows = await AuditlogCheckpoint.raw(
        "SELECT grootte, wortel, tijdstip, sleutel_id, tekst FROM auditlog_checkpoint "
        "ORDER BY grootte DESC, tijdstip DESC LIMIT 1"
    )
    if not rows:
        return None
    row = rows[0]
    return {**row, "grootte": int(row["grootte"])}


async def issue_checkpoint(
    *, force: bool = False, min_interval: dt.timedelta | None = None
) -> dict[str, Any]:
    """Sign the current tree (size and root) unless the newest checkpoint already covers it and is less
    than a day old; with `min_interval`, a grown tree waits until the newest is that old. `force` always
    signs. Returns the newest checkpoint."""
    async with db.transaction():
        await _lock()
        size, _ = await _head()
        newest = await latest_checkpoint()
        now = clock.now()
        if not force and newest is not None:
            age = now - _aware(newest["tijdstip"])
            grown = size > newest["grootte"]
            if not grown and age < CHECKPOINT_MAX_AGE:
                return newest
            if grown and min_interval is not None and age < min_interval and age < CHECKPOINT_MAX_AGE:
                return newest
        top = await root(size)
        key, private = await _checkpoint_key()
        text = notes.body(notes.Checkpoint(origin=key["naam"], size=size, root=top, tijdstip=now))
        note = notes.sign(text, key["naam"], private)
        await AuditlogCheckpoint.insert(
            AuditlogCheckpoint(
                id=uuid.uuid4(),
                grootte=size,
                wortel=top.hex(),
                tijdstip=now,
                sleutel_id=key["sleutel_id"],
                tekst=note,
            )
        )
    return {
        "grootte": size,
        "wortel": top.hex(),
        "tijdstip": now,
        "sleutel_id": key["sleutel_id"],
        "tekst": note,
    }


def _aware(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


async def current_checkpoint() -> dict[str, Any]:
    """The newest checkpoint; the first one is issued when there is none yet."""
    newest = await latest_checkpoint()
    if newest is None:
        await sequence()
        newest = await issue_checkpoint()
    return newest


async def run_periodic() -> dict[str, Any]:
    """What a scheduler runs (the worker, cron via `auditlog checkpoint`): sequence everything, and issue a
    checkpoint when the tree grew or the newest is a day old."""
    await sequence()
    return await issue_checkpoint()


# --- verification -------------------------------------------------------------------------------------


@dataclass
class _Checkpoint:
    grootte: int
    wortel: bytes
    tijdstip: str
    bron: str  # "opgeslagen" or "extern"


class _Broken(Exception):
    def __init__(self, regel: int | None, reden: str, *, regel_id: str | None = None, tot: int | None = None):
        super().__init__(reden)
        self.regel, self.reden, self.regel_id, self.tot = regel, reden, regel_id, tot


def _describe(cp: _Checkpoint) -> str:
    what = "de opgegeven checkpoint" if cp.bron == "extern" else "checkpoint"
    return f"{what} van {cp.tijdstip} ({cp.grootte} regels)"


async def _stored_checkpoints(keys: list[notes.VerifierKey]) -> list[_Checkpoint]:
    rows = await AuditlogCheckpoint.raw(
        f"SELECT {'id::text' if db.is_postgres() else 'CAST(id AS TEXT)'} AS id, tekst FROM auditlog_checkpoint"  # noqa: S608
    )
    out = []
    for row in rows:
        try:
            text, _ = notes.open_note(row["tekst"] or "", keys)
            parsed = notes.parse_body(text)
        except notes.NoteError as exc:
            raise _Broken(None, f"opgeslagen checkpoint {row['id']} is niet te vertrouwen: {exc}") from None
        out.append(_Checkpoint(parsed.size, parsed.root, _when(parsed), "opgeslagen"))
    return out


def _when(cp: notes.Checkpoint) -> str:
    return notes.format_time(cp.tijdstip) if cp.tijdstip else "onbekend tijdstip"


async def verify(
    *,
    checkpoint_note: str | bytes | None = None,
    verifier_keys_text: Sequence[str] = (),
    batch: int = VERIFY_BATCH,
) -> dict[str, Any]:
    """Check the whole log from its raw values: every entry's chain link and hash, every stored tree node,
    every stored signed checkpoint, and (when given) a checkpoint an outsider kept, including the
    consistency proof from its size to today's. Returns `{"intact": true, "regels": N}` (plus `wachtend`
    when entries wait for a number) or the first difference: `eersteFouteRegel` (a volgnummer; with
    `totEnMetRegel` when only a range can be named), `regelId` when known, and `reden` in Dutch.
    Never raises on bad data."""
    state = {"regels": 0}
    try:
        return await _verify(state, checkpoint_note, verifier_keys_text, batch)
    except _Broken as broken:
        result: dict[str, Any] = {"intact": False, "regels": state["regels"], "reden": broken.reden}
        if broken.regel is not None:
            result["eersteFouteRegel"] = broken.regel
        if broken.tot is not None:
            result["totEnMetRegel"] = broken.tot
        if broken.regel_id:
            result["regelId"] = broken.regel_id
        return result


async def _verify(
    state: dict[str, int], note: str | bytes | None, extra_keys: Sequence[str], batch: int
) -> dict[str, Any]:
    try:
        keys = await _known_keys()
    except notes.NoteError as exc:
        raise _Broken(None, f"een checkpointsleutel in de database is onleesbaar: {exc}") from None
    external: _Checkpoint | None = None
    if note is not None:
        try:
            keys = keys + [notes.parse_verifier_key(k) for k in extra_keys]
            text, signer = notes.open_note(note, keys)
            parsed = notes.parse_body(text)
        except notes.NoteError as exc:
            raise _Broken(None, f"de opgegeven checkpoint is niet te vertrouwen: {exc}") from None
        if parsed.origin != signer.name:
            raise _Broken(None, f"de checkpoint hoort bij een ander log ({parsed.origin})")
        external = _Checkpoint(parsed.size, parsed.root, _when(parsed), "extern")
    stored = await _stored_checkpoints(keys)
    targets: dict[int, list[_Checkpoint]] = {}
    for cp in [*stored, *([external] if external else [])]:
        targets.setdefault(cp.grootte, []).append(cp)
    roots: dict[int, bytes] = {0: merkle.EMPTY_ROOT}
    matched = 0  # the largest checkpoint size that matched so far

    builder = merkle.TreeBuilder()
    previous, expected, after = GENESIS, 1, None
    while True:
        rows = await _raw_sequenced(after, batch)
        if not rows:
            break
        produced: list[tuple[int, int, bytes]] = []
        for raw in rows:
            number = _int(raw["volgnummer"])
            if number is None:
                raise _Broken(
                    expected,
                    f"regel {expected}: het volgnummer is onleesbaar ({raw['volgnummer']!r})",
                    regel_id=raw["id"],
                )
            if number != expected:
                if number > expected:
                    raise _Broken(expected, f"regel {expected} ontbreekt (verwijderd)")
                raise _Broken(number, f"regel {number} staat op de verkeerde plaats", regel_id=raw["id"])
            entry, problem = parse(raw)
            if entry is None:
                raise _Broken(number, f"regel {number}: {problem}", regel_id=raw.get("id"))
            if raw["vorige_hash"] != previous:
                raise _Broken(
                    number,
                    f"regel {number}: de verwijzing naar de vorige regel klopt niet (volgorde gewijzigd of regel "
                    "vervangen)",
                    regel_id=entry.id,
                )
            data = canonical(replace(entry, volgnummer=number, vorige_hash=previous))
            digest = chain_hash(data)
            if raw["hash"] != digest:
                reason = (
                    "de hash is onleesbaar"
                    if not HEX64.fullmatch(str(raw["hash"]))
                    else "de inhoud is gewijzigd"
                )
                raise _Broken(number, f"regel {number}: {reason}", regel_id=entry.id)
            for level, index, value in builder.append(merkle.leaf_hash(data)):
                if level % STRIDE == 0:
                    produced.append((level, index, value))
            if builder.size in targets:
                roots[builder.size] = builder.root()
            previous, expected, after = digest, number + 1, number
            state["regels"] = builder.size
        await _compare_nodes(produced)
        matched = _check_targets(targets, roots, builder.size, matched)

    size = builder.size
    leaves = await AuditlogKnoop.raw(
        "SELECT MAX(sleutel) AS hoogste FROM auditlog_knoop WHERE sleutel < {}", 1 << LEVEL_SHIFT
    )
    highest = leaves[0]["hoogste"] if leaves else None
    if highest is not None and int(highest) >= size:
        raise _Broken(
            size + 1,
            f"regel {size + 1} ontbreekt (verwijderd): de Merkle-boom bevat tot en met regel {int(highest) + 1}",
        )
    beyond = sorted(
        (cp for cps in targets.values() for cp in cps if cp.grootte > size), key=lambda c: c.grootte
    )
    if beyond:
        cp = beyond[-1]
        raise _Broken(
            size + 1,
            f"de auditlog heeft {size} regels, maar {_describe(cp)} legde er {cp.grootte} vast: regel {size + 1} "
            f"tot en met {cp.grootte} ontbreken (verwijderd of de tabel geleegd)",
            tot=cp.grootte,
        )
    _check_targets(targets, roots, size, matched)
    if external is not None and external.grootte > 0:
        proof = await consistency_proof(external.grootte, size) if size else None
        if proof is not None:
            path = [base64.b64decode(h) for h in proof["pad"]]
            current = base64.b64decode(proof["wortelTot"])
            if current != builder.root() or not merkle.verify_consistency(
                external.grootte, size, external.wortel, current, path
            ):
                raise _Broken(None, "het consistentiebewijs van de opgeslagen Merkle-boom klopt niet")
    pending = await _check_pending()
    result: dict[str, Any] = {"intact": True, "regels": size}
    if pending:
        result["wachtend"] = pending
    if external is not None:
        result["checkpoint"] = {"grootte": external.grootte, "tijdstip": external.tijdstip}
    return result


async def _compare_nodes(produced: list[tuple[int, int, bytes]]) -> None:
    """The stored nodes must be exactly the recomputed ones. A differing leaf names its entry; a differing
    higher node (its leaves all agree) names the range of entries below it."""
    by_level: dict[int, list[tuple[int, bytes]]] = {}
    for level, index, value in produced:
        by_level.setdefault(level, []).append((index, value))
    wrong: list[tuple[int, int]] = []  # (level, index)
    for level, items in by_level.items():
        low, high = min(i for i, _ in items), max(i for i, _ in items)
        rows = await AuditlogKnoop.raw(
            "SELECT sleutel, hash FROM auditlog_knoop WHERE sleutel BETWEEN {} AND {}",
            node_key(level, low),
            node_key(level, high),
        )
        stored = {int(r["sleutel"]): _as_bytes(r["hash"]) for r in rows}
        wrong += [(level, index) for index, value in items if stored.get(node_key(level, index)) != value]
    if not wrong:
        return
    leaves = sorted(index for level, index in wrong if level == 0)
    if leaves:
        first = leaves[0] + 1
        raise _Broken(
            first,
            f"regel {first}: de opgeslagen Merkle-boom wijkt af van de regel (de regel of de boom is na het "
            "volgnummeren gewijzigd)",
        )
    level, index = min(wrong, key=lambda w: (w[1] << w[0], w[0]))
    first, last = (index << level) + 1, (index + 1) << level
    raise _Broken(
        first,
        f"de opgeslagen Merkle-boom is gewijzigd boven regel {first} tot en met {last}",
        tot=last,
    )


def _check_targets(
    targets: dict[int, list[_Checkpoint]], roots: dict[int, bytes], size: int, matched: int
) -> int:
    for grootte in sorted(g for g in targets if matched < g <= size):
        for cp in targets[grootte]:
            if roots.get(grootte) != cp.wortel:
                raise _Broken(
                    matched + 1,
                    f"{_describe(cp)} past niet meer bij de auditlog: de log is herschreven; het verschil ligt "
                    f"tussen regel {matched + 1} en {grootte}",
                    tot=grootte,
                )
        matched = grootte
    return matched


async def _check_pending() -> int:
    count, after = 0, None
    while True:
        rows = await _raw_pending(after, VERIFY_BATCH)
        if not rows:
            return count
        for raw in rows:
            entry, problem = parse(raw)
            if entry is None:
                raise _Broken(None, f"wachtende regel {raw.get('id')}: {problem}", regel_id=raw.get("id"))
            if raw.get("hash") is not None or raw.get("vorige_hash") is not None:
                raise _Broken(
                    None, f"regel {entry.id} heeft een hash maar geen volgnummer (gewist)", regel_id=entry.id
                )
            count += 1
            after = entry.ontvangst
        if len(rows) < VERIFY_BATCH:
            return count


# --- the hash chain before the transparency log --------------------------------------------------------


def _legacy_canonical(entry: Entry, number: int, previous: str) -> str:
    payload = {
        "volgnummer": number,
        "tijdstip": entry.tijdstip,
        "actor": entry.actor,
        "actorRol": entry.actor_rol,
        "actie": entry.actie,
        "objecttype": entry.objecttype,
        "objectId": entry.object_id,
        "wijziging": entry.wijziging,
        "vorigeHash": previous,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


async def convert_legacy(record: Callable[..., Awaitable[Any]]) -> int:
    """Move the rows of the hash chain of before the transparency log into it, once (`migrate` runs it).

    The old chain is verified first: a broken chain stops the conversion (LegacyLog names the row), so no
    tampered history is laundered into the new log. Each row's personal values are then sealed with their
    subject's data key, its number and hashes cleared, and the sequencer numbers it again in the same
    order; `record` adds one entry noting how many rows were converted and the old chain's last hash.
    Needs the table owner's right to switch the append-only trigger off inside this transaction."""
    async with db.transaction():
        await _lock()
        size, head = await _head()
        if not await _is_legacy(size):
            return 0
        converted: list[tuple[Entry, str]] = []
        previous, expected, after = GENESIS, 1, None
        while True:
            rows = await _raw_sequenced(after, VERIFY_BATCH)
            if not rows:
                break
            for raw in rows:
                number = _int(raw["volgnummer"])
                entry, problem = parse(raw)
                if number != expected or entry is None:
                    raise LegacyLog(
                        f"de bestaande auditlog is niet intact bij regel {expected}: {problem or 'volgnummer'}"
                    )
                digest = hashlib.sha256(_legacy_canonical(entry, number, previous).encode()).hexdigest()
                if raw["vorige_hash"] != previous or raw["hash"] != digest:
                    raise LegacyLog(
                        f"de bestaande auditlog is niet intact bij regel {number}; niets omgezet. Zoek uit wat er "
                        "is gebeurd voordat u verder gaat."
                    )
                converted.append((entry, raw["id"]))
                previous, expected, after = digest, number + 1, number
        postgres = db.is_postgres()
        if postgres:
            await AuditlogRegel.raw(
                "ALTER TABLE auditlog_regel DISABLE TRIGGER auditlog_regel_alleen_toevoegen"
            )
        for entry, raw_id in converted:
            subject = shredding.subject_of(entry.objecttype, entry.object_id, entry.wijziging, None)
            sealed = entry.wijziging
            if isinstance(sealed, dict):
                sealed = await shredding.Sealer(entry.id).seal(sealed, subject)
            await AuditlogRegel.raw(
                "UPDATE auditlog_regel SET volgnummer = NULL, vorige_hash = NULL, hash = NULL, wijziging = "  # noqa: S608
                + ("{}::json" if postgres else "{}")
                + " WHERE id = {}",
                json.dumps(sealed, ensure_ascii=False),
                uuid.UUID(raw_id) if postgres else raw_id,
            )
        if postgres:
            await AuditlogRegel.raw(
                "ALTER TABLE auditlog_regel ENABLE TRIGGER auditlog_regel_alleen_toevoegen"
            )
        await record(
            "omzetting",
            "auditlog",
            "transparantielog",
            {"regels": len(converted), "laatsteHash": head},
        )
    await sequence()
    return len(converted)
