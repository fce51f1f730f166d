"""Test fixtures: every database test runs on SQLite and, when REGISTER_TEST_POSTGRES_URL is set, again
on PostgreSQL (a fresh database per run, dropped afterwards).

Constants and helpers live in `tests/helpers.py`, test data in `tests/builders.py`.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
import pytest_asyncio
from argon2 import PasswordHasher

from api import attestatie
from api.app import create_app
from api.settings import Settings
from register import db as register_db
from register.infra import keyvault, tlog
from register.services import accounts
from tests.helpers import BASE_URL, ENGINE_PARAMS, PG_URL, SECRET, empty_tables, migrate, pg_admin

# Cheap argon2 parameters for the accounts the tests make in this process (production keeps the library's
# defaults; servers started as subprocesses hash for real).
accounts.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(autouse=True)
def fresh_signing_key_cache():
    """Each test has an empty database, so no signing key may be carried over from another test."""
    attestatie.clear_cache()
    yield
    attestatie.clear_cache()


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="session", params=ENGINE_PARAMS)
def database_url(request, tmp_path_factory, data_dir):
    """A migrated database for the whole session, per engine."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "register.sqlite3"
        url = f"sqlite:///{path}"
        migrate(url, data_dir)
        yield url
        return
    name = f"register_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    pg_admin(f'CREATE DATABASE "{name}"')
    parts = urlsplit(PG_URL)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
    try:
        migrate(url, data_dir)
        yield url
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest_asyncio.fixture(scope="session")
async def engine(database_url, data_dir):
    # the key file the migration made, the log's identity, and sequencing before each write returns
    keyvault.configure(keyvault.load_key_file(data_dir / "register.key", create=True))
    tlog.configure(origin=tlog.origin_for(BASE_URL), mode="inline", strict=True)
    engine = register_db.bind(register_db.engine_from_url(database_url))
    await register_db.start_pool(engine, max_size=8)
    yield engine
    await register_db.close_pool(engine)


@pytest_asyncio.fixture
async def db(engine, database_url):
    """An empty, migrated database for one test."""
    register_db.bind(engine)
    await empty_tables(engine, database_url)
    yield engine
    # a test that failed halfway may leave the background sequencer running; it would hold the database
    await tlog.wait_idle(cancel=True)


@pytest.fixture
def settings(database_url, data_dir) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=data_dir,
        secret_key=SECRET,
        base_url=BASE_URL,
        secure_cookies=False,
    )


@pytest_asyncio.fixture
async def app(db, settings):
    return create_app(settings, manage_database=False)


@pytest_asyncio.fixture
async def client(app):
    # httpx's ASGI transport runs the app on the test's own event loop, so the app shares the
    # session's connection pool (Litestar's AsyncTestClient would run it on another thread's loop).
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client
