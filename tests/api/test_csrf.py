"""CSRF bound to the session and rotated at log-in (issue 13, finding 9)."""

from __future__ import annotations

import re

from tests import builders
from tests.helpers import csrf_token, login


def _form_token(html: str) -> str:
    return re.search(r'name="_csrf_token" value="([^"]+)"', html).group(1)


async def test_the_token_from_before_the_log_in_is_useless_after_it(client, db):
    admin = await builders.beheerder()
    form = await client.get("/inloggen")
    before = _form_token(form.text)
    old_cookie = client.cookies.get("csrftoken")
    response = await client.post(
        "/inloggen",
        data={
            "gebruikersnaam": admin["gebruikersnaam"],
            "wachtwoord": builders.PASSWORD,
            "_csrf_token": before,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    removed = [c for c in response.headers.get_list("set-cookie") if c.startswith("csrftoken=")]
    assert removed and "max-age=0" in removed[0].lower()  # rotated: the old cookie goes
    # even with the old cookie put back, the old token does not fit the new session
    client.cookies.set("csrftoken", old_cookie)
    replay = await client.post("/uitloggen", data={"_csrf_token": before}, follow_redirects=False)
    assert replay.status_code == 403
    # the next page gives a token for this session, which works
    client.cookies.delete("csrftoken")
    fresh = await csrf_token(client)
    assert fresh != before
    out = await client.post("/uitloggen", data={"_csrf_token": fresh}, follow_redirects=False)
    assert out.status_code == 303


async def test_a_token_of_one_session_is_refused_in_another(client, db):
    first = await builders.beheerder()
    second = await builders.beheerder()
    login(client, first)
    token = await csrf_token(client)
    cookie = client.cookies.get("csrftoken")
    login(client, second)  # another session in the same browser, with the first session's CSRF pair
    client.cookies.set("csrftoken", cookie)
    response = await client.post("/uitloggen", data={"_csrf_token": token}, follow_redirects=False)
    assert response.status_code == 403


async def test_a_missing_or_forged_token_is_refused(client, db):
    admin = await builders.beheerder()
    login(client, admin)
    await csrf_token(client)
    assert (await client.post("/uitloggen", data={}, follow_redirects=False)).status_code == 403
    forged = "a" * 64 + "b" * 64
    response = await client.post("/uitloggen", data={"_csrf_token": forged}, follow_redirects=False)
    assert response.status_code == 403
