"""What the tests share besides test data (that is `tests/builders.py`): paths and secrets, databases on
both engines, the command line and the server as subprocesses, and HTTP and page helpers.

Test modules import from here and from `tests.builders`, never from each other.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from api.tokens import TokenService
from audits.tables import AuditlogRegel

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("REGISTER_TEST_POSTGRES_URL")
SECRET = "test-secret-" + "x" * 40
BASE_URL = "http://testserver.local"
ADMIN_PASSWORD = "beheer-wachtwoord-2026"  # noqa: S105 - the beheerder of a throw-away test database

needs_postgres = pytest.mark.skipif(
    not PG_URL, reason="PostgreSQL-test overgeslagen: REGISTER_TEST_POSTGRES_URL is niet gezet"
)

# The `database_url` fixture runs each database test once per engine.
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

# --- databases ---------------------------------------------------------------------------------------


def migrate(url: str, data_dir: Path) -> None:
    """`jobcoach-register migrate` against `url`, as a user would run it."""
    result = cli(["migrate"], cli_env(url, data_dir))
    if result.returncode != 0:
        raise RuntimeError(f"migrate failed: {result.stdout}\n{result.stderr}")


def pg_admin(sql: str) -> None:
    """One statement on the PostgreSQL server of REGISTER_TEST_POSTGRES_URL (CREATE/DROP DATABASE)."""
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(PG_URL)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    # in a thread of its own: the caller's thread may have a running loop (Playwright's sync API)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, run()).result()


def pg_database_url(name: str, *, port: int | None = None) -> str:
    """REGISTER_TEST_POSTGRES_URL pointed at database `name` (through 127.0.0.1:`port` when given)."""
    parts = urlsplit(PG_URL)
    netloc = parts.netloc
    if port is not None:
        netloc = (
            f"{parts.username or 'postgres'}{':' + parts.password if parts.password else ''}@127.0.0.1:{port}"
        )
    return urlunsplit((parts.scheme, netloc, f"/{name}", parts.query, parts.fragment))


@contextlib.contextmanager
def fresh_database(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database of its own (name), dropped afterwards."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


GUARDED = ("auditlog_regel", "auditlog_knoop", "auditlog_checkpoint")


async def empty_tables(engine: Any, database_url: str) -> None:
    """Empty every table of the register. On PostgreSQL the audit log refuses TRUNCATE; as its owner this
    switches that guard off for the one statement, in one transaction (as `restore --force` does)."""
    import sqlite3

    from register import db as register_db

    names = [t._meta.tablename for t in register_db.all_tables()]
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
    conn = sqlite3.connect(database_url[len("sqlite:///") :])
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for name in names:
            conn.execute(f'DELETE FROM "{name}"')
        conn.commit()
    finally:
        conn.close()


# --- the command line and the server as subprocesses --------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_env(db_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `jobcoach-register` subprocess. It hashes passwords for real (the cheap test
    hasher lives in the test process only)."""
    return {
        **os.environ,
        "REGISTER_DATABASE_URL": db_url,
        "REGISTER_DATA_DIR": str(data_dir),
        "REGISTER_SECRET_KEY": SECRET,
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """`jobcoach-register ARGS` in a subprocess; stdout and stderr as text."""
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def create_admin(db_url: str, data_dir: Path, username: str = "beheer") -> str:
    """A beheerder with ADMIN_PASSWORD and a second factor, made as an operator would
    (`create-user --tweede-factor`); returns the TOTP secret the command printed once. The API's password
    grant gives a beheerder a token only with a code (`otp`)."""
    made = cli(
        ["create-user", "--username", username, "--role", "beheerder", "--tweede-factor"],
        cli_env(db_url, data_dir, REGISTER_PASSWORD=ADMIN_PASSWORD),
    )
    assert made.returncode == 0, made.stderr
    return re.search(r"\(eenmalig getoond\): ([A-Z2-7]+)", made.stdout).group(1)


class LiveServer:
    """`jobcoach-register serve` in its own process group; stopped (and its workers with it) on exit."""

    timeout = httpx.Timeout(10.0)

    def __init__(self, db_url: str, data_dir: Path, workers: int = 3, **extra_env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.log = data_dir / f"server-{self.port}.log"
        self.env = cli_env(db_url, data_dir, REGISTER_BASE_URL=self.url, **extra_env)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> LiveServer:
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "api.cli",
                    "serve",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(self.workers),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server stopped: " + self.log.read_text()[-3000:])
            if self.log.read_text().count("Application startup complete") >= self.workers:
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not start in time: " + self.log.read_text()[-3000:])

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        pgid = os.getpgid(self.process.pid)  # our own process group (start_new_session), nothing else
        os.killpg(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def text(self) -> str:
        return self.log.read_text()

    def pids(self, marker: str) -> set[str]:
        """The worker process ids of log lines containing `marker`."""
        return set(re.findall(r"\[(\d+)\] [\w.]+: " + re.escape(marker), self.text()))

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One request on a fresh connection, so the kernel may pick any worker."""
        headers = {"Connection": "close", **kwargs.pop("headers", {})}
        with httpx.Client(base_url=self.url, timeout=self.timeout) as client:
            return client.request(method, path, headers=headers, **kwargs)


def parallel(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    """Run the calls at the same time (one thread each); their responses in order."""
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


# --- HTTP: tokens and problem details -----------------------------------------------------------------


def token_for(account: dict[str, Any], versie: int = 1) -> str:
    """A session token for an account view (as `tests.builders.account` returns it)."""
    return TokenService(SECRET, BASE_URL).issue(account["id"], versie)


def auth(account: dict[str, Any]) -> dict[str, str]:
    """The API's Bearer header for an account view."""
    return {"Authorization": f"Bearer {token_for(account)}"}


def invalid_params(response: httpx.Response) -> dict[str, str]:
    """A 400 problem's `invalidParams` as {name: reason}."""
    return {p["name"]: p["reason"] for p in response.json().get("invalidParams", [])}


# --- pages -------------------------------------------------------------------------------------------


def login(client: httpx.AsyncClient, account: dict[str, Any]) -> None:
    """Pages read the session cookie (never a Bearer token)."""
    client.cookies.clear()
    client.cookies.set("sessie", token_for(account))


async def csrf_token(client: httpx.AsyncClient, headers: dict[str, str] | None = None) -> str:
    """Fetch a page so the CSRF cookie is set, and return the token its forms carry."""
    response = await client.get("/inloggen", headers=headers or {})
    match = re.search(r'name="_csrf_token" value="([^"]+)"', response.text)
    assert match, "the page has no CSRF field"
    return match.group(1)


async def post_form(client: httpx.AsyncClient, url: str, data: dict, *, csrf: bool = True) -> httpx.Response:
    """Submit a page form (with its CSRF token unless `csrf` is False); redirects are not followed."""
    form = dict(data)
    if csrf:
        form["_csrf_token"] = await csrf_token(client)
    return await client.post(url, data=form, follow_redirects=False)


def inline_error(html: str, field_id: str) -> str | None:
    """The inline error text shown next to a field (None when there is none)."""
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-fout">(.*?)</p>', html, re.S)
    if not match:
        return None
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Fout: ", "").strip()


def summary(html: str) -> str:
    """The HTML inside the error summary at the top of a form page ("" when there is none)."""
    match = re.search(r'<div class="alert alert-error error-summary"[^>]*>(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def field_value(html: str, field_id: str) -> str | None:
    """The `value` of the input with this id (None when there is none)."""
    match = re.search(rf'id="{re.escape(field_id)}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else None


async def audit_rows() -> int:
    """How many rows the audit log holds."""
    return await AuditlogRegel.count()


class Inbox:
    """An aiosmtpd handler that keeps every message it receives (the e-mail tests' SMTP server)."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's hook)
        import email
        from email import policy

        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@contextlib.contextmanager
def smtp_server() -> Iterator[tuple[Inbox, str]]:
    """A real SMTP server (aiosmtpd) on a free loopback port for the test's duration: its inbox and its
    `smtp://` URL for the worker's SmtpBezorger."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{controller.port}"
    finally:
        controller.stop()


def link_in(message: Any) -> str:
    """The path of the set-a-password link in an e-mail's plain text (`/wachtwoord/instellen/<token>`)."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"https?://\S+(/wachtwoord/instellen/\S+)", text)
    assert found, text
    return found.group(1)


# --- the demo's second factor --------------------------------------------------------------------------------

_last_totp_step: dict[str, int] = {}


def demo_totp_code(username: str) -> str:
    """The TOTP code of a demo account with a second factor (api.demo.DEMO_TOTP) for a time step it has not
    used yet: the register accepts each step once, and one step either side of now, so this waits for the
    next step only when both are used up (a live server runs on the real clock)."""
    import pyotp

    from api.demo import DEMO_TOTP

    step = max(int(time.time()) // 30, _last_totp_step.get(username, 0) + 1)
    while step > int(time.time()) // 30 + 1:
        time.sleep(1)
    _last_totp_step[username] = step
    return pyotp.TOTP(DEMO_TOTP[username]).at(step * 30)
