"""Test fixtures: every database test runs on SQLite and, when REGISTER_TEST_POSTGRES_URL is set, again
on PostgreSQL (a fresh database per run, dropped afterwards)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("REGISTER_PASSWORD_HASH", "snel")

import httpx
import pytest
import pytest_asyncio

from api.app import create_app
from api.settings import Settings
from register import db as register_db
from register.infra import keyvault, tlog

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("REGISTER_TEST_POSTGRES_URL")
SECRET = "test-secret-" + "x" * 40
BASE_URL = "http://testserver.local"

ENGINE_PARAMS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=pytest.mark.skipif(
            not PG_URL, reason="PostgreSQL-runs overgeslagen: REGISTER_TEST_POSTGRES_URL is niet gezet"
        ),
    ),
]


def migrate(url: str, data_dir: Path) -> None:
    env = {
        **os.environ,
        "REGISTER_DATABASE_URL": url,
        "REGISTER_DATA_DIR": str(data_dir),
        "REGISTER_SECRET_KEY": SECRET,
    }
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "migrate"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"migrate failed: {result.stdout}\n{result.stderr}")


def _pg_admin(sql: str) -> None:
    import asyncio

    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(PG_URL)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.new_event_loop().run_until_complete(run())


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
    _pg_admin(f'CREATE DATABASE "{name}"')
    parts = urlsplit(PG_URL)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
    try:
        migrate(url, data_dir)
        yield url
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest_asyncio.fixture(scope="session")
async def engine(database_url, data_dir):
    # the key file the migration made, the log's identity, and sequencing before each write returns
    keyvault.configure(keyvault.load_key_file(data_dir / "register.key", create=True))
    tlog.configure(origin=tlog.origin_for(BASE_URL), mode="inline", strict=True)
    engine = register_db.bind(register_db.engine_from_url(database_url))
    await register_db.start_pool(engine, max_size=8)
    yield engine
    await register_db.close_pool(engine)


def _table_names() -> list[str]:
    return [t._meta.tablename for t in register_db.all_tables()]


GUARDED = ("auditlog_regel", "auditlog_knoop", "auditlog_checkpoint")


async def empty_tables(engine, database_url: str) -> None:
    """Empty every table. On PostgreSQL the audit log refuses TRUNCATE; as its owner this switches the
    guard off for the one statement (in one transaction, as a restore with --force does)."""
    names = _table_names()
    if engine.engine_type == "postgres":
        await engine.run_ddl(
            "DO $$ BEGIN "
            + " ".join(f"ALTER TABLE {t} DISABLE TRIGGER {t}_geen_truncate;" for t in GUARDED)
            + " TRUNCATE TABLE "
            + ", ".join(f'"{n}"' for n in names)
            + " RESTART IDENTITY CASCADE; "
            + " ".join(f"ALTER TABLE {t} ENABLE TRIGGER {t}_geen_truncate;" for t in GUARDED)
            + " END $$"
        )
        return
    path = database_url[len("sqlite:///") :]
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for n in names:
            conn.execute(f'DELETE FROM "{n}"')
        conn.commit()
    finally:
        conn.close()


@pytest_asyncio.fixture
async def db(engine, database_url):
    """An empty, migrated database for one test."""
    register_db.bind(engine)
    await empty_tables(engine, database_url)
    return engine


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
