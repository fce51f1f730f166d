"""Aanmelden (issue 15): a coach applies on the public page, confirms the e-mail address with a single-use
link that sets the password, is `aangemeld`, and the beheerder admits or refuses with a reason (audit log).
The form answers the same for a known address, names the field it refuses, and is throttled per client,
like "wachtwoord vergeten"."""

from __future__ import annotations

import datetime as dt
import email
import re

import httpx
import time_machine

from api import mail, worker
from audits.tables import AuditlogRegel, Inzagelog
from register.services import jobcoaches, retentie
from register.tables import Aanmelding, Account, AccountRol, Bericht, Jobcoach, Statuswijziging
from tests import builders
from tests.helpers import inline_error, link_in, login, post_form

AFZENDER = "Kwaliteitsregister <noreply@register.test>"
WACHTWOORD = "mijn-eigen-jobcoachwachtwoord-2026"


def aanvraag(**overrides) -> dict:
    return {
        "voornaam": "Fatma",
        "tussenvoegsel": "van der",
        "achternaam": "Yilmaz",
        "email": "Fatma.Yilmaz@voorbeeld.nl",
        "werkgebied": ["GM0599"],
        "toestemming": "true",
        **overrides,
    }


async def bezorg_eml(settings) -> list[email.message.EmailMessage]:
    """Deliver what the outbox holds as .eml files and read the new ones back."""
    eerder = set(settings.eml_map.glob("*.eml"))
    await worker.bezorg({"email": mail.EmlBezorger(settings.eml_map, settings.base_url, AFZENDER)})
    return [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
        for p in sorted(set(settings.eml_map.glob("*.eml")) - eerder)
    ]


async def set_password(client: httpx.AsyncClient, link: str) -> httpx.Response:
    return await post_form(client, link, {"wachtwoord": WACHTWOORD, "herhaling": WACHTWOORD})


async def acties(objecttype: str) -> list[str]:
    rows = await AuditlogRegel.select(AuditlogRegel.actie).where(AuditlogRegel.objecttype == objecttype)
    return [r["actie"] for r in rows]


async def test_apply_confirm_and_admit(db, client, settings):
    await builders.gemeente()
    form = await client.get("/aanmelden")
    assert form.status_code == 200 and 'href="/privacy"' in form.text
    response = await post_form(client, "/aanmelden", aanvraag())
    assert response.status_code == 200 and "72 uur geldig" in response.text
    assert await Jobcoach.count() == 0  # no record before the address is confirmed
    [message] = await bezorg_eml(settings)
    assert message["To"] == "Fatma.Yilmaz@voorbeeld.nl" and "aanmelding" in message["Subject"].lower()
    link = link_in(message)
    assert (await client.get(link)).status_code == 200

    gezet = await set_password(client, link)
    assert gezet.status_code == 303, gezet.text[-3000:]
    [coach] = await Jobcoach.select()
    assert coach["status"] == "aangemeld" and coach["achternaam"] == "Yilmaz"
    account = await Account.select().where(Account.gebruikersnaam == "fatma.yilmaz@voorbeeld.nl").first()
    rol = await AccountRol.select().where(AccountRol.account == account["id"]).first()
    assert rol["rol"] == "jobcoach" and rol["jobcoach"] == coach["id"]
    again = await set_password(client, link)
    assert again.status_code == 400 and "verlopen of al gebruikt" in again.text
    assert await Jobcoach.count() == 1
    inloggen = await post_form(
        client, "/inloggen", {"gebruikersnaam": "fatma.yilmaz@voorbeeld.nl", "wachtwoord": WACHTWOORD}
    )
    assert inloggen.status_code == 303

    beheerder = await builders.beheerder()
    login(client, beheerder)
    lijst = await client.get("/beheer/aanmeldingen")
    assert lijst.status_code == 200 and "Fatma van der Yilmaz" in lijst.text
    # the beheerder's read of the applicant's name and address is in the access log
    [inzage] = await Inzagelog.select().where(Inzagelog.doel == "aanmeldingen beoordelen")
    assert inzage["jobcoach"] == coach["id"] and inzage["account"] == str(beheerder["id"])
    [aanmelding] = await Aanmelding.select()
    zonder_reden = await post_form(
        client, f"/beheer/aanmeldingen/{aanmelding['id']}/besluit", {"besluit": "toelaten", "reden": ""}
    )
    assert zonder_reden.status_code == 400 and "Reden: is verplicht" in zonder_reden.text
    # the standard error summary with a link to the field, the field marked and the choice kept
    # (outsider: an empty decision gave one plain pink line)
    veld = f"veld-aanmelding-{aanmelding['id']}-reden"
    assert 'class="alert alert-error error-summary"' in zonder_reden.text
    assert f'href="#{veld}"' in zonder_reden.text
    assert inline_error(zonder_reden.text, veld) == "is verplicht"
    assert re.search(r'value="toelaten" checked', zonder_reden.text)
    leeg = await post_form(client, f"/beheer/aanmeldingen/{aanmelding['id']}/besluit", {})
    assert (
        leeg.status_code == 400
        and "Besluit: is verplicht" in leeg.text
        and "Reden: is verplicht" in leeg.text
    )
    assert inline_error(leeg.text, f"veld-aanmelding-{aanmelding['id']}-besluit") == "is verplicht"
    assert (await Jobcoach.select(Jobcoach.status).first())["status"] == "aangemeld"
    besluit = await post_form(
        client,
        f"/beheer/aanmeldingen/{aanmelding['id']}/besluit",
        {"besluit": "toelaten", "reden": "Diploma en VOG in orde"},
    )
    assert besluit.status_code == 303
    assert (await Jobcoach.select(Jobcoach.status).first())["status"] == "actief"
    laatste = await Statuswijziging.select().order_by(Statuswijziging.vanaf, ascending=False).first()
    assert laatste["status"] == "actief" and laatste["reden"] == "Diploma en VOG in orde"
    assert await acties("aanmelding") == ["aanmelden", "aanmelding-bevestigd", "aanmelding-besluit"]
    assert "status" in await acties("jobcoach")
    assert "Fatma" not in (await client.get("/beheer/aanmeldingen")).text  # decided: off the list


async def test_refusing_switches_the_account_off(db, client, settings):
    await builders.gemeente()
    await post_form(client, "/aanmelden", aanvraag(email="weiger@voorbeeld.nl"))
    [message] = await bezorg_eml(settings)
    assert (await set_password(client, link_in(message))).status_code == 303
    login(client, await builders.beheerder())
    [aanmelding] = await Aanmelding.select()
    besluit = await post_form(
        client,
        f"/beheer/aanmeldingen/{aanmelding['id']}/besluit",
        {"besluit": "weigeren", "reden": "Geen jobcoach"},
    )
    assert besluit.status_code == 303
    assert (await Jobcoach.select(Jobcoach.status).first())["status"] == "uitgeschreven"
    account = await Account.select().where(Account.id == aanmelding["account"]).first()
    assert account["actief"] is False


async def test_a_known_address_gets_the_same_answer_and_nothing_happens(db, client, settings):
    await builders.gemeente()
    eerste = await post_form(client, "/aanmelden", aanvraag())
    tweede = await post_form(
        client, "/aanmelden", aanvraag(voornaam="Iemand", email="FATMA.yilmaz@voorbeeld.nl")
    )
    assert eerste.status_code == tweede.status_code == 200
    strip = re.compile(r'name="_csrf_token" value="[^"]+"')
    assert strip.sub("", eerste.text) == strip.sub("", tweede.text)
    assert await Aanmelding.count() == 1 and await Bericht.count() == 1


async def test_missing_consent_and_unknown_fields_are_named_in_dutch(db, client):
    await builders.gemeente()
    zonder = aanvraag()
    del zonder["toestemming"]
    response = await post_form(client, "/aanmelden", zonder)
    assert response.status_code == 400
    assert "Privacyverklaring: u moet instemmen met de privacyverklaring" in response.text
    onbekend = await post_form(client, "/aanmelden", aanvraag(bsnummer="x"))
    assert onbekend.status_code == 400 and "bsnummer" in onbekend.text
    geen_gemeente = await post_form(client, "/aanmelden", aanvraag(werkgebied=["GM9999"]))
    assert geen_gemeente.status_code == 400 and "Werkgebied:" in geen_gemeente.text
    assert await Aanmelding.count() == 0 and await Account.count() == 0


async def test_the_public_forms_are_throttled_per_client(db, client, settings):
    await builders.gemeente()
    for i in range(settings.login_attempts):
        ok = await post_form(client, "/aanmelden", aanvraag(email=f"coach{i}@voorbeeld.nl"))
        assert ok.status_code == 200
    te_veel = await post_form(client, "/aanmelden", aanvraag(email="nog-een@voorbeeld.nl"))
    assert te_veel.status_code == 429 and "Retry-After" in te_veel.headers
    assert "Te veel aanvragen" in te_veel.text
    assert await Aanmelding.count() == settings.login_attempts
    for _ in range(settings.login_attempts):
        assert (
            await post_form(client, "/wachtwoord-vergeten", {"email": "x@voorbeeld.nl"})
        ).status_code == 200
    assert (await post_form(client, "/wachtwoord-vergeten", {"email": "x@voorbeeld.nl"})).status_code == 429


async def test_an_application_never_confirmed_is_deleted_after_thirty_days_with_its_account(
    db, client, settings
):
    await builders.gemeente()
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        await post_form(client, "/aanmelden", aanvraag(email="nooit@voorbeeld.nl"))
    await post_form(client, "/aanmelden", aanvraag(email="vandaag@voorbeeld.nl"))
    [oud] = await Aanmelding.select().where(Aanmelding.email == "nooit@voorbeeld.nl")
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False):  # 29 days later
        assert (await retentie.run())["verwijderdeAanmeldingen"] == 0
    with time_machine.travel(dt.datetime(2026, 12, 2, 11, 0, tzinfo=dt.UTC), tick=False):  # 30 days later
        assert (await retentie.run(dry_run=True))["verwijderdeAanmeldingen"] == 1
        assert await Aanmelding.count() == 2  # a dry run changes nothing
        assert (await retentie.run())["verwijderdeAanmeldingen"] == 1
    assert [r["email"] for r in await Aanmelding.select(Aanmelding.email)] == ["vandaag@voorbeeld.nl"]
    assert not await Account.exists().where(Account.id == oud["account"])
    assert "verwijder" in await acties("aanmelding")


async def test_anonymising_a_coach_deletes_the_application_with_its_copy_of_name_and_address(
    db, client, settings
):
    await builders.gemeente()
    await post_form(client, "/aanmelden", aanvraag(email="weg@voorbeeld.nl"))
    [message] = await bezorg_eml(settings)
    assert (await set_password(client, link_in(message))).status_code == 303
    [coach] = await Jobcoach.select(Jobcoach.id)
    await jobcoaches.set_status(builders.BEHEER, str(coach["id"]), "uitgeschreven", "stopt met het vak")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2 * 366 + 1)
    with time_machine.travel(later, tick=False):
        result = await retentie.run()
    assert len(result["geanonimiseerd"]) == 1
    assert await Aanmelding.count() == 0


async def test_only_valid_applications_count_towards_the_limit_and_errors_read_as_a_form(db, client, settings):
    """Outsider finding: an applicant fixing mistakes got 429 on about the fourth try, and read 'moet
    minstens 1 element(en) bevatten'. Refused submissions no longer count; valid ones still do, with the
    same answer for a known and an unknown address."""
    await builders.gemeente()
    for _ in range(settings.login_attempts + 2):
        fout = await post_form(client, "/aanmelden", aanvraag(werkgebied=[], toestemming="misschien"))
        assert fout.status_code == 400
    assert "Werkgebied: kies er minstens één" in fout.text
    assert "Privacyverklaring: vink het vakje aan of laat het leeg" in fout.text
    assert "element(en)" not in fout.text and "true/false" not in fout.text
    for i in range(settings.login_attempts):
        adres = "Fatma.Yilmaz@voorbeeld.nl" if i == 1 else f"coach{i}@voorbeeld.nl"
        assert (await post_form(client, "/aanmelden", aanvraag(email=adres))).status_code == 200
    te_veel = await post_form(client, "/aanmelden", aanvraag(email="nog-een@voorbeeld.nl"))
    assert te_veel.status_code == 429
    assert await Aanmelding.count() == settings.login_attempts


async def test_the_consent_hint_links_to_the_privacy_statement(db, client):
    form = await client.get("/aanmelden")
    assert 'Lees eerst de <a href="/privacy">privacyverklaring</a>.' in form.text
    assert "op /privacy" not in form.text


async def test_a_dead_link_says_so_when_opened_before_a_password_is_typed(db, client, settings):
    """Outsider finding: an unknown or used link showed the form; the user learnt it was dead only after
    typing a password twice. Opening it now shows that it is no longer valid, with the way to a new one."""
    await builders.gemeente()
    onbekend = await client.get("/wachtwoord/instellen/geen-bestaande-link")
    assert onbekend.status_code == 410 and "Deze link is niet meer geldig" in onbekend.text
    assert 'href="/wachtwoord-vergeten"' in onbekend.text and 'name="wachtwoord"' not in onbekend.text
    await post_form(client, "/aanmelden", aanvraag())
    [message] = await bezorg_eml(settings)
    link = link_in(message)
    open_ = await client.get(link)
    assert open_.status_code == 200 and 'name="wachtwoord"' in open_.text
    assert (await client.get(link)).status_code == 200  # opening it uses nothing up
    assert (await set_password(client, link)).status_code == 303
    gebruikt = await client.get(link)
    assert gebruikt.status_code == 410 and 'name="wachtwoord"' not in gebruikt.text
    await post_form(client, "/wachtwoord-vergeten", {"email": "fatma.yilmaz@voorbeeld.nl"})
    [herstel] = await bezorg_eml(settings)
    assert (await client.get(link_in(herstel))).status_code == 200
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=2), tick=False):
        verlopen = await client.get(link_in(herstel))
    assert verlopen.status_code == 410 and "Wachtwoord vergeten" in verlopen.text


async def test_forgotten_password_page_says_the_account_address_counts(db, client):
    pagina = await client.get("/wachtwoord-vergeten")
    assert "E-mailadres van uw account" in pagina.text
    assert "ander adres zijn dan het e-mailadres in uw profiel" in pagina.text


async def test_the_address_of_a_coach_without_account_gets_the_same_answer_and_nothing_happens(
    db, client, settings
):
    await builders.gemeente()
    await builders.jobcoach(email="bekend@voorbeeld.nl")  # registered by the beheerder, no account
    nieuw = await post_form(client, "/aanmelden", aanvraag())
    bekend = await post_form(client, "/aanmelden", aanvraag(email="Bekend@Voorbeeld.nl"))
    assert nieuw.status_code == bekend.status_code == 200
    strip = re.compile(r'name="_csrf_token" value="[^"]+"')
    assert strip.sub("", nieuw.text) == strip.sub("", bekend.text)
    assert await Aanmelding.count() == 1 and await Bericht.count() == 1 and await Account.count() == 1
    assert await Jobcoach.count() == 1
