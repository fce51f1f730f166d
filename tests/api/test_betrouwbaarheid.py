"""Faults: with the database unreachable, requests fail fast with 503 (problem+json for the API, a page for
the pages), and the server recovers by itself when the database returns.

The shared PostgreSQL server is never stopped: the register under test reaches its own fresh database
through a TCP proxy that this test runs on a loopback port, and the test cuts, stalls and restores that
proxy.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pyotp
import pytest

from register import db
from tests.helpers import (
    ADMIN_PASSWORD,
    PG_URL,
    LiveServer,
    create_admin,
    fresh_database,
    migrate,
    needs_postgres,
    parallel,
    pg_database_url,
)

FAST = 3.0  # seconds: "fail fast" means a 503 well within this


class TcpProxy:
    """A loopback TCP forwarder to PostgreSQL that can be cut (refuse and reset), stalled (accept and
    swallow, like a network partition) and restored. Runs its own event loop in a daemon thread."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.mode = "forward"
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self) -> TcpProxy:
        self._thread.start()
        self._call(self._listen())
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):
            self._call(self._close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def _call(self, coro) -> object:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=10)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()  # RST: the register sees its connections drop at once
        self._writers.clear()

    def cut(self) -> None:
        """The database goes away: new connections are refused, open ones are reset."""
        self.mode = "cut"
        self._call(self._close())

    def stall(self) -> None:
        """A network partition: connections are accepted and bytes swallowed, nothing comes back."""
        self.mode = "stall"
        self._loop.call_soon_threadsafe(self._flowing.clear)

    def restore(self) -> None:
        self.mode = "forward"
        self._loop.call_soon_threadsafe(self._flowing.set)
        if self._server is None:
            self._call(self._listen())

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        upstream: asyncio.StreamWriter | None = None
        try:
            if self.mode == "stall":
                await self._swallow(reader)
                return
            up_reader, upstream = await asyncio.open_connection(*self.target)
            self._writers.add(upstream)
            await asyncio.gather(self._pump(reader, upstream), self._pump(up_reader, writer))
        except (ConnectionError, OSError):
            pass
        finally:
            for w in (writer, upstream):
                if w is not None:
                    self._writers.discard(w)
                    w.transport.abort()

    async def _swallow(self, reader: asyncio.StreamReader) -> None:
        while await reader.read(65536):
            pass

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            await self._flowing.wait()  # while stalled, hold the bytes, as a partitioned network would
            writer.write(data)
            await writer.drain()
        writer.transport.abort()


def _pg_target() -> tuple[str, int]:
    parts = urlsplit(PG_URL)
    return parts.hostname or "127.0.0.1", parts.port or 5432


@pytest.fixture(scope="module")
def faulty(tmp_path_factory) -> Iterator[tuple[TcpProxy, LiveServer]]:
    """A register (two workers) whose only way to its fresh database is the proxy."""
    data_dir = tmp_path_factory.mktemp("faults")
    with fresh_database("register_faults") as name, TcpProxy(*_pg_target()) as proxy:
        direct = pg_database_url(name)
        migrate(direct, data_dir)
        geheim = create_admin(direct, data_dir)
        # A short statement limit keeps the stalled-network case quick; the connect limit is the default.
        with LiveServer(
            pg_database_url(name, port=proxy.port), data_dir, workers=2, REGISTER_DB_COMMAND_TIMEOUT="1"
        ) as server:
            _GEHEIM[server] = geheim
            yield proxy, server


def _timed(server: LiveServer, method: str, path: str, **kwargs) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    response = server.request(method, path, **kwargs)
    return response, time.monotonic() - start


# The beheerder's TOTP secret per server, and the last time step whose code was used (a code works once).
_GEHEIM: dict[LiveServer, str] = {}
_STAP: dict[LiveServer, int] = {}
_TOKEN: dict[LiveServer, str] = {}


def _token(server: LiveServer, *, vers: bool = True) -> str:
    """A log-in of the beheerder (password and TOTP code); waits for the next 30 s step when this step's
    code was used already. `vers=False`: the token of the last log-in when there is one (15 minutes)."""
    if not vers and server in _TOKEN:
        return _TOKEN[server]
    totp = pyotp.TOTP(_GEHEIM[server])
    while (stap := int(time.time()) // totp.interval) <= _STAP.get(server, -1):
        time.sleep(0.5)
    _STAP[server] = stap
    response = server.request(
        "POST",
        "/api/v1/token",
        data={"username": "beheer", "password": ADMIN_PASSWORD, "otp": totp.at(stap * totp.interval)},
    )
    assert response.status_code == 200, response.text
    _TOKEN[server] = response.json()["access_token"]
    return _TOKEN[server]


def _wait_until_healthy(server: LiveServer, limit: float = 20.0) -> float:
    """Bounded: poll the health check until it answers 200; return how long that took."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if server.request("GET", "/gezondheid").status_code == 200:
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError("the register did not recover within the limit")


def _unavailable_checks(server: LiveServer, token: str, limit: float) -> None:
    bearer = {"Authorization": f"Bearer {token}"}
    cookie = {"Cookie": f"sessie={token}"}
    calls = [
        ("GET", "/api/v1/gebruikers", {"headers": bearer}),  # the middleware loads the account
        ("GET", "/api/v1/gemeenten", {"headers": bearer}),
        ("POST", "/api/v1/token", {"data": {"username": "beheer", "password": ADMIN_PASSWORD}}),
        ("PATCH", "/api/v1/gebruikers/00000000-0000-0000-0000-000000000000", {"headers": bearer, "json": {}}),
        ("GET", "/gezondheid", {}),
    ]
    for method, path, kwargs in calls:
        response, took = _timed(server, method, path, **kwargs)
        assert response.status_code == 503, (method, path, response.status_code, response.text[:300])
        assert took < limit, (method, path, took)
        assert response.headers["content-type"].startswith("application/problem+json"), path
        body = response.json()
        assert body["status"] == 503 and "database" in body["detail"].lower()
        assert response.headers.get("Retry-After")
    page, took = _timed(server, "GET", "/dashboard", headers=cookie)
    assert page.status_code == 503 and took < limit
    assert page.headers["content-type"].startswith("text/html")
    assert "Dienst tijdelijk niet beschikbaar" in page.text and 'role="alert"' in page.text


def _works_again(server: LiveServer, token: str) -> None:
    bearer = {"Authorization": f"Bearer {token}"}
    results = parallel(
        [lambda: server.request("GET", "/api/v1/gebruikers", headers=bearer) for _ in range(6)]
    )
    assert [r.status_code for r in results] == [200] * 6
    page = server.request("GET", "/dashboard", headers={"Cookie": f"sessie={token}"})
    # served again: the dashboard sends a single-role account on to its own pages (not to /inloggen)
    assert page.status_code == 303 and not page.headers["location"].startswith("/inloggen")
    assert _token(server)


@needs_postgres
def test_database_gone_gives_fast_503_and_the_register_recovers(faulty):
    proxy, server = faulty
    token = _token(server, vers=False)
    _works_again(server, token)

    proxy.cut()
    _unavailable_checks(server, token, FAST)
    # Several failed writes in a row do not use up the connection pool.
    for _ in range(12):
        assert (
            server.request("POST", "/api/v1/token", data={"username": "x", "password": "y"}).status_code
            == 503
        )

    proxy.restore()
    assert _wait_until_healthy(server) < 10
    _works_again(server, token)
    log = server.text()
    assert "unhandled" not in log and "Exception in ASGI application" not in log


@needs_postgres
def test_a_stalled_network_is_cut_short_by_the_timeouts(faulty):
    """Packets vanish: connect attempts and statements give up on their timeouts instead of hanging."""
    proxy, server = faulty
    token = _token(server, vers=False)
    proxy.stall()
    try:
        # connect timeout (2 s) or statement limit (1 s here) plus asyncpg's cancel, never a hang
        response, took = _timed(
            server, "GET", "/api/v1/gemeenten", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 503, response.text
        assert took < 6, took
        response, took = _timed(server, "GET", "/gezondheid")
        assert response.status_code == 503 and took < 6, took
    finally:
        proxy.restore()
    assert _wait_until_healthy(server) < 15
    _works_again(server, token)


@pytest.fixture
def proxied_database() -> Iterator[tuple[str, TcpProxy]]:
    with fresh_database("register_pool") as name, TcpProxy(*_pg_target()) as proxy:
        yield name, proxy


@needs_postgres
async def test_failed_transactions_give_their_connections_back(proxied_database):
    """A connection that dies inside a transaction makes its ROLLBACK fail too; Piccolo's own transaction
    then never returns it to the pool. The register's engine does, so after outages a small pool still
    serves instead of waiting forever for a free connection."""
    name, proxy = proxied_database
    engine = db.engine_from_url(pg_database_url(name, port=proxy.port))
    await engine.start_connection_pool(min_size=1, max_size=2)

    async def select(value: int) -> int:
        rows = await engine.run_ddl(f"SELECT {value} AS waarde")
        return rows[0]["waarde"]

    try:
        for _ in range(4):  # twice the pool size
            with pytest.raises(Exception) as failed:
                async with engine.transaction():
                    assert await select(1) == 1
                    proxy.cut()  # the database goes away in the middle of the transaction
                    await select(2)
            assert db.is_unavailable(failed.value), repr(failed.value)
            proxy.restore()
        start = time.monotonic()

        async def one_more() -> int:
            async with engine.transaction():
                return await select(42)

        assert await asyncio.wait_for(one_more(), timeout=8) == 42
        assert time.monotonic() - start < FAST
        assert await select(7) == 7
    finally:
        await asyncio.wait_for(engine.close_connection_pool(), 10)


class _PgError(Exception):
    def __init__(self, sqlstate: str, message: str = "") -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (db.DatabaseUnavailable("weg"), True),
        (_PgError("08006"), True),  # connection failure
        (_PgError("57P01"), True),  # terminated by the administrator
        (_PgError("53300"), True),  # too many connections
        (_PgError("55000", 'database "x" is not currently accepting connections'), True),
        (_PgError("55000", "object not in prerequisite state"), False),
        (_PgError("23505"), False),  # unique violation: a query error, not an outage
        (ValueError("x"), False),
    ],
)
def test_which_errors_mean_the_database_is_unavailable(error, unavailable):
    assert db.is_unavailable(error) is unavailable
    wrapped = RuntimeError("wrapped")
    wrapped.__cause__ = error
    assert db.is_unavailable(wrapped) is unavailable
