"""Database engine selection, binding and transactions for both engines."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

_current: Engine | None = None


def engine_from_url(url: str) -> Engine:
    """`sqlite:///relative.sqlite3`, `sqlite:////absolute.sqlite3` or `postgresql://...`."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if not path:
            raise ValueError("sqlite-URL zonder bestandsnaam")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return SQLiteEngine(path=path, timeout=30)
    scheme = urlsplit(url).scheme
    if scheme in {"postgresql", "postgres"}:
        return PostgresEngine(config={"dsn": url})
    raise ValueError(f"Onbekend databasetype in REGISTER_DATABASE_URL: {scheme!r}")


def all_tables() -> list[type[Table]]:
    from audits import tables as audit_tables
    from register import tables as register_tables

    found: list[type[Table]] = []
    for module in (register_tables, audit_tables):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Table) and value is not Table:
                if value.__module__ == module.__name__ and value not in found:
                    found.append(value)
    return found


def bind(engine: Engine) -> Engine:
    """Point every table of the register at this engine."""
    global _current
    for table in all_tables():
        table._meta.db = engine
    _current = engine
    return engine


def engine() -> Engine:
    if _current is None:
        raise RuntimeError("Geen database gekoppeld")
    return _current


def is_postgres(db: Engine | None = None) -> bool:
    return (db or engine()).engine_type == "postgres"


@contextlib.asynccontextmanager
async def transaction() -> AsyncIterator[None]:
    """One write transaction: all or nothing. On SQLite it takes the write lock up front."""
    db = engine()
    if isinstance(db, SQLiteEngine):
        async with db.transaction(transaction_type=TransactionType.immediate):
            yield
    else:
        async with db.transaction():
            yield


async def start_pool(db: Engine, max_size: int = 10) -> None:
    if isinstance(db, PostgresEngine) and db.pool is None:
        await db.start_connection_pool(min_size=1, max_size=max_size)


async def close_pool(db: Engine) -> None:
    if isinstance(db, PostgresEngine) and db.pool is not None:
        await db.close_connection_pool()


class DatabaseUnavailable(Exception):
    """The database cannot be reached; requests answer 503 and the next one tries again."""


def is_unavailable(exc: BaseException) -> bool:
    """True for connection-level failures of either engine (not for query errors)."""
    import asyncio
    import sqlite3

    names = {
        "ConnectionDoesNotExistError",
        "CannotConnectNowError",
        "ConnectionFailureError",
        "InterfaceError",
        "TooManyConnectionsError",
        "PostgresConnectionError",
    }
    seen = exc
    while seen is not None:
        if isinstance(seen, ConnectionError | OSError | asyncio.TimeoutError):
            return True
        if type(seen).__name__ in names:
            return True
        if isinstance(seen, sqlite3.OperationalError) and "locked" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
