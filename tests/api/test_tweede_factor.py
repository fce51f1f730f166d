"""A second factor (issue 13, finding 8): TOTP with recovery codes, required for beheerder and auditor in the
pages (enrolled at their first log-in), optional for others; the API's password grant then needs `otp`."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest

from register import clock
from register.services import tweedefactor
from tests import builders
from tests.helpers import BASE_URL, SECRET, csrf_token

T0 = dt.datetime(2026, 11, 29, 12, 0, 5, tzinfo=dt.UTC)


@pytest.fixture
def klok(monkeypatch):
    class Klok:
        nu = T0

        def verder(self, seconds: float) -> None:
            self.nu += dt.timedelta(seconds=seconds)

        def code(self, geheim: str) -> str:
            return pyotp.TOTP(geheim).at(self.nu)

    made = Klok()
    monkeypatch.setattr(clock, "now", lambda: made.nu)
    return made


async def _page_login(client, username: str, code: str = "") -> object:
    token = await csrf_token(client)
    return await client.post(
        "/inloggen",
        data={
            "gebruikersnaam": username,
            "wachtwoord": builders.PASSWORD,
            "code": code,
            "_csrf_token": token,
        },
        follow_redirects=False,
    )


async def _enrol(client, klok) -> tuple[str, list[str]]:
    page = await client.get("/account/tweede-factor")
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.text  # the QR code
    geheim = re.search(r'<code class="geheim">([A-Z2-7 ]+)</code>', page.text).group(1).replace(" ", "")
    token = await csrf_token(client)
    wrong = await client.post("/account/tweede-factor", data={"code": "000000", "_csrf_token": token})
    assert wrong.status_code == 400 and "niet de code" in wrong.text
    done = await client.post(
        "/account/tweede-factor", data={"code": klok.code(geheim), "_csrf_token": await csrf_token(client)}
    )
    assert done.status_code == 200, done.text
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", done.text)
    assert len(codes) == tweedefactor.AANTAL_HERSTELCODES
    return geheim, codes


async def test_a_beheerder_enrols_at_the_first_log_in_and_then_needs_the_code(client, db, klok):
    admin = await builders.beheerder()
    first = await _page_login(client, admin["gebruikersnaam"])
    assert first.status_code == 303 and first.headers["location"] == "/account/tweede-factor"
    # until enrolled, every other page leads back to the enrolment, and the session is no API token
    blocked = await client.get("/beheer", follow_redirects=False)
    assert blocked.status_code == 303 and blocked.headers["location"] == "/account/tweede-factor"
    restricted = client.cookies.get("sessie")
    api = await client.get("/api/v1/gebruikers", headers={"Authorization": f"Bearer {restricted}"})
    assert api.status_code == 401
    geheim, codes = await _enrol(client, klok)
    assert (await client.get("/beheer", follow_redirects=False)).status_code == 200
    # the next log-in needs the code: without it the form asks for it, a used code is refused
    client.cookies.clear()
    without = await _page_login(client, admin["gebruikersnaam"])
    assert without.status_code == 401 and "tweede factor" in without.text
    replay = await _page_login(client, admin["gebruikersnaam"], klok.code(geheim))
    assert replay.status_code == 401  # the enrolment used this time step
    klok.verder(30)
    ok = await _page_login(client, admin["gebruikersnaam"], klok.code(geheim))
    assert ok.status_code == 303 and ok.headers["location"] == "/dashboard"
    client.cookies.clear()
    recovery = await _page_login(client, admin["gebruikersnaam"], codes[0])
    assert recovery.status_code == 303 and recovery.headers["location"] == "/dashboard"
    client.cookies.clear()
    assert (await _page_login(client, admin["gebruikersnaam"], codes[0])).status_code == 401  # used up


async def test_others_may_log_in_without_a_second_factor(client, db, klok):
    coach = await builders.jobcoach()
    account = await builders.coach_account(coach["id"])
    response = await _page_login(client, account["gebruikersnaam"])
    assert response.status_code == 303 and response.headers["location"] == "/dashboard"
    # and may switch one on
    assert (await client.get("/account/tweede-factor")).status_code == 200


async def test_the_password_grant_needs_otp_once_there_is_a_second_factor(client, db, klok):
    auditor = await builders.auditor()
    geheim = pyotp.random_base32()
    await tweedefactor.zet_aan_met_geheim(builders.BEHEER, auditor["id"], geheim)

    async def grant(**extra: str):
        data = {"username": auditor["gebruikersnaam"], "password": builders.PASSWORD, **extra}
        return await client.post("/api/v1/token", data=data)

    missing = await grant()
    assert missing.status_code == 401 and "tweede factor" in missing.json()["detail"]
    assert (await grant(otp="123456")).status_code in (401,)
    assert (await grant(otp=klok.code(geheim))).status_code == 200
    assert (await grant(otp=klok.code(geheim))).status_code == 401  # a code works once
    klok.verder(30)
    token = (await grant(otp=klok.code(geheim))).json()["access_token"]
    me = await client.get("/api/v1/toetsingen", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200


def test_a_restricted_token_is_marked_and_verifies():
    from api.tokens import TokenService

    tokens = TokenService(SECRET, BASE_URL)
    assert tokens.verify(tokens.issue("a", 1, beperkt=True)).beperkt
    assert not tokens.verify(tokens.issue("a", 1)).beperkt
