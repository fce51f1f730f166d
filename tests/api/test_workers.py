"""Many workers, one truth: `jobcoach-register serve --workers 3` on PostgreSQL, run as a real process on a
loopback port against a fresh database. Rate limits, revocation and optimistic locking hold across
workers, because their state lives in the database and not in one process's memory.

Requests go out on fresh connections (`Connection: close`) and in parallel, so the kernel hands them to
different workers; the server log carries each worker's process id, which proves the spread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pyotp
import pytest

from tests.helpers import (
    ADMIN_PASSWORD,
    LiveServer,
    create_admin,
    fresh_database,
    migrate,
    needs_postgres,
    parallel,
    pg_database_url,
)

pytestmark = needs_postgres

WORKERS = 3


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    data_dir = tmp_path_factory.mktemp("workers")
    with fresh_database("register_workers") as name:
        url = pg_database_url(name)
        migrate(url, data_dir)
        geheim = create_admin(url, data_dir)
        with LiveServer(url, data_dir, workers=WORKERS, REGISTER_TRUSTED_PROXIES="127.0.0.1") as live:
            response = log_in(live, "beheer", ADMIN_PASSWORD, "10.0.0.1", otp=pyotp.TOTP(geheim).now())
            assert response.status_code == 200, response.text
            _ADMIN[live] = {"Authorization": f"Bearer {response.json()['access_token']}"}
            # the accounts of the throttling tests are gemeente accounts: they log in without a second factor
            made = live.request("POST", "/api/v1/gemeenten", headers=_ADMIN[live], json=GEMEENTE)
            assert made.status_code == 201, made.text
            yield live


def log_in(
    server: LiveServer, username: str, password: str, client_ip: str = "10.9.9.9", otp: str | None = None
) -> httpx.Response:
    # The server believes X-Forwarded-For from 127.0.0.1 (REGISTER_TRUSTED_PROXIES), so each scenario has its
    # own client address and the per-address limit of one scenario does not spill into another.
    return server.request(
        "POST",
        "/api/v1/token",
        data={"username": username, "password": password, **({"otp": otp} if otp else {})},
        headers={"X-Forwarded-For": client_ip},
    )


# The beheerder logs in once per server (a TOTP code works once per 30 s step); the token lasts 15 minutes.
_ADMIN: dict[LiveServer, dict[str, str]] = {}
GEMEENTE = {"code": "GM0599", "naam": "Rotterdam"}


def admin_headers(server: LiveServer) -> dict[str, str]:
    return _ADMIN[server]


def make_account(server: LiveServer, admin: dict[str, str], name: str) -> None:
    response = server.request(
        "POST",
        "/api/v1/gebruikers",
        headers=admin,
        json={
            "gebruikersnaam": name,
            "wachtwoord": ADMIN_PASSWORD,
            "email": f"{name}@voorbeeld.nl",
            "rollen": [{"rol": "gemeente", "gemeente": GEMEENTE["code"]}],
        },
    )
    assert response.status_code == 201, response.text


def test_server_runs_the_requested_number_of_workers(server):
    assert (
        len(set(re.findall(r"\[(\d+)\] uvicorn.error: Application startup complete", server.text())))
        == WORKERS
    )


def test_login_rate_limit_holds_across_workers(server):
    """Five failures per user name and client within the window, then 429, wherever the requests land."""
    admin = admin_headers(server)
    users = [f"limiet-{i}" for i in range(3)]
    for name in users:
        make_account(server, admin, name)

    def attempts(index: int, name: str) -> list[int]:
        ip = f"10.1.0.{index}"
        statuses = [log_in(server, name, "fout-wachtwoord-123", ip).status_code for _ in range(6)]
        statuses.append(log_in(server, name, ADMIN_PASSWORD, ip).status_code)  # the right one, too late
        return statuses

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        results = list(pool.map(attempts, range(len(users)), users))
    for statuses in results:
        assert statuses == [401] * 5 + [429, 429]
    assert len(server.pids("failed log-in")) >= 2, "the failed log-ins all landed on one worker"


def test_a_burst_of_parallel_failures_is_limited_at_the_same_count(server):
    """Parallel failures for one user name from one client on all workers at once: still no more than five
    get through; the right password from another client still works (nobody can lock the account)."""
    admin = admin_headers(server)
    make_account(server, admin, "burst")
    calls = [
        (lambda: log_in(server, "burst", "fout-wachtwoord-123", client_ip="10.2.0.1")) for _ in range(12)
    ]
    statuses = sorted(r.status_code for r in parallel(calls))
    assert statuses == [401] * 5 + [429] * 7
    assert log_in(server, "burst", ADMIN_PASSWORD, client_ip="10.2.0.1").status_code == 429
    assert log_in(server, "burst", ADMIN_PASSWORD, client_ip="10.2.1.1").status_code == 200


def test_a_revoked_token_is_refused_by_every_worker(server):
    make_account(server, admin_headers(server), "intrekken")
    response = log_in(server, "intrekken", ADMIN_PASSWORD, client_ip="10.3.0.1")
    assert response.status_code == 200, response.text
    token = {"Authorization": f"Bearer {response.json()['access_token']}"}
    rounds = 0
    served: set[str] = set()
    ok = parallel([lambda: server.request("GET", "/api/v1/gemeenten", headers=token) for _ in range(9)])
    assert [r.status_code for r in ok] == [200] * 9
    assert server.request("POST", "/api/v1/token/intrekken", headers=token).status_code == 204
    # Bounded: a few rounds of parallel requests, until every worker has logged a refusal.
    while rounds < 10 and len(served) < WORKERS:
        rounds += 1
        refused = parallel(
            [lambda: server.request("GET", "/api/v1/gemeenten", headers=token) for _ in range(9)]
        )
        assert [r.status_code for r in refused] == [401] * 9
        assert all(r.headers["content-type"].startswith("application/problem+json") for r in refused)
        served = server.pids("refused: not logged in")
    assert len(served) == WORKERS, f"only {len(served)} of {WORKERS} workers were reached"


def test_parallel_edits_with_the_same_version_never_lose_an_update(server):
    admin = admin_headers(server)
    created = server.request(
        "POST",
        "/api/v1/jobcoaches",
        headers=admin,
        json={"voornaam": "Vera", "achternaam": "Versie", "email": "vera@voorbeeld.nl", "werkgebied": []},
    )
    assert created.status_code == 201, created.text
    coach = created.json()
    assert coach["versie"] == 1
    phones = [f"06-1000000{i}" for i in range(8)]
    calls = [
        (
            lambda phone=phone: server.request(
                "PATCH",
                f"/api/v1/jobcoaches/{coach['id']}",
                headers=admin,
                json={"telefoon": phone, "versie": 1},
            )
        )
        for phone in phones
    ]
    responses = parallel(calls)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * (len(phones) - 1)
    for conflict in (r for r in responses if r.status_code == 409):
        assert conflict.headers["content-type"].startswith("application/problem+json")
        assert conflict.json()["status"] == 409
    winner = next(r.json() for r in responses if r.status_code == 200)
    stored = server.request("GET", f"/api/v1/jobcoaches/{coach['id']}", headers=admin).json()
    assert stored["versie"] == 2 and stored["telefoon"] == winner["telefoon"]
    # A stale version after the winner is refused as well: the loser has to reload first.
    stale = server.request(
        "PATCH",
        f"/api/v1/jobcoaches/{coach['id']}",
        headers=admin,
        json={"telefoon": "06-19999999", "versie": 1},
    )
    assert stale.status_code == 409
