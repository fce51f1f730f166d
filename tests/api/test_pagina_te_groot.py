"""Uploads over the document limit on the pages (outsider finding, 2026-11-30): an 11 MB PDF on a page's upload
form ended on a bare "Verzoek te groot" page with the menu of someone logged out and the input lost. Now the
page routes take a body up to PAGINA_UPLOAD_MAX_BYTES, so the handler refuses an oversized file beside its
field (413) with the form, the other input and the signed-in menu kept; only a body above that cap is cut
off, as an error page that still shows the signed-in menu and names the file in plain Dutch."""

from __future__ import annotations

import re

from api.pages.documenten import PAGINA_UPLOAD_MAX_BYTES
from register.services import beoordelingen
from register.tables import Document, Scholing
from register.vocabulary import DOCUMENT_MAX_BYTES
from tests import builders
from tests.builders import PDF
from tests.helpers import csrf_token, inline_error, summary

ELF_MB = PDF + b"\x00" * (11 * 1024 * 1024 - len(PDF))
TE_GROOT = "Het bestand is te groot: een bewijsstuk is hoogstens 10 MB."


async def post_upload(client, url: str, inhoud: bytes, **velden: str):
    data = {**velden, "_csrf_token": await csrf_token(client)}
    files = {"bestand": ("groot.pdf", inhoud, "application/pdf")}
    return await client.post(url, data=data, files=files, follow_redirects=False)


def ingelogd_menu(html: str, gebruikersnaam: str) -> bool:
    """The signed-in menu: the log-out button with the account's name and a CSRF token that is not empty."""
    return (
        f'Uitloggen <span class="visually-hidden-on-small">({gebruikersnaam})' in html
        and 'href="/inloggen"' not in html
        and re.search(r'action="/uitloggen".*?name="_csrf_token" value="[^"]+"', html, re.S) is not None
    )


def assert_refused_at_the_field(response, gebruikersnaam: str) -> None:
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert inline_error(response.text, "veld-bestand") == TE_GROOT
    assert "te groot" in summary(response.text) and 'href="#veld-bestand"' in summary(response.text)
    assert ingelogd_menu(response.text, gebruikersnaam)
    assert "body van het verzoek" not in response.text.lower()


async def test_an_eleven_megabyte_file_is_refused_beside_the_field_on_the_coach_documents(client):
    world = await builders.build_world()
    world.log_in_pages(client, "jobcoach")
    response = await post_upload(client, f"/jobcoach/{world.coach_a['id']}/documenten", ELF_MB)
    assert_refused_at_the_field(response, world.coach_a_account["gebruikersnaam"])
    assert 'enctype="multipart/form-data"' in response.text  # the form again
    assert await Document.count() == 0


async def test_an_eleven_megabyte_file_is_refused_beside_the_field_on_the_organisation_documents(client):
    world = await builders.build_world()
    world.log_in_pages(client, "organisatie")
    response = await post_upload(client, f"/organisatie/{world.org_a['id']}/documenten", ELF_MB)
    assert_refused_at_the_field(response, world.org_a_account["gebruikersnaam"])
    assert await Document.count() == 0


async def test_an_eleven_megabyte_file_on_the_herindiening_keeps_the_typed_input(client):
    world = await builders.build_world()
    coach = world.coach_a["id"]
    made = await client.post(
        f"/api/v1/jobcoaches/{coach}/scholingen",
        json={"titel": "Methodisch werken", "aanbieder": "Academie", "datum": "2026-01-10", "uren": 8},
        headers=world.headers("jobcoach"),
    )
    scholing = made.json()["id"]
    await beoordelingen.beoordeel(world.actor("auditor"), scholing, "afgewezen", "stuur het certificaat")
    world.log_in_pages(client, "jobcoach")
    velden = {
        "titel": "Methodisch werken",
        "aanbieder": "Academie voor Jobcoaching",
        "datum": "2026-01-10",
        "uren": "7,5",
        "categorie": "overig",
    }
    response = await post_upload(
        client, f"/jobcoach/{coach}/scholing/{scholing}/herindiening", ELF_MB, **velden
    )
    assert_refused_at_the_field(response, world.coach_a_account["gebruikersnaam"])
    assert 'value="Academie voor Jobcoaching"' in response.text and 'value="7,5"' in response.text
    row = await Scholing.select().where(Scholing.id == scholing).first()
    assert row["verificatie"] == "afgewezen" and row["aanbieder"] == "Academie"


async def test_a_body_over_the_cap_is_a_page_error_with_the_signed_in_menu(client):
    world = await builders.build_world()
    world.log_in_pages(client, "jobcoach")
    url = f"/jobcoach/{world.coach_a['id']}/documenten"
    assert PAGINA_UPLOAD_MAX_BYTES > DOCUMENT_MAX_BYTES + 1024 * 1024  # room for the field's own refusal
    response = await post_upload(client, url, b"\x00" * (PAGINA_UPLOAD_MAX_BYTES + 1))
    assert response.status_code == 413
    assert ingelogd_menu(response.text, world.coach_a_account["gebruikersnaam"])
    assert "<h1>Bestand te groot</h1>" in response.text
    assert "een bestand mag hoogstens 10 MB zijn" in response.text
    assert f'<a href="{url}">Terug naar het formulier</a>' in response.text
    assert "body van het verzoek" not in response.text.lower()
    assert await Document.count() == 0
