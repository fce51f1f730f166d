"""E-mail (issue 15) against a real SMTP server started by the test (aiosmtpd): an invitation arrives and
its link sets a password; a reset link works once; the answer to "wachtwoord vergeten" says nothing about
whether the account exists; without SMTP the e-mail is an .eml the beheerder reads."""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest
import time_machine

from api import mail, worker
from register.tables import Bericht, Linktoken
from tests import builders
from tests.helpers import auth, free_port, link_in, login, post_form, smtp_server

AFZENDER = "Kwaliteitsregister <noreply@register.test>"


@pytest.fixture
def smtp():
    with smtp_server() as server:
        yield server


async def deliver(settings, url: str) -> tuple[int, int, int]:
    bezorger = mail.SmtpBezorger(url, settings.base_url, AFZENDER)
    return await worker.bezorg({"email": bezorger})


async def set_password(client: httpx.AsyncClient, link: str, wachtwoord: str) -> httpx.Response:
    return await post_form(client, link, {"wachtwoord": wachtwoord, "herhaling": wachtwoord})


async def can_log_in(client: httpx.AsyncClient, gebruikersnaam: str, wachtwoord: str) -> bool:
    response = await post_form(client, "/inloggen", {"gebruikersnaam": gebruikersnaam, "wachtwoord": wachtwoord})
    return response.status_code == 303


async def test_an_invitation_arrives_and_its_link_sets_the_password(db, client, settings, smtp):
    inbox, url = smtp
    beheerder = await builders.beheerder()
    response = await client.post(
        "/api/v1/gebruikers",
        json={"gebruikersnaam": "nieuwe-auditor", "email": "auditor@voorbeeld.nl", "rollen": [{"rol": "auditor"}]},
        headers=auth(beheerder),
    )
    assert response.status_code == 201, response.text
    assert not await can_log_in(client, "nieuwe-auditor", "")
    token_rows = await Linktoken.select()
    assert len(token_rows) == 1 and token_rows[0]["soort"] == "uitnodiging"
    assert await deliver(settings, url) == (1, 0, 0)
    [message] = inbox.messages
    assert message["To"] == "auditor@voorbeeld.nl" and "Uitnodiging" in message["Subject"]
    assert message.get_body(preferencelist=("html",)) is not None
    link = link_in(message)
    token = link.rsplit("/", 1)[1]
    assert token not in str(token_rows[0]) and token not in str(await Bericht.select())  # only a hash kept
    assert (await client.get(link)).status_code == 200
    response = await set_password(client, link, "een-eigen-wachtwoord-2026")
    assert response.status_code == 303 and "wachtwoord-ingesteld" in response.headers["location"]
    client.cookies.clear()
    assert await can_log_in(client, "nieuwe-auditor", "een-eigen-wachtwoord-2026")


async def test_an_invitation_expires_after_72_hours(db, client, settings, smtp):
    inbox, url = smtp
    beheerder = await builders.beheerder()
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        await client.post(
            "/api/v1/gebruikers",
            json={"gebruikersnaam": "laatkomer", "email": "laat@voorbeeld.nl", "rollen": [{"rol": "auditor"}]},
            headers=auth(beheerder),
        )
        await deliver(settings, url)
        traveller.shift(dt.timedelta(hours=72, seconds=1))
        response = await set_password(client, link_in(inbox.messages[0]), "een-eigen-wachtwoord-2026")
    assert response.status_code == 400 and "verlopen of al gebruikt" in response.text


async def test_a_reset_link_works_once_and_the_answer_never_tells(db, client, settings, smtp):
    inbox, url = smtp
    account = await builders.auditor(name="vergeetachtig")
    from register.tables import Account

    await Account.update({Account.email: "vergeet@voorbeeld.nl"}).where(Account.id == account["id"])
    known = await post_form(client, "/wachtwoord-vergeten", {"email": "Vergeet@voorbeeld.nl"})
    unknown = await post_form(client, "/wachtwoord-vergeten", {"email": "niemand@voorbeeld.nl"})
    assert known.status_code == unknown.status_code == 200
    strip = re.compile(r'name="_csrf_token" value="[^"]+"')
    assert strip.sub("", known.text) == strip.sub("", unknown.text)
    assert await deliver(settings, url) == (1, 0, 0)
    [message] = inbox.messages
    assert message["To"] == "vergeet@voorbeeld.nl"
    link = link_in(message)
    assert (await set_password(client, link, "nieuw-wachtwoord-na-herstel")).status_code == 303
    again = await set_password(client, link, "nog-een-ander-wachtwoord")
    assert again.status_code == 400 and "verlopen of al gebruikt" in again.text
    client.cookies.clear()
    assert await can_log_in(client, "vergeetachtig", "nieuw-wachtwoord-na-herstel")
    assert not await can_log_in(client, "vergeetachtig", "nog-een-ander-wachtwoord")


async def test_a_reset_link_lasts_one_hour_and_a_weak_password_keeps_it(db, client, settings, smtp):
    inbox, url = smtp
    account = await builders.auditor(name="eenuur")
    from register.tables import Account

    await Account.update({Account.email: "uur@voorbeeld.nl"}).where(Account.id == account["id"])
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        await post_form(client, "/wachtwoord-vergeten", {"email": "uur@voorbeeld.nl"})
        await deliver(settings, url)
        link = link_in(inbox.messages[0])
        weak = await set_password(client, link, "kort")
        assert weak.status_code == 400 and "minstens 12 tekens" in weak.text
        traveller.shift(dt.timedelta(hours=1, seconds=1))
        late = await set_password(client, link, "lang-genoeg-wachtwoord")
    assert late.status_code == 400 and "verlopen of al gebruikt" in late.text


async def test_an_unreachable_smtp_server_is_retried(db, settings):
    account = await builders.beheerder()
    from register.services import accounts, uitnodigingen

    rollen = [accounts.RolInvoer(rol="auditor")]
    await uitnodigingen.invite(builders.actor_for(account), "wacht-op-smtp", "w@voorbeeld.nl", rollen)
    url = f"smtp://127.0.0.1:{free_port()}"  # nobody listens
    assert await deliver(settings, url) == (0, 1, 0)
    row = await Bericht.select().first()
    assert row["status"] == "wachtend" and row["laatste_fout"]


async def test_without_smtp_the_beheerder_reads_the_eml(db, client, settings, tmp_path):
    beheerder = await builders.beheerder()
    response = await client.post(
        "/api/v1/gebruikers",
        json={"gebruikersnaam": "offline-coach", "email": "offline@voorbeeld.nl", "rollen": [{"rol": "auditor"}]},
        headers=auth(beheerder),
    )
    assert response.status_code == 201
    bezorger = mail.EmlBezorger(settings.eml_map, settings.base_url, AFZENDER)
    assert await worker.bezorg({"email": bezorger}) == (1, 0, 0)
    row = await Bericht.select().first()
    assert "geheim" not in row["inhoud"]  # the sealed token is dropped once sent
    login(client, beheerder)
    page = (await client.get("/beheer/berichten")).text
    naam = f"{row['id']}.eml"
    assert naam in page and "offline@voorbeeld.nl" in page
    eml = await client.get(f"/beheer/berichten/eml/{naam}")
    assert eml.status_code == 200 and "/wachtwoord/instellen/" in eml.text
    assert (await client.get("/beheer/berichten/eml/..%2Fsecret_key")).status_code == 404


async def test_a_new_link_for_an_account_ends_every_earlier_unused_one(db, client, settings, smtp):
    inbox, url = smtp
    beheerder = await builders.beheerder()
    response = await client.post(
        "/api/v1/gebruikers",
        json={"gebruikersnaam": "twee-links", "email": "links@voorbeeld.nl", "rollen": [{"rol": "auditor"}]},
        headers=auth(beheerder),
    )
    assert response.status_code == 201, response.text
    assert await deliver(settings, url) == (1, 0, 0)  # one by one: the inbox keeps their order
    for _ in range(2):
        await post_form(client, "/wachtwoord-vergeten", {"email": "links@voorbeeld.nl"})
        assert await deliver(settings, url) == (1, 0, 0)
    uitnodiging, eerste_herstel, tweede_herstel = (link_in(m) for m in inbox.messages)
    for oud in (uitnodiging, eerste_herstel):
        refused = await set_password(client, oud, "een-lang-genoeg-wachtwoord")
        assert refused.status_code == 400 and "verlopen of al gebruikt" in refused.text
    assert (await set_password(client, tweede_herstel, "het-nieuwste-wachtwoord-telt")).status_code == 303
    client.cookies.clear()
    assert await can_log_in(client, "twee-links", "het-nieuwste-wachtwoord-telt")
