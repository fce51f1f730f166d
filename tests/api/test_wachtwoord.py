"""Passwords (issue 13, finding 8; issue 15 part 5): common and breached passwords are refused, and every
user changes their own password (the current one required; every other session and token ends)."""

from __future__ import annotations

import pytest

from register.services import accounts
from tests import builders
from tests.helpers import auth, invalid_params, login, post_form, token_for

NEW = "zeilboot-over-het-ijsselmeer"


@pytest.mark.parametrize(
    "password",
    ["aaaaaaaaaaaa", "password1234", "qwertyuiop12", "welkom123456", "123456789012", "wachtwoord12"],
)
def test_common_and_patterned_passwords_are_refused(password):
    assert accounts.check_password_strength(password) is not None


def test_the_user_name_counts_as_known():
    assert accounts.check_password_strength("janjansen2026", bekend=("janjansen",)) is not None


@pytest.mark.parametrize("password", [NEW, builders.PASSWORD, "demo-wachtwoord-2026"])
def test_good_passwords_pass(password):
    assert accounts.check_password_strength(password) is None


async def test_creating_an_account_with_a_common_password_is_refused(client, db):
    admin = await builders.beheerder()
    response = await client.post(
        "/api/v1/gebruikers",
        headers=auth(admin),
        json={
            "gebruikersnaam": "nieuw",
            "wachtwoord": "password1234",
            "email": "n@voorbeeld.nl",
            "rollen": [{"rol": "auditor"}],
        },
    )
    assert response.status_code == 400
    assert "te makkelijk te raden" in invalid_params(response)["wachtwoord"]


async def test_changing_your_own_password_by_api_ends_every_other_token(client, db):
    coach = await builders.jobcoach()
    account = await builders.coach_account(coach["id"])
    other_session = auth(account)
    wrong = await client.post(
        "/api/v1/account/wachtwoord",
        headers=auth(account),
        json={"huidigWachtwoord": "niet-het-goede", "nieuwWachtwoord": NEW},
    )
    assert wrong.status_code == 400 and invalid_params(wrong) == {"huidigWachtwoord": "is niet juist"}
    weak = await client.post(
        "/api/v1/account/wachtwoord",
        headers=auth(account),
        json={"huidigWachtwoord": builders.PASSWORD, "nieuwWachtwoord": "password1234"},
    )
    assert weak.status_code == 400 and "nieuwWachtwoord" in invalid_params(weak)
    done = await client.post(
        "/api/v1/account/wachtwoord",
        headers=auth(account),
        json={"huidigWachtwoord": builders.PASSWORD, "nieuwWachtwoord": NEW},
    )
    assert done.status_code == 200, done.text
    fresh = {"Authorization": f"Bearer {done.json()['access_token']}"}
    assert (await client.get(f"/api/v1/jobcoaches/{coach['id']}", headers=fresh)).status_code == 200
    assert (await client.get(f"/api/v1/jobcoaches/{coach['id']}", headers=other_session)).status_code == 401
    old = await client.post(
        "/api/v1/token", data={"username": account["gebruikersnaam"], "password": builders.PASSWORD}
    )
    assert old.status_code == 401
    new = await client.post("/api/v1/token", data={"username": account["gebruikersnaam"], "password": NEW})
    assert new.status_code == 200


async def test_changing_your_own_password_on_the_page(client, db):
    admin = await builders.beheerder()
    login(client, admin)
    old_cookie = token_for(admin)
    page = await client.get("/account/wachtwoord")
    assert page.status_code == 200 and "Huidig wachtwoord" in page.text
    mismatch = await post_form(
        client,
        "/account/wachtwoord",
        {"huidigWachtwoord": builders.PASSWORD, "nieuwWachtwoord": NEW, "herhaling": NEW + "x"},
    )
    assert mismatch.status_code == 400 and "moet gelijk zijn aan het nieuwe wachtwoord" in mismatch.text
    done = await post_form(
        client,
        "/account/wachtwoord",
        {"huidigWachtwoord": builders.PASSWORD, "nieuwWachtwoord": NEW, "herhaling": NEW},
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/account/wachtwoord?melding=wachtwoord-gewijzigd"
    new_cookie = done.cookies.get("sessie")
    assert new_cookie and new_cookie != old_cookie
    # this browser goes on with the new cookie; the old session (another browser) is over
    assert (await client.get("/account/wachtwoord?melding=wachtwoord-gewijzigd")).status_code == 200
    client.cookies.clear()
    client.cookies.set("sessie", old_cookie)
    assert (await client.get("/account/wachtwoord")).status_code in (302, 303, 401)
