"""Back-up and restore: one engine-neutral, consistent copy of every table of the register.

The file is gzip-compressed JSON lines:
  1. a header: format and version, when and from which engine, the applied migrations, and per table
     (in foreign-key order) its columns;
  2. one line per row: `["tabel", [value, ...]]`, values in the header's column order, typed by the
     column (dates and timestamps as ISO 8601 text, timestamps in UTC with offset, UUIDs as text, JSON
     columns as the exact JSON text the database holds, so the audit log's hashes still verify);
  3. a trailer: row counts per table and the SHA-256 of every line before it, so a truncated or altered
     file is refused.

The dump runs inside one read transaction (REPEATABLE READ, READ ONLY on PostgreSQL; one SQLite read
transaction), so it is a snapshot even while the register keeps serving. It is written to a temporary
file next to the target (mode 0600: it holds personal data) and renamed only when complete.

A restore goes into a migrated database with exactly the same migrations, in one transaction, tables in
foreign-key order; it refuses a non-empty database unless forced (then it replaces everything), checks
the trailer, and re-verifies the whole audit log (chain, Merkle tree, signed checkpoints) before it
commits. Any failure leaves the database exactly as it was.

Keys. A backup never holds private key material in any form: the private halves of the statement keys
and of the checkpoint key (columns marked `secret`) are written as null, not even encrypted. A restore
therefore keeps the signing keys of the database it restores into (same register, e.g. a rollback: they
go on signing) and otherwise leaves the restored keys public-only, so earlier statements and checkpoints
stay verifiable and a new key is made on first use. The per-subject data keys of the audit log's
personal values are in the backup, wrapped with the key file's KEK, which is never in the backup: the
header names the key file (a fingerprint), and a restore on a machine without that key file stops and
says so, unless told the key file is lost (then those values count as erased).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import gzip
import hashlib
import inspect
import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from piccolo.columns import (
    JSON,
    JSONB,
    UUID,
    BigInt,
    Boolean,
    Bytea,
    Date,
    DoublePrecision,
    ForeignKey,
    Integer,
    Real,
    Serial,
    SmallInt,
    Timestamp,
    Timestamptz,
)
from piccolo.columns.base import Column
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

from register import clock, db
from register.infra import keyvault

FORMAT = "jobcoach-register-backup"
VERSION = 1
BATCH = 500

Progress = Callable[[str, int], Any]  # (table, rows) after each table; may be a coroutine function


async def _report(progress: Progress | None, table: str, rows: int) -> None:
    if progress is not None and inspect.isawaitable(result := progress(table, rows)):
        await result


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why, in Dutch."""


# --- tables and types --------------------------------------------------------------------------------


def tables_in_order() -> list[type[Table]]:
    """Every table of both apps, each after the tables it references (self-references aside)."""
    remaining = list(db.all_tables())
    ordered: list[type[Table]] = []
    while remaining:
        for table in remaining:
            deps = {
                fk._foreign_key_meta.resolved_references
                for fk in table._meta.foreign_key_columns
                if fk._foreign_key_meta.resolved_references is not table
            }
            if deps <= set(ordered):
                ordered.append(table)
                remaining.remove(table)
                break
        else:  # a cycle between tables: not in this schema, and not something to guess about
            raise BackupError("de tabellen verwijzen in een kring naar elkaar; volgorde onbekend")
    return ordered


def _kind(column: Column) -> str:
    if isinstance(column, ForeignKey):
        return _kind(column._foreign_key_meta.resolved_target_column)
    for types, kind in (
        ((Bytea,), "bytes"),
        ((JSON, JSONB), "json"),
        ((UUID,), "uuid"),
        ((Timestamptz,), "timestamptz"),
        ((Timestamp,), "timestamp"),
        ((Date,), "date"),
        ((Boolean,), "bool"),
        ((DoublePrecision, Real), "float"),
        ((Serial, Integer, BigInt, SmallInt), "int"),
    ):
        if isinstance(column, types):
            return kind
    return "text"


def encode(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "uuid":
        return str(value)
    if kind == "timestamptz":
        return value.astimezone(dt.UTC).isoformat()
    if kind in ("timestamp", "date"):
        return value.isoformat()
    if kind == "json":
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if kind == "float":
        return float(value)
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode()
    return value


def decode(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "uuid":
        return uuid.UUID(value)
    if kind == "timestamptz":
        parsed = dt.datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    if kind == "timestamp":
        return dt.datetime.fromisoformat(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "json":
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if kind == "float":
        return float(value)
    if kind == "int":
        return int(value)
    if kind == "bool":
        return bool(value)
    if kind == "bytes":
        return base64.b64decode(value)
    return value


def _columns(table: type[Table]) -> list[Column]:
    return list(table._meta.columns)


async def applied_migrations() -> list[str]:
    rows = await db.engine().run_ddl("SELECT app_name, name FROM migration")
    return sorted(f"{r['app_name']}:{r['name']}" for r in rows)


# --- dump ---------------------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def _snapshot():
    engine = db.engine()
    if isinstance(engine, SQLiteEngine):
        # One read transaction on one connection: later writes do not show up halfway through.
        async with engine.transaction(transaction_type=TransactionType.deferred):
            yield
    else:
        async with engine.transaction():
            await engine.run_ddl("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield


async def _rows(table: type[Table]):
    """All rows of a table in primary-key order, in batches (keyset pagination)."""
    pk = table._meta.primary_key
    last = None
    while True:
        query = table.select(*_columns(table)).order_by(pk).limit(BATCH)
        if last is not None:
            query = query.where(pk > last)
        batch = await query
        if not batch:
            return
        for row in batch:
            yield row
        last = batch[-1][pk._meta.name]


class _Writer:
    """Gzip'd JSON lines into a temporary file, with a running SHA-256 over the uncompressed lines."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def line(self, value: Any) -> None:
        data = (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        self.digest.update(data)
        self.handle.write(data)


def _writable_target(target: Path) -> Path:
    if target.is_dir():
        raise BackupError(f"{target} is een map; geef een bestandsnaam op")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _readable_source(source: Path) -> Path:
    if not source.is_file():
        raise BackupError(f"bestand {source} bestaat niet")
    return source


async def dump(path: str | Path, progress: Progress | None = None) -> dict[str, Any]:
    """Write a consistent copy of every table to `path`; returns counts per table."""
    target = _writable_target(Path(path))
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tables = tables_in_order()
    counts: dict[str, int] = {}
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as zipped:
            writer = _Writer(zipped)
            async with _snapshot():
                writer.line(
                    {
                        "formaat": FORMAT,
                        "versie": VERSION,
                        "gemaaktOp": clock.now().astimezone(dt.UTC).isoformat(),
                        "engine": db.engine().engine_type,
                        "migraties": await applied_migrations(),
                        # which key file wraps the audit log's data keys (its fingerprint, not the key)
                        "sleutelbestand": keyvault.fingerprint() if keyvault.configured() else None,
                        "tabellen": [
                            {"naam": t._meta.tablename, "kolommen": [c._meta.name for c in _columns(t)]}
                            for t in tables
                        ],
                    }
                )
                for table in tables:
                    name = table._meta.tablename
                    columns = _columns(table)
                    # private key material (columns marked secret) never goes into a backup
                    kinds = [(c._meta.name, None if c._meta.secret else _kind(c)) for c in columns]
                    count = 0
                    async for row in _rows(table):
                        writer.line([name, [encode(kind, row[col]) if kind else None for col, kind in kinds]])
                        count += 1
                    counts[name] = count
                    await _report(progress, name, count)
            writer.line({"einde": True, "rijen": counts, "sha256": writer.digest.hexdigest()})
            zipped.flush()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    return counts


# --- restore ------------------------------------------------------------------------------------------


def _lines(path: Path) -> Iterator[tuple[bytes, Any]]:
    try:
        with gzip.open(path, "rb") as handle:
            for raw in handle:
                try:
                    yield raw, json.loads(raw)
                except ValueError:
                    raise BackupError("het bestand bevat een onleesbare regel; is het beschadigd?") from None
    except (OSError, EOFError) as exc:
        raise BackupError(f"het bestand is geen (volledige) back-up: {type(exc).__name__}") from None


async def row_counts() -> dict[str, int]:
    return {t._meta.tablename: await t.count() for t in tables_in_order()}


def _order_self_references(table: type[Table], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of a table that refers to itself (a correction pointing at what it corrects): referenced
    rows first."""
    selfrefs = [
        fk._meta.name
        for fk in table._meta.foreign_key_columns
        if fk._foreign_key_meta.resolved_references is table
    ]
    if not selfrefs:
        return rows
    pk = table._meta.primary_key._meta.name
    known = {row[pk] for row in rows}
    placed: set[Any] = set()
    ordered: list[dict[str, Any]] = []
    pending = rows
    while pending:
        later = []
        for row in pending:
            refs = [row[c] for c in selfrefs if row[c] is not None and row[c] in known]
            if all(ref in placed for ref in refs):
                ordered.append(row)
                placed.add(row[pk])
            else:
                later.append(row)
        if len(later) == len(pending):
            raise BackupError(f"tabel {table._meta.tablename}: rijen verwijzen in een kring naar elkaar")
        pending = later
    return ordered


async def _insert(table: type[Table], rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        await table.insert(*[table(_ignore_missing=True, **row) for row in rows[start : start + BATCH]])


async def _reset_sequences() -> None:
    """PostgreSQL: serial primary keys, and the audit log's order of arrival, continue after the restored
    rows."""
    if not db.is_postgres():
        return
    await db.engine().run_ddl(
        "SELECT setval('auditlog_regel_ontvangst_seq', COALESCE((SELECT MAX(ontvangst) FROM auditlog_regel), 0) "
        "+ 1, false)"
    )
    for table in tables_in_order():
        pk = table._meta.primary_key
        if isinstance(pk, Serial):
            name = table._meta.tablename
            column = pk._meta.db_column_name
            # names from the table definitions, not from input
            sql = (
                f"SELECT setval(pg_get_serial_sequence('\"{name}\"', '{column}'), "  # noqa: S608
                f'COALESCE(MAX("{column}"), 1), MAX("{column}") IS NOT NULL) FROM "{name}"'
            )
            await db.engine().run_ddl(sql)


def read_header(path: str | Path) -> dict[str, Any]:
    """The backup's first line (BackupError when it is not a backup of the register)."""
    source = _readable_source(Path(path))
    first = next(_lines(source), None)
    header = first[1] if first else None
    if not isinstance(header, dict) or header.get("formaat") != FORMAT:
        raise BackupError(f"{source} is geen back-up van het register")
    return header


def check_key_file(header: dict[str, Any], *, lost: bool) -> None:
    """The audit log's data keys in the backup open only with the key file it was made with."""
    wanted = header.get("sleutelbestand")
    if not wanted or lost:
        return
    here = keyvault.fingerprint() if keyvault.configured() else None
    if here != wanted:
        raise BackupError(
            f"deze back-up is gemaakt met sleutelbestand {wanted}, maar op deze machine "
            + (f"staat sleutelbestand {here}" if here else "staat geen sleutelbestand")
            + ". Zet een kopie van het oorspronkelijke sleutelbestand op zijn plaats (REGISTER_KEY_FILE) en "
            "probeer het opnieuw. Is dat bestand echt kwijt, herstel dan met --sleutelbestand-kwijt: de "
            "versleutelde persoonsgegevens in de auditlog van de back-up zijn dan voorgoed onleesbaar (gewist)"
        )


SIGNING_TABLES = ("ondertekeningssleutel", "checkpointsleutel")
GUARDED = ("auditlog_regel", "auditlog_knoop", "auditlog_checkpoint")


async def _signing_keys(tables: dict[str, type[Table]]) -> dict[str, list[dict[str, Any]]]:
    """The signing keys of this database that can sign (their private halves are not in any backup)."""
    kept: dict[str, list[dict[str, Any]]] = {}
    for name in SIGNING_TABLES:
        table = tables[name]
        kept[name] = [
            row for row in await table.select() if row.get("private_versleuteld") or row.get("private_pem")
        ]
    return kept


async def _keep_signing_keys(tables: dict[str, type[Table]], kept: dict[str, list[dict[str, Any]]]) -> None:
    """Put this database's usable signing keys back next to the restored (public-only) ones."""
    from register.tables import Ondertekeningssleutel

    for name, unique in (("ondertekeningssleutel", "kid"), ("checkpointsleutel", "sleutel_id")):
        table = tables[name]
        column = table._meta.get_column_by_name(unique)
        secrets_ = [c for c in table._meta.columns if c._meta.secret]
        for row in kept[name]:
            if await table.exists().where(column == row[unique]):
                await table.update({c: row[c._meta.name] for c in secrets_}).where(column == row[unique])
            else:
                await table.insert(table(_ignore_missing=True, **row))
    if not any(kept.values()):
        return
    # one newest statement key (a unique index allows one `actief`)
    newest = (
        await Ondertekeningssleutel.select(Ondertekeningssleutel.id)
        .order_by(Ondertekeningssleutel.aangemaakt_op, ascending=False)
        .first()
    )
    if newest:
        await Ondertekeningssleutel.update({Ondertekeningssleutel.actief: False}).where(
            Ondertekeningssleutel.id != newest["id"]
        )
        await Ondertekeningssleutel.update({Ondertekeningssleutel.actief: True}).where(
            Ondertekeningssleutel.id == newest["id"]
        )


async def _lost_data_keys() -> int:
    """With --sleutelbestand-kwijt: data keys this key file cannot open count as destroyed."""
    from audits.tables import Gegevenssleutel

    lost = 0
    for row in await Gegevenssleutel.select().where(Gegevenssleutel.sleutel.is_not_null()):
        try:
            keyvault.open_sealed(row["sleutel"], f"gegevenssleutel:{row['id']}")
        except keyvault.KeyVaultError:
            await Gegevenssleutel.update(
                {
                    Gegevenssleutel.sleutel: None,
                    Gegevenssleutel.vernietigd_op: clock.now(),
                    Gegevenssleutel.vernietigd_reden: "sleutelbestand kwijt",
                }
            ).where(Gegevenssleutel.id == row["id"])
            lost += 1
    return lost


async def restore(
    path: str | Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
    sleutelbestand_kwijt: bool = False,
) -> dict[str, Any]:
    """Load a backup into this (migrated) database in one transaction; returns counts and the audit-log
    verification. `sleutelbestand_kwijt`: restore although this machine lacks the key file the backup was
    made with (the audit log's personal values of the backup then count as erased)."""
    from register.infra import auditlog

    source = _readable_source(Path(path))
    lines = _lines(source)
    first = next(lines, None)
    header = first[1] if first else None
    if not isinstance(header, dict) or header.get("formaat") != FORMAT:
        raise BackupError(f"{source} is geen back-up van het register")
    if header.get("versie") != VERSION:
        raise BackupError(
            f"back-upformaat versie {header.get('versie')} wordt niet ondersteund (verwacht {VERSION})"
        )
    check_key_file(header, lost=sleutelbestand_kwijt)
    mine = await applied_migrations()
    if sorted(header.get("migraties") or []) != mine:
        raise BackupError(
            "de back-up komt van een database met andere migraties dan deze; herstel met dezelfde versie "
            "van het register (en voer daarna `jobcoach-register migrate` uit)"
        )
    tables = {t._meta.tablename: t for t in tables_in_order()}
    described = {t["naam"]: t["kolommen"] for t in header.get("tabellen") or []}
    for name, table in tables.items():
        if described.get(name) != [c._meta.name for c in _columns(table)]:
            raise BackupError(f"tabel {name} heeft in de back-up andere kolommen dan in deze database")

    digest = hashlib.sha256(first[0])
    counts: dict[str, int] = dict.fromkeys(tables, 0)
    trailer: dict[str, Any] | None = None
    async with db.transaction():
        existing = {name: n for name, n in (await row_counts()).items() if n}
        if existing and not force:
            listed = ", ".join(f"{name}: {n}" for name, n in sorted(existing.items()))
            raise BackupError(
                "de database is niet leeg (" + listed + "); herstellen zou die gegevens vervangen. "
                "Gebruik --force om alles in deze database te vervangen door de back-up."
            )
        kept = await _signing_keys(tables)
        if db.is_postgres():
            # One TRUNCATE inside this transaction: it replaces everything, including the audit log. Its
            # triggers refuse row deletes and TRUNCATE; as their owner this transaction switches the
            # TRUNCATE guards off and on again around it (ALTER TABLE is transactional and locks the
            # tables until the commit, so nobody else ever sees them off).
            for guarded in GUARDED:
                await db.engine().run_ddl(f"ALTER TABLE {guarded} DISABLE TRIGGER {guarded}_geen_truncate")
            names = ", ".join(f'"{name}"' for name in tables)
            await db.engine().run_ddl(f"TRUNCATE TABLE {names} CASCADE", in_pool=True)
            for guarded in GUARDED:
                await db.engine().run_ddl(f"ALTER TABLE {guarded} ENABLE TRIGGER {guarded}_geen_truncate")
        else:
            for table in reversed(list(tables.values())):
                await table.delete(force=True)

        current: str | None = None
        buffered: list[dict[str, Any]] = []

        async def flush() -> None:
            if current is None:
                return
            table = tables[current]
            await _insert(table, _order_self_references(table, buffered))
            await _report(progress, current, counts[current])

        done: set[str] = set()
        for raw, item in lines:
            if isinstance(item, dict) and item.get("einde"):
                trailer = item
                if item.get("sha256") != digest.hexdigest():
                    raise BackupError("de controlesom klopt niet: het bestand is gewijzigd of beschadigd")
                break
            digest.update(raw)
            if not (isinstance(item, list) and len(item) == 2 and item[0] in tables):
                raise BackupError("het bestand bevat een regel die geen rij van een bekende tabel is")
            name, values = item
            if name != current:
                if name in done:
                    raise BackupError(f"de rijen van tabel {name} staan niet bij elkaar")
                await flush()
                if current is not None:
                    done.add(current)
                current, buffered = name, []
            table = tables[name]
            columns = _columns(table)
            if len(values) != len(columns):
                raise BackupError(f"een rij van tabel {name} heeft het verkeerde aantal waarden")
            buffered.append({c._meta.name: decode(_kind(c), v) for c, v in zip(columns, values, strict=True)})
            counts[name] += 1
            if len(buffered) >= BATCH and not _has_self_reference(table):
                await _insert(table, buffered)
                buffered = []
        else:
            raise BackupError("het bestand is afgebroken: de afsluitende regel ontbreekt")
        await flush()
        expected = trailer.get("rijen") or {}
        if any(counts.get(name, 0) != expected.get(name, 0) for name in set(counts) | set(expected)):
            raise BackupError("het aantal rijen per tabel klopt niet met de afsluitende regel")
        await _reset_sequences()
        await _keep_signing_keys(tables, kept)
        lost = await _lost_data_keys() if sleutelbestand_kwijt else 0
        chain = await auditlog.verify()
        if not chain["intact"]:
            where = f"regel {chain['eersteFouteRegel']}: " if chain.get("eersteFouteRegel") else ""
            raise BackupError(
                f"de auditlog in de back-up is niet intact ({where}{chain['reden']}); er is niets hersteld"
            )
    return {
        "rijen": counts,
        "auditlog": chain,
        "gewisteSleutels": lost,
        "gemaaktOp": header.get("gemaaktOp"),
        "engine": header.get("engine"),
    }


def _has_self_reference(table: type[Table]) -> bool:
    return any(fk._foreign_key_meta.resolved_references is table for fk in table._meta.foreign_key_columns)
