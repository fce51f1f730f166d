"""An organisation invites its coaches (issue 15, point 3), against a real SMTP server (aiosmtpd): a coach it
employs now gets the invitation at the coach's own address and its link sets a password once; a new coach is
registered with a proposed dienstverband the coach confirms after logging in. An organisation never obtains
an account for another organisation's coach, for a coach it only proposed, or for any role but jobcoach."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from api import mail, worker
from audits.tables import AuditlogRegel
from register.tables import Account, AccountRol, Bericht, Dienstverband, Jobcoach, Linktoken
from tests import builders
from tests.helpers import auth, invalid_params, link_in, login, post_form, smtp_server

AFZENDER = "Kwaliteitsregister <noreply@register.test>"
WACHTWOORD = "een-eigen-coachwachtwoord-2026"


@pytest.fixture
def smtp():
    with smtp_server() as server:
        yield server


async def deliver(settings, url: str) -> tuple[int, int, int]:
    return await worker.bezorg({"email": mail.SmtpBezorger(url, settings.base_url, AFZENDER)})


async def set_password(client: httpx.AsyncClient, link: str) -> httpx.Response:
    return await post_form(client, link, {"wachtwoord": WACHTWOORD, "herhaling": WACHTWOORD})


async def can_log_in(client: httpx.AsyncClient, gebruikersnaam: str) -> bool:
    client.cookies.clear()
    response = await post_form(client, "/inloggen", {"gebruikersnaam": gebruikersnaam, "wachtwoord": WACHTWOORD})
    return response.status_code == 303


async def werkgever_met_coach(**coach) -> tuple[dict, dict, dict]:
    """An organisation, its account, and a coach with a confirmed dienstverband in force today."""
    org = await builders.organisatie()
    coach = await builders.jobcoach(status="actief", **coach)
    await builders.dienstverband(coach["id"], org["id"])
    return org, await builders.org_account(org["id"]), coach


async def nothing_written() -> None:
    assert await Linktoken.count() == 0
    assert await Bericht.count() == 0
    assert await AccountRol.count().where(AccountRol.rol == "jobcoach") == 0


async def test_an_employed_coach_gets_the_invitation_at_the_own_address(db, client, settings, smtp):
    inbox, url = smtp
    org, org_account, coach = await werkgever_met_coach(email="sanne@coach.nl")
    response = await client.post(
        f"/api/v1/organisaties/{org['id']}/uitnodigingen", json={"jobcoach": coach["id"]}, headers=auth(org_account)
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["jobcoach"] == coach["id"] and body["gebruikersnaam"] == coach["registratienummer"].lower()
    assert body["dienstverband"] is None and body["geldigTot"].endswith("Z")
    rollen = await AccountRol.select().where(AccountRol.account == body["account"])
    assert [(r["rol"], str(r["jobcoach"]), r["organisatie"]) for r in rollen] == [("jobcoach", coach["id"], None)]
    acties = await AuditlogRegel.select(AuditlogRegel.actie).where(
        (AuditlogRegel.objecttype == "account") & (AuditlogRegel.object_id == body["account"])
    )
    assert sorted(r["actie"] for r in acties) == ["create", "uitnodigen"]

    assert await deliver(settings, url) == (1, 0, 0)
    [message] = inbox.messages
    assert message["To"] == "sanne@coach.nl" and "Uitnodiging" in message["Subject"]
    link = link_in(message)
    assert (await set_password(client, link)).status_code == 303
    again = await set_password(client, link)
    assert again.status_code == 400 and "verlopen of al gebruikt" in again.text
    assert await can_log_in(client, body["gebruikersnaam"])

    # a second invitation of a coach with an account: refused, nothing sent
    response = await client.post(
        f"/api/v1/organisaties/{org['id']}/uitnodigingen", json={"jobcoach": coach["id"]}, headers=auth(org_account)
    )
    assert response.status_code == 409 and "al een account" in response.json()["detail"]


async def test_never_another_organisations_coach_nor_a_mere_proposal(db, client):
    org, org_account, _ = await werkgever_met_coach()
    andere_org = await builders.organisatie()
    van_een_ander = await builders.jobcoach(status="actief")
    await builders.dienstverband(van_een_ander["id"], andere_org["id"])
    voorgesteld = await builders.jobcoach(status="actief")
    await builders.dienstverband(voorgesteld["id"], org["id"], bevestigd=False)
    vertrokken = await builders.jobcoach(status="actief")
    await builders.dienstverband(vertrokken["id"], org["id"], builders.days_ago(400), builders.days_ago(1))
    pad = f"/api/v1/organisaties/{org['id']}/uitnodigingen"
    for coach_id in (van_een_ander["id"], voorgesteld["id"], vertrokken["id"], "geen-id"):
        response = await client.post(pad, json={"jobcoach": coach_id}, headers=auth(org_account))
        assert response.status_code == 400, response.text
        assert "bevestigd dienstverband" in invalid_params(response)["jobcoach"]
    # another organisation's path, another role, extra roles in the body
    response = await client.post(
        f"/api/v1/organisaties/{andere_org['id']}/uitnodigingen",
        json={"jobcoach": van_een_ander["id"]},
        headers=auth(org_account),
    )
    assert response.status_code == 403
    response = await client.post(
        pad, json={"jobcoach": van_een_ander["id"], "rollen": [{"rol": "beheerder"}]}, headers=auth(org_account)
    )
    assert response.status_code == 400 and "rollen" in invalid_params(response)
    beheerder = await builders.beheerder()
    response = await client.post(pad, json={"jobcoach": voorgesteld["id"]}, headers=auth(beheerder))
    assert response.status_code == 403
    await nothing_written()


async def test_the_body_names_one_coach_and_a_dienstverband_only_for_a_new_one(db, client):
    org, org_account, coach = await werkgever_met_coach()
    pad = f"/api/v1/organisaties/{org['id']}/uitnodigingen"
    response = await client.post(pad, json={}, headers=auth(org_account))
    assert response.status_code == 400 and "is verplicht" in invalid_params(response)["jobcoach"]
    nieuw = {"voornaam": "Ada", "achternaam": "Bakker", "email": "ada@coach.nl"}
    response = await client.post(pad, json={"nieuweJobcoach": nieuw}, headers=auth(org_account))
    assert response.status_code == 400 and "dienstverband" in invalid_params(response)
    response = await client.post(
        pad,
        json={"jobcoach": coach["id"], "dienstverband": {"van": "2026-01-01", "soort": "zzp"}},
        headers=auth(org_account),
    )
    assert response.status_code == 400 and "dienstverband" in invalid_params(response)
    await nothing_written()
    assert await Jobcoach.count() == 1


async def test_a_new_coach_is_registered_invited_and_confirms_the_dienstverband(db, client, settings, smtp):
    inbox, url = smtp
    org = await builders.organisatie()
    org_account = await builders.org_account(org["id"])
    login(client, org_account)
    pagina = f"/organisatie/{org['id']}/jobcoaches"
    form = {"voornaam": "Fatma", "tussenvoegsel": "van der", "achternaam": "Yilmaz", "email": "fatma@coach.nl"}
    # a bad date: the page again with the input kept and the field named, nothing written
    response = await post_form(
        client, f"/organisatie/{org['id']}/uitnodigingen", {**form, "soort": "in-dienst", "van": "2026-02-30"}
    )
    assert response.status_code == 400 and 'value="fatma@coach.nl"' in response.text
    assert "Van:" in response.text
    assert await Jobcoach.count() == 0 and await Bericht.count() == 0

    vandaag = dt.date.today().isoformat()
    response = await post_form(
        client, f"/organisatie/{org['id']}/uitnodigingen", {**form, "soort": "in-dienst", "van": vandaag}
    )
    assert response.status_code == 303 and "nieuwe-coach-uitgenodigd" in response.headers["location"]
    coach = await Jobcoach.select().first()
    assert (coach["voornaam"], coach["tussenvoegsel"], coach["status"]) == ("Fatma", "van der", "aangemeld")
    dv = await Dienstverband.select().first()
    assert (dv["status"], dv["voorgesteld_door"]) == ("voorgesteld", "organisatie")
    lijst = await client.get(pagina)
    assert "wacht op de jobcoach" in lijst.text and "Opnieuw uitnodigen" not in lijst.text  # not employed yet

    assert await deliver(settings, url) == (1, 0, 0)
    [message] = inbox.messages
    assert message["To"] == "fatma@coach.nl"
    client.cookies.clear()
    assert (await set_password(client, link_in(message))).status_code == 303
    assert await can_log_in(client, coach["registratienummer"].lower())
    overzicht = await client.get(f"/jobcoach/{coach['id']}")
    assert overzicht.status_code == 200
    bevestigd = await post_form(client, f"/jobcoach/{coach['id']}/dienstverbanden/{dv['id']}/bevestigen", {})
    assert bevestigd.status_code == 303
    assert (await Dienstverband.select().first())["status"] == "bevestigd"

    # the organisation now sees the coach has an account: no invitation button
    client.cookies.clear()
    login(client, org_account)
    lijst = await client.get(pagina)
    assert "Heeft een account" in lijst.text and "Uitnodigen voor een account" not in lijst.text


async def test_the_list_invites_an_employed_coach_and_a_refusal_is_shown(db, client, settings, smtp):
    inbox, url = smtp
    org, org_account, coach = await werkgever_met_coach(email="kees@coach.nl")
    login(client, org_account)
    lijst = await client.get(f"/organisatie/{org['id']}/jobcoaches")
    assert f'action="/organisatie/{org["id"]}/jobcoaches/{coach["id"]}/uitnodiging"' in lijst.text
    response = await post_form(client, f"/organisatie/{org['id']}/jobcoaches/{coach['id']}/uitnodiging", {})
    assert response.status_code == 303 and "coach-uitgenodigd" in response.headers["location"]
    assert "Opnieuw uitnodigen" in (await client.get(f"/organisatie/{org['id']}/jobcoaches")).text
    # the link expired unused: a new one goes to the same account, still at the coach's own address
    response = await post_form(client, f"/organisatie/{org['id']}/jobcoaches/{coach['id']}/uitnodiging", {})
    assert response.status_code == 303
    assert await Account.count() == 1 + 1  # the organisation's account and the coach's one
    assert await deliver(settings, url) == (2, 0, 0)
    assert [m["To"] for m in inbox.messages] == ["kees@coach.nl", "kees@coach.nl"]

    andere = await builders.jobcoach(status="actief")
    await builders.dienstverband(andere["id"], (await builders.organisatie())["id"])
    response = await post_form(client, f"/organisatie/{org['id']}/jobcoaches/{andere['id']}/uitnodiging", {})
    assert response.status_code == 400
    assert "De jobcoach is niet uitgenodigd: is geen jobcoach met een bevestigd dienstverband" in response.text


async def test_a_new_coach_with_an_address_of_a_coach_in_the_register_is_refused_without_naming_that_coach(
    db, client
):
    await builders.gemeente("GM0599")
    elders = await builders.organisatie(naam="Elders Jobcoaching")
    eva = await builders.jobcoach(status="actief", voornaam="Eva", achternaam="Jansen", email="eva@voorbeeld.nl")
    await builders.dienstverband(eva["id"], elders["id"])
    werkfit = await builders.organisatie()
    org_account = await builders.org_account(werkfit["id"])
    nieuw = {"voornaam": "Eva", "achternaam": "Jansen", "email": "Eva@Voorbeeld.NL", "werkgebied": ["GM0599"]}
    response = await client.post(
        f"/api/v1/organisaties/{werkfit['id']}/uitnodigingen",
        json={"nieuweJobcoach": nieuw, "dienstverband": {"soort": "in-dienst", "van": dt.date.today().isoformat()}},
        headers=auth(org_account),
    )
    assert response.status_code == 409, response.text
    reden = invalid_params(response)["nieuweJobcoach.email"]
    assert "al een jobcoach met dit e-mailadres" in reden and "registratienummer" in reden
    for geheim in ("Jansen", "Elders", eva["registratienummer"], eva["id"]):
        assert geheim not in response.text
    assert await Jobcoach.count() == 1 and await Dienstverband.count() == 1
    await nothing_written()

    # the page shows the refusal at the e-mail field, input kept
    login(client, org_account)
    response = await post_form(
        client,
        f"/organisatie/{werkfit['id']}/uitnodigingen",
        {
            "voornaam": "E",
            "achternaam": "de Wit",
            "email": "eva@voorbeeld.nl",
            "soort": "in-dienst",
            "van": dt.date.today().isoformat(),
        },
    )
    assert response.status_code == 409
    assert "al een jobcoach met dit e-mailadres" in response.text and 'value="eva@voorbeeld.nl"' in response.text
    assert "Jansen" not in response.text and "Elders" not in response.text
    assert await Jobcoach.count() == 1
    await nothing_written()


async def test_only_the_newest_invitation_link_works_and_the_mail_names_the_organisation(
    db, client, settings, smtp
):
    inbox, url = smtp
    org, org_account, coach = await werkgever_met_coach(email="kees@coach.nl")
    pad = f"/api/v1/organisaties/{org['id']}/uitnodigingen"
    for _ in range(2):  # delivered one by one: the inbox keeps their order
        response = await client.post(pad, json={"jobcoach": coach["id"]}, headers=auth(org_account))
        assert response.status_code == 201, response.text
        assert await deliver(settings, url) == (1, 0, 0)
    eerste, tweede = inbox.messages
    for message in (eerste, tweede):
        assert f"{org['naam']} heeft u uitgenodigd" in message.get_body(preferencelist=("plain",)).get_content()
        assert f"{org['naam']} heeft u uitgenodigd" in message.get_body(preferencelist=("html",)).get_content()
    oud = await set_password(client, link_in(eerste))
    assert oud.status_code == 400 and "verlopen of al gebruikt" in oud.text
    assert (await set_password(client, link_in(tweede))).status_code == 303
    assert await can_log_in(client, response.json()["gebruikersnaam"])
