"""Database engine selection, binding and transactions for both engines.

PostgreSQL connections fail fast: `engine_from_url` takes the limits as parameters (seconds; the settings
pass REGISTER_DB_CONNECT_TIMEOUT, REGISTER_DB_ACQUIRE_TIMEOUT and REGISTER_DB_COMMAND_TIMEOUT): a connect
attempt gives up after `connect_timeout` (default 2), waiting for a free pooled connection after
`acquire_timeout` (default 10), and a statement after `command_timeout` when given (`serve` uses 10 unless
configured; commands such as `migrate` and `backup` run without a statement limit). Every failure to reach the
database surfaces as `DatabaseUnavailable` (or an error that `is_unavailable` recognises), which the API
and the pages answer with 503; the pool then replaces its connections, so the next request after the
database returns succeeds without a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import sqlite3
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiosqlite
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory
from piccolo.querystring import QueryString
from piccolo.table import Table

_current: Engine | None = None


class DatabaseUnavailable(Exception):
    """The database cannot be reached; requests answer 503 and the next one tries again."""


def _has_nul(querystring: QueryString) -> bool:
    """Whether any text argument of the query (nested query strings and lists included) holds U+0000."""
    pending: list[Any] = [querystring]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, QueryString):
            pending.extend(item.args)
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return False


def _refuse_nul(querystring: QueryString) -> None:
    """PostgreSQL cannot store U+0000 in text; refuse it on both engines so data stays portable."""
    if _has_nul(querystring):
        from register.errors import FieldError, InvalidInput

        raise InvalidInput(
            [FieldError("body", "bevat een NUL-teken (\\u0000); dat is in tekst niet toegestaan")]
        )


# Set on every SQLite connection when it is opened (not per statement, as Piccolo does for foreign_keys):
# write-ahead logging, so readers never wait for the writer and the writer never waits for readers (the
# mode is stored in the file; a register made by `migrate` gets it on its first connection); fsync only
# at checkpoints (in WAL mode a crash of the program loses nothing committed, a power cut at most the last
# transactions, never consistency: SQLite's documented trade-off for WAL); 30 s for another process (the
# worker, a CLI command) holding the write lock; a 16 MB page cache per connection.
SQLITE_PRAGMAS = (
    "PRAGMA busy_timeout = 30000;"
    " PRAGMA journal_mode = WAL;"
    " PRAGMA synchronous = NORMAL;"
    " PRAGMA foreign_keys = 1;"
    " PRAGMA cache_size = -16000;"
)


class _SQLiteConnections:
    """The connections of one event loop: idle readers for reuse, and the one writer with its lock."""

    def __init__(self) -> None:
        self.idle: list[Any] = []
        self.writer: Any = None
        self.writer_lock = asyncio.Lock()


class _SQLiteTransaction(SQLiteTransaction):
    """A transaction on a pooled connection. A write transaction (IMMEDIATE or EXCLUSIVE) first takes the
    process's writer lock and runs on the one writer connection: writers of this process queue in order on
    an asyncio lock instead of polling SQLite's file lock (its busy handler sleeps and retries, so under
    load a waiting writer could starve for seconds). Other processes are still kept apart by SQLite's own
    lock and the busy timeout. A deferred (read) transaction runs on a reader, without the lock."""

    engine: RegisterSQLiteEngine

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        self.writes = self.transaction_type is not TransactionType.deferred
        connections = self.engine.connections()
        if self.writes:
            try:
                async with asyncio.timeout(self.engine.busy_seconds):
                    await connections.writer_lock.acquire()
            except TimeoutError:  # as SQLite's own busy timeout would: 503, try again later
                raise sqlite3.OperationalError("database is locked (writer lock)") from None
        self.connection = None
        try:
            self.connection = await self.engine.take(writer=self.writes)
            await self.begin()
        except BaseException:
            if self.connection is not None:
                await self.engine.give_back(self.connection, writer=self.writes, broken=True)
            if self.writes:
                connections.writer_lock.release()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type, exception, traceback) -> bool:
        if self._parent:
            return exception is None
        broken = False
        try:
            if exception is not None:
                if not self._rolled_back:
                    try:
                        await self.rollback()
                    except Exception:  # the first error counts; this connection is not reused
                        broken = True
            elif not self._committed and not self._rolled_back:
                try:
                    await self.commit()
                except BaseException:
                    broken = True
                    raise
        finally:
            self.engine.current_transaction.reset(self.context)
            await self.engine.give_back(self.connection, writer=self.writes, broken=broken)
            if self.writes:
                self.engine.connections().writer_lock.release()
        return exception is None


class RegisterSQLiteEngine(SQLiteEngine):
    """SQLiteEngine with reused connections (Piccolo opens a connection, and so a thread, per statement),
    the pragmas of SQLITE_PRAGMAS set once per connection, and one writer per process (see
    `_SQLiteTransaction`). Statements outside a transaction run on an idle reader in autocommit mode.
    `close_connections()` closes them (`close_pool` calls it); their threads are daemon threads, so a
    process that never closes them still exits."""

    MAX_IDLE = 8

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # how long a write waits for this process's writer lock, as long as SQLite's busy timeout
        self.busy_seconds = float(kwargs.get("timeout", 30))
        self._per_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _SQLiteConnections] = (
            weakref.WeakKeyDictionary()
        )

    def connections(self) -> _SQLiteConnections:
        """The connections of the running event loop (a connection's futures belong to one loop)."""
        loop = asyncio.get_running_loop()
        found = self._per_loop.get(loop)
        if found is None:
            found = self._per_loop[loop] = _SQLiteConnections()
        return found

    async def get_connection(self):
        """A new connection with the register's pragmas (Piccolo's batch() uses and closes it)."""
        connection = aiosqlite.connect(**self.connection_kwargs)
        thread = getattr(connection, "_thread", None)
        if thread is not None:
            thread.daemon = True
        await connection
        connection.row_factory = dict_factory
        try:
            await connection.executescript(SQLITE_PRAGMAS)
        except BaseException:
            await connection.close()
            raise
        return connection

    async def take(self, *, writer: bool):
        """The writer connection (the caller holds the writer lock) or an idle reader; a new one if none."""
        connections = self.connections()
        if writer:
            connection, connections.writer = connections.writer, None
        else:
            connection = connections.idle.pop() if connections.idle else None
        return connection or await self.get_connection()

    async def give_back(self, connection: Any, *, writer: bool, broken: bool = False) -> None:
        """Keep a healthy connection for reuse; close a broken one, one left inside a transaction and
        readers beyond MAX_IDLE."""
        connections = self.connections()
        healthy = not broken and not connection.in_transaction
        if healthy and writer and connections.writer is None:
            connections.writer = connection
        elif healthy and not writer and len(connections.idle) < self.MAX_IDLE:
            connections.idle.append(connection)
        else:
            with contextlib.suppress(Exception):
                await connection.close()

    async def close_connections(self) -> None:
        """Close the idle connections of the running event loop (the writer too, when not in use)."""
        connections = self.connections()
        pending = [*connections.idle, *([connections.writer] if connections.writer else [])]
        connections.idle, connections.writer = [], None
        for connection in pending:
            with contextlib.suppress(Exception):
                await connection.close()

    async def _run_in_new_connection(
        self, query: str, args: list[Any] | None = None, query_type: str = "generic", table: Any = None
    ):
        """A statement outside a transaction, in autocommit mode on an idle reader."""
        connection = await self.take(writer=False)
        broken = True
        try:
            async with connection.execute(query, args or []) as cursor:
                rows = await cursor.fetchall()
            broken = False
            return rows
        except Exception as exc:
            broken = is_unavailable(exc)
            raise
        finally:
            await self.give_back(connection, writer=False, broken=broken)

    async def _run_in_existing_connection(
        self, connection, query: str, args: list[Any] | None = None, query_type: str = "generic", table=None
    ):
        """A statement inside a transaction (foreign_keys is already on: set when the connection opened)."""
        async with connection.execute(query, args or []) as cursor:
            return await cursor.fetchall()

    def transaction(
        self, transaction_type: TransactionType = TransactionType.deferred, allow_nested: bool = True
    ) -> SQLiteTransaction:
        return _SQLiteTransaction(engine=self, transaction_type=transaction_type, allow_nested=allow_nested)

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False):
        _refuse_nul(querystring)
        return await super().run_querystring(querystring, in_pool=in_pool)


class _PostgresTransaction(PostgresTransaction):
    """Piccolo's transaction, made safe for a lost connection: the connection always goes back to the
    pool (a failed BEGIN or ROLLBACK would otherwise leak it until the pool is exhausted) and a failure
    to get one is `DatabaseUnavailable`."""

    engine: RegisterPostgresEngine

    async def __aenter__(self) -> PostgresTransaction:
        if self._parent is not None:
            return self._parent
        self.connection = await self.get_connection()
        try:
            self.transaction = self.connection.transaction()
            await self.begin()
        except BaseException as exc:
            await self.engine.give_back(self.connection, broken=True)
            await self.engine.connection_failed(exc)
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def get_connection(self):
        return await self.engine.take()

    async def __aexit__(self, exception_type, exception, traceback) -> bool:
        if self._parent:
            return exception is None
        broken = False
        try:
            if exception is not None:
                if not self._rolled_back:
                    try:
                        await self.rollback()
                    except Exception as rollback_error:  # the connection is gone; the first error counts
                        broken = True
                        await self.engine.connection_failed(rollback_error)
            elif not self._committed and not self._rolled_back:
                try:
                    await self.commit()
                except BaseException as commit_error:
                    broken = True
                    await self.engine.connection_failed(commit_error)
                    raise
        finally:
            if exception is not None:
                await self.engine.connection_failed(exception)
            await self.engine.give_back(self.connection, broken=broken)
            self.engine.current_transaction.reset(self.context)
        return exception is None


class RegisterPostgresEngine(PostgresEngine):
    """PostgresEngine with bounded waits and self-healing after the database was unreachable."""

    def __init__(self, config: dict[str, Any], acquire_timeout: float | None = 10.0, **kwargs: Any) -> None:
        super().__init__(config=config, **kwargs)
        self.acquire_timeout = acquire_timeout

    def transaction(self, allow_nested: bool = True) -> PostgresTransaction:
        return _PostgresTransaction(engine=self, allow_nested=allow_nested)

    async def take(self):
        """A pooled (or, without a pool, a new) connection; DatabaseUnavailable when none can be had."""
        try:
            if self.pool:
                return await self.pool.acquire(timeout=self.acquire_timeout)
            return await self.get_new_connection()
        except Exception as exc:
            await self.connection_failed(exc)
            raise DatabaseUnavailable("de database is niet bereikbaar") from exc

    async def give_back(self, connection: Any, *, broken: bool = False) -> None:
        if connection is None:
            return
        if not self.pool:
            connection.terminate() if broken else await connection.close()
            return
        if broken:
            with contextlib.suppress(Exception):
                connection.terminate()
        with contextlib.suppress(Exception):
            # asyncpg terminates a connection whose reset fails and returns its slot to the pool.
            await self.pool.release(connection, timeout=self.acquire_timeout)

    async def connection_failed(self, exc: BaseException) -> None:
        """After a connection-level failure every pooled connection is suspect: replace them all on
        their next use, so one failed request (not one per stale connection) notices the outage."""
        if self.pool is not None and is_unavailable(exc):
            with contextlib.suppress(Exception):
                await self.pool.expire_connections()

    async def _run_in_pool(self, query: str, args: Sequence[Any] | None = None):
        if not self.pool:
            raise ValueError("A pool isn't currently running.")
        connection = await self.take()
        try:
            return await connection.fetch(query, *(args or []))
        except BaseException as exc:
            await self.connection_failed(exc)
            raise
        finally:
            await self.give_back(connection)

    async def run_querystring(self, querystring: QueryString, in_pool: bool = True):
        _refuse_nul(querystring)
        return await super().run_querystring(querystring, in_pool=in_pool)


def engine_from_url(
    url: str,
    *,
    connect_timeout: float | None = 2.0,
    acquire_timeout: float | None = 10.0,
    command_timeout: float | None = None,
) -> Engine:
    """`sqlite:///relative.sqlite3`, `sqlite:////absolute.sqlite3` or `postgresql://...`.

    The timeouts (seconds, None for no limit) apply to PostgreSQL: a new connection, a free pooled
    connection, one statement. Raises ValueError for another scheme or a SQLite URL without a file."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if not path:
            raise ValueError("sqlite-URL zonder bestandsnaam")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return RegisterSQLiteEngine(path=path, timeout=30)
    scheme = urlsplit(url).scheme
    if scheme in {"postgresql", "postgres"}:
        config: dict[str, Any] = {"dsn": url, "timeout": connect_timeout}
        if command_timeout is not None:
            config["command_timeout"] = command_timeout
        return RegisterPostgresEngine(config=config, acquire_timeout=acquire_timeout)
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


_after_commit: contextvars.ContextVar[list[Callable[[], Awaitable[None]]] | None] = contextvars.ContextVar(
    "after_commit", default=None
)


def after_commit(callback: Callable[[], Awaitable[None]]) -> None:
    """Run `callback` once after the outermost `transaction()` around this call commits (never when it
    rolls back). Outside such a transaction it is not run: the write was not made through a service."""
    pending = _after_commit.get()
    if pending is not None and callback not in pending:
        pending.append(callback)


# Set for one request by a caller that must know whether the request changed anything (the
# Idempotency-Key middleware): run inside every outermost write transaction, just before its commit, so
# what it writes commits with the change or not at all.
voor_commit: contextvars.ContextVar[Callable[[], Awaitable[None]] | None] = contextvars.ContextVar(
    "voor_commit", default=None
)


@contextlib.asynccontextmanager
async def transaction() -> AsyncIterator[None]:
    """One write transaction: all or nothing. On SQLite it takes the write lock up front. Callbacks
    registered with `after_commit` run after the outermost one commits, outside it; the `voor_commit`
    callback of the request, if any, runs inside it as its last statement."""
    db = engine()
    outer = db.current_transaction.get() is None
    token = _after_commit.set([]) if outer else None
    callbacks: list[Callable[[], Awaitable[None]]] = []
    laatste = voor_commit.get() if outer else None
    try:
        if isinstance(db, SQLiteEngine):
            async with db.transaction(transaction_type=TransactionType.immediate):
                yield
                if laatste is not None:
                    await laatste()
        else:
            async with db.transaction():
                yield
                if laatste is not None:
                    await laatste()
        if token is not None:
            callbacks = _after_commit.get() or []
    finally:
        if token is not None:
            _after_commit.reset(token)
    for callback in callbacks:
        await callback()


async def start_pool(db: Engine, max_size: int = 10) -> None:
    if isinstance(db, PostgresEngine) and db.pool is None:
        await db.start_connection_pool(min_size=1, max_size=max_size)


async def close_pool(db: Engine) -> None:
    if isinstance(db, PostgresEngine) and db.pool is not None:
        await db.close_connection_pool()
    elif isinstance(db, RegisterSQLiteEngine):
        await db.close_connections()


# SQLSTATEs that mean "no usable connection": class 08 (connection exception), the server shutting down
# or refusing connections (57P01-57P03), too many connections (53300), and a database that does not
# accept connections right now (55000 while connecting, e.g. ALLOW_CONNECTIONS false).
_UNAVAILABLE_STATES = {"57P01", "57P02", "57P03", "53300"}
_UNAVAILABLE_NAMES = {
    "ConnectionDoesNotExistError",
    "CannotConnectNowError",
    "ConnectionFailureError",
    "InterfaceError",
    "TooManyConnectionsError",
    "PostgresConnectionError",
}


def is_unavailable(exc: BaseException) -> bool:
    """True for connection-level failures of either engine (not for query errors)."""
    seen: BaseException | None = exc
    visited: set[int] = set()
    while seen is not None and id(seen) not in visited:
        visited.add(id(seen))
        if isinstance(seen, DatabaseUnavailable | ConnectionError | OSError | asyncio.TimeoutError):
            return True
        if type(seen).__name__ in _UNAVAILABLE_NAMES:
            return True
        state = getattr(seen, "sqlstate", None)
        if isinstance(state, str) and (state.startswith("08") or state in _UNAVAILABLE_STATES):
            return True
        if state == "55000" and "accepting connections" in str(seen):
            return True
        if isinstance(seen, sqlite3.OperationalError) and any(
            text in str(seen) for text in ("locked", "unable to open", "disk I/O")
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
