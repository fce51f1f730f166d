"""Log-in that holds (issue 13, finding 7): forwarded headers only from configured proxies, throttling per
account+client and per client with growing delays and a truthful Retry-After, failures logged with user
name and client address (never the password)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import httpx
import pytest

from api.app import create_app
from api.middleware import client_address
from api.settings import load_settings
from register import clock
from register.rules.inloggen import Drempel, nog_wachten, wachttijd
from register.services import accounts
from tests import builders
from tests.helpers import BASE_URL

WRONG = "fout-wachtwoord-123"
T0 = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)


class Klok:
    """A clock the test moves by hand (register.clock.now is the one source of 'now')."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.nu = T0
        monkeypatch.setattr(clock, "now", lambda: self.nu)

    def verder(self, seconds: float) -> None:
        self.nu += dt.timedelta(seconds=seconds)


def _client(app, address: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(address, 50000)), base_url=BASE_URL
    )


async def _login(
    client: httpx.AsyncClient, username: str, password: str = WRONG, **headers: str
) -> httpx.Response:
    return await client.post(
        "/api/v1/token", data={"username": username, "password": password}, headers=headers
    )


# --- the rule (pure) ----------------------------------------------------------------------------------------


def test_waits_grow_and_stop_at_the_maximum():
    drempel = Drempel(vrij=5, basis_seconden=30, max_seconden=300)
    assert [wachttijd(n, drempel) for n in range(4, 11)] == [0, 30, 60, 120, 240, 300, 300]
    assert nog_wachten(5, T0, T0 + dt.timedelta(seconds=10.2), drempel) == 20
    assert nog_wachten(5, T0, T0 + dt.timedelta(seconds=30), drempel) == 0
    assert nog_wachten(0, None, T0, drempel) == 0


# --- throttling -------------------------------------------------------------------------------------------


async def test_retry_after_tells_the_truth_and_the_wait_grows(app, db, monkeypatch):
    klok = Klok(monkeypatch)
    admin = await builders.gemeente_account("GM0599")  # a role that logs in without a second factor
    name = admin["gebruikersnaam"]
    async with _client(app, "10.0.0.1") as client:
        assert [(await _login(client, name)).status_code for _ in range(5)] == [401] * 5
        refused = await _login(client, name)
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == str(accounts.LOGIN_FIRST_WAIT)
        assert refused.headers["content-type"].startswith("application/problem+json")
        klok.verder(accounts.LOGIN_FIRST_WAIT - 10)
        assert (await _login(client, name, builders.PASSWORD)).headers["Retry-After"] == "10"
        klok.verder(10)  # the wait is over: one more try, which fails and doubles the wait
        assert (await _login(client, name)).status_code == 401
        assert (await _login(client, name)).headers["Retry-After"] == str(2 * accounts.LOGIN_FIRST_WAIT)
        klok.verder(2 * accounts.LOGIN_FIRST_WAIT)
        assert (await _login(client, name, builders.PASSWORD)).status_code == 200


async def test_a_stranger_cannot_lock_out_the_right_password_from_another_client(app, db, monkeypatch):
    Klok(monkeypatch)
    admin = await builders.gemeente_account("GM0599")  # a role that logs in without a second factor
    async with _client(app, "203.0.113.66") as stranger:
        statuses = [(await _login(stranger, admin["gebruikersnaam"])).status_code for _ in range(12)]
    assert statuses == [401] * 5 + [429] * 7
    async with _client(app, "198.51.100.7") as owner:
        assert (await _login(owner, admin["gebruikersnaam"], builders.PASSWORD)).status_code == 200


async def test_one_client_trying_many_accounts_is_throttled(app, db, monkeypatch):
    Klok(monkeypatch)
    admin = await builders.gemeente_account("GM0599")  # a role that logs in without a second factor
    async with _client(app, "10.0.0.2") as client:
        statuses = [(await _login(client, f"iemand-{i}")).status_code for i in range(20)]
        assert statuses == [401] * 20  # at most four failures per name, twenty per client
        refused = await _login(client, admin["gebruikersnaam"], builders.PASSWORD)
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) == accounts.LOGIN_FIRST_WAIT


async def test_the_login_page_answers_429_with_retry_after(client, db, monkeypatch):
    Klok(monkeypatch)
    admin = await builders.gemeente_account("GM0599")  # a role that logs in without a second factor
    for _ in range(5):
        await _login(client, admin["gebruikersnaam"])
    from tests.helpers import post_form

    response = await post_form(
        client, "/inloggen", {"gebruikersnaam": admin["gebruikersnaam"], "wachtwoord": builders.PASSWORD}
    )
    assert response.status_code == 429
    assert response.headers["Retry-After"] == str(accounts.LOGIN_FIRST_WAIT)
    assert "Probeer het over 30 seconden opnieuw" in response.text


# --- forwarded headers --------------------------------------------------------------------------------------


async def test_x_forwarded_for_is_ignored_by_default(app, db, monkeypatch):
    Klok(monkeypatch)
    admin = await builders.gemeente_account("GM0599")  # a role that logs in without a second factor
    async with _client(app, "127.0.0.1") as client:
        statuses = [
            (await _login(client, admin["gebruikersnaam"], **{"X-Forwarded-For": f"10.9.0.{i}"})).status_code
            for i in range(7)
        ]
    assert statuses == [401] * 5 + [429] * 2


async def test_x_forwarded_for_is_believed_from_a_configured_proxy_only(db, settings, monkeypatch):
    Klok(monkeypatch)
    app = create_app(dataclasses.replace(settings, trusted_proxies=("127.0.0.1/32",)), manage_database=False)
    admin = await builders.gemeente_account("GM0599")  # a role that logs in without a second factor
    name = admin["gebruikersnaam"]
    async with _client(app, "127.0.0.1") as proxy:
        # behind the proxy each real client has its own counter
        for i in range(3):
            statuses = [
                (await _login(proxy, name, **{"X-Forwarded-For": f"10.8.0.{i}"})).status_code
                for _ in range(6)
            ]
            assert statuses == [401] * 5 + [429]
        # what the client itself put in front of the proxy's entry is not believed
        spoofed = await _login(proxy, name, **{"X-Forwarded-For": "10.7.7.7, 10.8.0.1"})
        assert spoofed.status_code == 429
    async with _client(app, "10.8.0.1") as direct:  # not a proxy: its header is ignored
        assert (await _login(direct, name, **{"X-Forwarded-For": "10.6.6.6"})).status_code == 429


def test_client_address_walks_from_the_right():
    import ipaddress

    proxies = (ipaddress.ip_network("10.0.0.0/8"),)

    def scope(peer: str, header: str | None) -> dict:
        headers = [(b"x-forwarded-for", header.encode())] if header is not None else []
        return {"client": (peer, 1), "headers": headers}

    assert client_address(scope("192.0.2.1", "1.1.1.1"), proxies) == "192.0.2.1"
    assert client_address(scope("10.0.0.1", "1.1.1.1, 192.0.2.9, 10.0.0.2"), proxies) == "192.0.2.9"
    assert client_address(scope("10.0.0.1", None), proxies) == "10.0.0.1"
    assert client_address(scope("10.0.0.1", "niet-een-adres"), proxies) == "10.0.0.1"


def test_trusted_proxies_setting():
    env = {"REGISTER_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/24"}
    assert load_settings(env).trusted_proxies == ("127.0.0.1/32", "10.0.0.0/24")
    assert load_settings({}).trusted_proxies == ()
    with pytest.raises(SystemExit, match="REGISTER_TRUSTED_PROXIES"):
        load_settings({"REGISTER_TRUSTED_PROXIES": "overal"})


# --- logging ------------------------------------------------------------------------------------------------


async def test_failures_are_logged_with_user_name_and_address_never_the_password(
    app, db, monkeypatch, caplog
):
    Klok(monkeypatch)
    caplog.set_level(logging.INFO, logger="register.security")
    async with _client(app, "192.0.2.44") as client:
        await _login(client, "Onbekende-Gebruiker", "geheim-wachtwoord-xyz")
        await _login(client, "123 456 782", "geheim-wachtwoord-xyz")
        await _login(client, "piet.nieuw@example.org", "geheim-wachtwoord-xyz")
        await _login(client, " ONBEKENDE-gebruiker ", "geheim-wachtwoord-xyz")
    text = caplog.text
    # the typed name as a keyed fingerprint (outsider, 2026-11-30: an e-mail address as user name was logged)
    vinger = app.state.tokens.vingerafdruk("Onbekende-Gebruiker")
    assert f"failed log-in for user #{vinger} from 192.0.2.44" in text
    assert text.count(f"#{vinger}") == 2  # the same name typed differently: the same fingerprint
    assert "geheim-wachtwoord-xyz" not in text
    assert "Onbekende" not in text and "123 456 782" not in text and "piet.nieuw" not in text
