"""Issue #17 part 3: a sliding page session (renewed while the user is active, at most 12 hours after the
log-in), and a form posted after the session ended keeps its input across the log-in."""

from __future__ import annotations

import datetime as dt
import re

import time_machine

from api.tokens import MAX_SESSIE, TokenService
from register.tables import Klacht
from tests import builders
from tests.helpers import BASE_URL, SECRET, csrf_token

T = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def test_a_page_session_slides_but_never_past_twelve_hours():
    tokens = TokenService(SECRET, BASE_URL, 15)

    def at(moment: dt.datetime, token: str):
        with time_machine.travel(moment, tick=False):
            return tokens.verify(token)

    first = at(T, tokens.issue("a", 1, T))
    assert first.begin == T and first.verloopt_op == T + dt.timedelta(minutes=15)
    assert tokens.renew(first, T + dt.timedelta(seconds=30)) is None  # not more than once a minute

    later = T + dt.timedelta(minutes=10)
    renewed = at(later, tokens.renew(first, later))
    assert renewed.begin == T  # the same session
    assert renewed.verloopt_op == T + dt.timedelta(minutes=25)
    assert renewed.jti != first.jti

    near_end = T + dt.timedelta(hours=11, minutes=50)
    late = at(near_end, tokens.issue("a", 1, near_end, begin=T))
    assert late.verloopt_op == T + MAX_SESSIE  # capped: 10 minutes left, not 15
    assert tokens.renew(late, near_end + dt.timedelta(minutes=5)) is None  # runs to the end already
    restricted = at(T, tokens.issue("a", 1, T, beperkt=True))
    assert tokens.renew(restricted, T + dt.timedelta(minutes=5)) is None


async def test_an_active_user_gets_a_renewed_cookie_and_old_forms_still_post(client, app):
    account = await builders.gemeente_account("GM0599", name="sliding")
    tokens: TokenService = app.state.tokens
    old = tokens.issue(account["id"], 1, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
    client.cookies.set("sessie", old)
    shown = await client.get("/account/wachtwoord")  # a form loaded with the old cookie
    assert shown.status_code == 200
    form_token = re.search(r'name="_csrf_token" value="([^"]+)"', shown.text).group(1)
    cookie = next((c for c in shown.headers.get_list("set-cookie") if c.startswith("sessie=")), "")
    assert cookie.startswith("sessie=") and "HttpOnly" in cookie and "Max-Age=" in cookie
    renewed = re.match(r"sessie=([^;]+)", cookie).group(1)
    assert tokens.verify(renewed).begin == tokens.verify(old).begin
    assert re.search(r'<meta name="sessie-einde" content="[^"]+"', shown.text)

    client.cookies.set("sessie", renewed)
    posted = await client.post(
        "/account/wachtwoord", data={"_csrf_token": form_token, "huidig": "fout"}, follow_redirects=False
    )
    assert posted.status_code != 403  # the form from before the renewal is still good (a 400: wrong input)

    ask = await client.get("/sessie")
    assert ask.status_code == 200 and ask.json()["einde"]

    # the API's Bearer tokens do not slide
    api = await client.get("/api/v1/account", headers={"Authorization": f"Bearer {old}"})
    assert not any(c.startswith("sessie=") for c in api.headers.get_list("set-cookie"))


def altered(sealed: str) -> str:
    """The seal with one character of its nonce changed, always to a different one. (Replacing the first
    character by a fixed "A" left one seal in 64 unchanged: its random nonce starts with six zero bits,
    and then the "altered" seal was the real one and the log-in led back to the form.)"""
    i = 4  # inside the nonce, whose every bit counts (no base64 padding bits)
    return sealed[:i] + ("B" if sealed[i] == "A" else "A") + sealed[i + 1 :]


def test_an_altered_seal_always_differs():
    for sealed in ("AAAAAAAA", "BBBBBBBB", "abcdAfgh"):
        assert altered(sealed) != sealed and len(altered(sealed)) == len(sealed)


async def test_a_form_posted_after_the_session_ended_leads_back_with_its_input(client, app):
    account = await builders.gemeente_account("GM0599", name="vergeetachtig")
    client.cookies.set("sessie", app.state.tokens.issue(account["id"], 1))
    form_token = await csrf_token(client)
    client.cookies.delete("sessie")  # the session ended

    posted = await client.post(
        "/account/wachtwoord",
        data={"_csrf_token": form_token, "huidig": "x", "nieuw": "Mijn nieuwe zin"},
        headers={"Referer": f"{BASE_URL}/account/wachtwoord"},
        follow_redirects=False,
    )
    assert posted.status_code == 401
    assert "Uw sessie was verlopen" in posted.text and "Mijn nieuwe zin" not in posted.text  # sealed
    sealed = re.search(r'name="bewaard" value="([^"]+)"', posted.text).group(1)
    login_token = re.search(r'name="_csrf_token" value="([^"]+)"', posted.text).group(1)

    logged_in = await client.post(
        "/inloggen",
        data={
            "_csrf_token": login_token,
            "gebruikersnaam": "vergeetachtig",
            "wachtwoord": builders.PASSWORD,
            "bewaard": sealed,
        },
        follow_redirects=False,
    )
    assert logged_in.status_code == 303
    assert logged_in.headers["location"] == "/account/wachtwoord?melding=invoer-teruggezet"
    back = await client.get(logged_in.headers["location"])
    assert "Wat u had ingevuld staat weer in het formulier" in back.text
    assert '"nieuw": ["Mijn nieuwe zin"]' in back.text or '"nieuw":["Mijn nieuwe zin"]' in back.text
    again = await client.get("/account/wachtwoord")
    assert "bewaarde-invoer" not in again.text  # handed over once

    # an altered seal is ignored: an ordinary log-in
    client.cookies.clear()
    token = await csrf_token(client)
    plain = await client.post(
        "/inloggen",
        data={
            "_csrf_token": token,
            "gebruikersnaam": "vergeetachtig",
            "wachtwoord": builders.PASSWORD,
            "bewaard": altered(sealed),
        },
        follow_redirects=False,
    )
    assert plain.headers["location"] == "/dashboard"


async def test_kept_input_is_rendered_into_the_form_without_javascript(client, app):
    """The page the log-in leads back to carries the kept input in its form fields as the server
    rendered them (the test client runs no JavaScript)."""
    org = await builders.organisatie()
    account = await builders.org_account(org["id"], name="org-vergeetachtig")
    client.cookies.set("sessie", app.state.tokens.issue(account["id"], 1))
    url = f"/organisatie/{org['id']}/klachten"
    shown = await client.get(url)
    form_token = re.search(r'name="_csrf_token" value="([^"]+)"', shown.text).group(1)
    client.cookies.delete("sessie")  # the session ended while the form was open

    posted = await client.post(
        url,
        data={
            "_csrf_token": form_token,
            "ontvangenOp": "2026-01-05",
            "onderwerp": "Gesprek <te laat> afgezegd",
            "categorie": "afspraken",
            "jobcoach": "",
        },
        headers={"Referer": f"{BASE_URL}{url}"},
        follow_redirects=False,
    )
    assert posted.status_code == 401
    sealed = re.search(r'name="bewaard" value="([^"]+)"', posted.text).group(1)
    login_token = re.search(r'name="_csrf_token" value="([^"]+)"', posted.text).group(1)
    logged_in = await client.post(
        "/inloggen",
        data={
            "_csrf_token": login_token,
            "gebruikersnaam": "org-vergeetachtig",
            "wachtwoord": builders.PASSWORD,
            "bewaard": sealed,
        },
        follow_redirects=False,
    )
    assert logged_in.headers["location"] == f"{url}?melding=invoer-teruggezet"
    back = (await client.get(logged_in.headers["location"])).text
    form = back.split(f'action="{url}"')[1].split("</form>")[0]
    assert 'value="2026-01-05"' in form
    assert ">Gesprek &lt;te laat&gt; afgezegd</textarea>" in form  # escaped, in the field itself
    assert '<option value="afspraken" selected>' in form
    assert await Klacht.count() == 0  # nothing was sent on the user's behalf
    again = (await client.get(url)).text.split(f'action="{url}"')[1].split("</form>")[0]
    assert "Gesprek" not in again  # handed over once
