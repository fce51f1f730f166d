"""Issue 15, "Done when", in a real browser on both engines: a new coach applies on /aanmelden, confirms the
e-mail address with the link from the message the register really sent (a real SMTP server, aiosmtpd, fed
by `jobcoach-register worker --once`), sets a password with it; the beheerder admits the application with
a reason; the coach logs in and uploads certificates (PDF) to an opleiding and a scholing on their own
pages; the auditor sees both in the work queue, downloads the documents and verifies the opleiding; the
auditor rejects the scholing with "stuur een kopie", the coach corrects it and resubmits it with a new
document from the page (the rejection and the first document kept and shown), and the auditor verifies it.
Every page visited: axe (WCAG 2.1 AA) and no horizontal overflow at 1280 and 375 px."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator

import pytest

from tests.builders import PDF
from tests.helpers import (
    ENGINE_PARAMS,
    Inbox,
    cli,
    cli_env,
    fresh_database,
    migrate,
    pg_database_url,
    smtp_server,
)

VOORNAAM, ACHTERNAAM = "Noor", "Bakker"
NAAM = f"{VOORNAAM} {ACHTERNAAM}"
EMAIL = "noor.bakker@voorbeeld.nl"
WACHTWOORD = "mijn-eigen-jobcoachwachtwoord-2026"
AFWIJZING = "Stuur een kopie van het certificaat, met uw naam erop."
DIPLOMA = PDF.replace(b"/Catalog", b"/Catalog /Title (Diploma)")
CERTIFICAAT = PDF.replace(b"/Catalog", b"/Catalog /Title (Certificaat)")
KOPIE = PDF.replace(b"/Catalog", b"/Catalog /Title (Kopie op naam)")


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, str]]:
    """A real SMTP server on loopback that keeps what it receives; its REGISTER_SMTP_URL."""
    with smtp_server() as server:
        yield server


@pytest.fixture(params=ENGINE_PARAMS)
def live_server(request, tmp_path, demo_register, smtp, starter):
    """The register with demo data on SQLite (a copy of the demo database) or on a fresh PostgreSQL
    database, e-mailing through the test's SMTP server. (Overrides tests/e2e/conftest.py's `live_server`
    for this module, so the `journey` fixture drives this one.)"""
    _inbox, smtp_url = smtp
    # the worker's daily jobs wait for 23:00 Dutch time: this journey is about the outbox only
    extra = {"REGISTER_SMTP_URL": smtp_url, "REGISTER_WORKER_UUR": "23"}
    data_dir = tmp_path / "register"
    if request.param == "sqlite":
        shutil.copytree(demo_register, data_dir)
        with starter(
            cli_env(f"sqlite:///{data_dir / 'e2e.sqlite3'}", data_dir, **extra), tmp_path / "s.log"
        ) as s:
            yield s
        return
    data_dir.mkdir()
    with fresh_database("e2e_aanmelden") as name:
        url = pg_database_url(name)
        migrate(url, data_dir)
        loaded = cli(["demo-data"], cli_env(url, data_dir))
        assert loaded.returncode == 0, loaded.stderr
        with starter(cli_env(url, data_dir, **extra), tmp_path / "s.log") as s:
            yield s


def bezorg(server, inbox: Inbox, aan: str):
    """Run `jobcoach-register worker --once` beside the server and return the one new message to `aan`."""
    eerder = len(inbox.messages)
    result = server.cli("worker", "--once")
    assert result.returncode == 0, result.stderr
    [message] = [m for m in inbox.messages[eerder:] if m["To"] == aan]
    return message


def link_in(message) -> str:
    """The link of the message's plain text part (never built from the database)."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"https?://\S+/wachtwoord/instellen/\S+", text)
    assert found, text
    return found.group(0)


def kaart(journey, kop: str):
    """The work queue's card (a section) whose heading contains `kop`."""
    page = journey.page
    return page.locator("section.kaart", has=page.get_by_role("heading", name=re.compile(re.escape(kop))))


def download(journey, link) -> bytes:
    """Click a download link and return the bytes the browser received."""
    with journey.page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as f:
        return f.read()


def upload(journey, veld: str, naam: str, inhoud: bytes) -> None:
    journey.page.locator(f'input[type=file][name="{veld}"]').set_input_files(
        files=[{"name": naam, "mimeType": "application/pdf", "buffer": inhoud}]
    )


def test_coach_applies_is_admitted_uploads_and_the_auditor_verifies(journey, smtp):
    inbox, _url = smtp
    journey.op_beide_breedtes()
    page = journey.page
    server = journey.server

    # 1. the coach applies on the public page; a first try without consent is refused beside the field,
    # with the summary on top
    journey.goto("/aanmelden")
    page.get_by_label("Voornaam").fill(VOORNAAM)
    page.get_by_label("Achternaam").fill(ACHTERNAAM)
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_role("checkbox", name=re.compile("Rotterdam")).check()
    journey.klik("button", name="Aanmelden")
    assert page.evaluate("document.activeElement.id") == "foutsamenvatting"
    assert "Privacyverklaring" in page.locator("#foutsamenvatting").inner_text()
    assert page.locator("#veld-toestemming-fout").is_visible()
    page.get_by_role("checkbox", name=re.compile("privacyverklaring gelezen")).check()
    journey.klik("button", name="Aanmelden")
    assert "De link is 72 uur geldig" in page.locator("main").inner_text()

    # 2. the message really sent: its link confirms the address and sets the password
    message = bezorg(server, inbox, EMAIL)
    link = link_in(message)
    assert link.startswith(server.url)
    page.goto(link)
    journey.check()
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(WACHTWOORD)
    page.get_by_label("Nieuw wachtwoord nogmaals").fill(WACHTWOORD)
    journey.klik("button", name="Wachtwoord instellen")
    assert "/inloggen" in page.url

    # the beheerder admits the application with a reason
    journey.als("beheerder")
    journey.goto("/beheer/aanmeldingen")
    aanmelding = page.locator("section.kaart", has=page.get_by_role("heading", name=re.compile(NAAM)))
    aanmelding.get_by_label("Toelaten (actief)").check()
    aanmelding.get_by_label("Reden").fill("Diploma en VOG gezien; welkom in het register.")
    aanmelding.get_by_role("button", name=re.compile("Besluit vastleggen")).click()
    page.wait_for_load_state("networkidle")
    journey.check()
    assert NAAM not in page.locator("main").inner_text()

    # the coach logs in with the password from the link
    journey.als(EMAIL, WACHTWOORD)
    assert "Mijn overzicht" in page.title()
    basis = re.search(r"/jobcoach/[0-9a-f-]{36}", page.url).group(0)

    # 3. certificates (PDF) uploaded on the coach's own pages and attached to an opleiding and a scholing
    journey.goto(f"{basis}/documenten")
    upload(journey, "bestand", "diploma.pdf", DIPLOMA)
    journey.klik("button", name="Uploaden")
    upload(journey, "bestand", "certificaat.pdf", CERTIFICAAT)
    journey.klik("button", name="Uploaden")
    assert page.locator("main table tbody tr").count() == 2

    journey.goto(f"{basis}/opleidingen")
    form = page.locator(f"form[action='{basis}/opleidingen']")
    form.locator("[name=omschrijving]").fill("Bachelor Social Work, Hogeschool Rotterdam")
    form.locator("[name=datum]").fill("2019-06-28")
    form.get_by_role("checkbox").nth(1).check()  # newest first: the diploma was uploaded first
    journey.klik("button", name="Opleiding opgeven")
    assert "De opleiding is toegevoegd" in page.locator("main").inner_text()

    journey.goto(f"{basis}/scholing")
    form = page.locator(f"form[action='{basis}/scholing']")
    form.locator("[name=titel]").fill("Motiverende gespreksvoering")
    form.locator("[name=aanbieder]").fill("Kenniscentrum Jobcoaching")
    form.locator("[name=datum]").fill((dt.date.today() - dt.timedelta(days=10)).isoformat())
    form.locator("[name=uren]").fill("8")
    form.get_by_role("checkbox").nth(0).check()  # the certificate
    journey.klik("button", name="Scholing toevoegen")
    assert "De scholing is toegevoegd" in page.locator("main").inner_text()

    # 4. the auditor sees both with their document, opens (downloads) them and verifies the opleiding
    journey.als("auditor")
    journey.goto("/auditor/werkvoorraad?soort=opleiding")
    opleiding = kaart(journey, f"Opleiding van {NAAM}")
    assert "Bachelor Social Work" in opleiding.inner_text()
    assert download(journey, opleiding.get_by_role("link", name=re.compile(r"diploma\.pdf"))) == DIPLOMA
    opleiding.get_by_role("button", name="Verifiëren").click()
    page.wait_for_load_state("networkidle")
    journey.check()
    assert kaart(journey, f"Opleiding van {NAAM}").count() == 0

    # 5. the scholing is rejected with "stuur een kopie"
    journey.goto("/auditor/werkvoorraad?soort=scholing")
    scholing = kaart(journey, f"Scholing van {NAAM}")
    assert download(journey, scholing.get_by_role("link", name=re.compile(r"^certificaat\.pdf"))) == CERTIFICAAT
    scholing.get_by_role("button", name="Afwijzen").click()  # without a reason: refused beside the field
    page.wait_for_load_state("networkidle")
    journey.check()
    scholing = kaart(journey, f"Scholing van {NAAM}")
    assert "geef bij een afwijzing de reden" in scholing.locator(".field-error").inner_text()
    scholing.get_by_label(re.compile("Toelichting")).fill(AFWIJZING)
    scholing.get_by_role("button", name="Afwijzen").click()
    page.wait_for_load_state("networkidle")
    journey.check()
    assert kaart(journey, f"Scholing van {NAAM}").count() == 0

    # the coach sees the reason, corrects the scholing and resubmits it with a new document from the page
    journey.als(EMAIL, WACHTWOORD)
    journey.goto(f"{basis}/scholing")
    assert AFWIJZING in page.locator("main table").inner_text()
    journey.klik("link", name=re.compile("Corrigeren en opnieuw indienen"))
    assert AFWIJZING in page.locator("main").inner_text()
    page.get_by_label("Aantal uren").fill("")  # an error first: beside the field, the summary on top
    journey.klik("button", name="Opnieuw indienen")
    assert page.evaluate("document.activeElement.id") == "foutsamenvatting"
    assert "Aantal uren" in page.locator("#foutsamenvatting").inner_text()
    assert page.locator("#veld-uren-fout").is_visible()
    page.get_by_label("Aantal uren").fill("7,5")
    upload(journey, "bestand", "certificaat-op-naam.pdf", KOPIE)
    journey.klik("button", name="Opnieuw indienen")
    assert "opnieuw ingediend" in page.locator("main").inner_text()
    rij = page.locator("main table tbody tr", has_text="Motiverende gespreksvoering")
    assert rij.get_by_role("link", name=re.compile("downloaden")).count() == 2  # the first one kept
    journey.klik("link", name="Historie van het oordeel")
    historie = page.locator("table", has_text="Historie van het oordeel").inner_text()
    assert AFWIJZING in historie and "opnieuw ingediend door de jobcoach" in historie

    # the auditor sees the earlier rejection and the history, opens the new document and verifies
    journey.als("auditor")
    journey.goto("/auditor/werkvoorraad?soort=scholing")
    scholing = kaart(journey, f"Scholing van {NAAM}")
    assert (
        "Opnieuw ingediend na een afwijzing" in scholing.inner_text() and AFWIJZING in scholing.inner_text()
    )
    assert download(journey, scholing.get_by_role("link", name=re.compile(r"certificaat-op-naam\.pdf"))) == KOPIE
    scholing.get_by_role("link", name=re.compile("Historie van het oordeel")).click()
    page.wait_for_load_state("networkidle")
    journey.check()
    historie = page.locator("table", has_text="Historie van het oordeel").inner_text()
    assert AFWIJZING in historie and "opnieuw ingediend door de jobcoach" in historie
    journey.goto("/auditor/werkvoorraad?soort=scholing")
    kaart(journey, f"Scholing van {NAAM}").get_by_role("button", name="Verifiëren").click()
    page.wait_for_load_state("networkidle")
    journey.check()

    # the coach's scholing and opleiding are verified
    journey.als(EMAIL, WACHTWOORD)
    journey.goto(f"{basis}/scholing")
    assert (
        "Geverifieerd" in page.locator("main tbody tr", has_text="Motiverende gespreksvoering").inner_text()
    )
    journey.goto(f"{basis}/opleidingen")
    assert "Geverifieerd" in page.locator("main tbody tr", has_text="Bachelor Social Work").inner_text()
