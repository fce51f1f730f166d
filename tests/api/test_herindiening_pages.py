"""Correcting a rejected claim on the coach's pages (issue 15: "a rejected claim can be corrected and
resubmitted with a new document (history kept)"): the form at /jobcoach/{id}/scholing/{id}/herindiening
(and the same for opleidingen) with an upload field, errors beside their field and the summary on top,
nothing changed on a refusal, and the history (rejection, resubmission, earlier documents) visible to the
coach and the auditor."""

from __future__ import annotations

from audits.tables import AuditlogRegel, Inzagelog
from register.services import beoordelingen
from register.tables import Document, Oordeel, Opleiding, Scholing
from register.vocabulary import DOCUMENT_MAX_BYTES, HERINDIEND_TOELICHTING
from tests import builders
from tests.builders import EXE, PDF, png
from tests.helpers import csrf_token, inline_error, summary

AFWIJZING = "stuur een kopie van het certificaat"
SCHOLING = {"titel": "Methodisch werken", "aanbieder": "Academie", "datum": "2026-01-10", "uren": 8}


async def rejected_scholing(client, world) -> tuple[str, str]:
    """Coach A's scholing with a PDF attached, rejected by the auditor: (scholing id, document id)."""
    headers = world.headers("jobcoach")
    document = await client.post(
        "/api/v1/documenten", files={"bestand": ("certificaat.pdf", PDF, "application/pdf")}, headers=headers
    )
    made = await client.post(
        f"/api/v1/jobcoaches/{world.coach_a['id']}/scholingen",
        json={**SCHOLING, "bewijsstukken": [document.json()["id"]]},
        headers=headers,
    )
    await beoordelingen.beoordeel(world.actor("auditor"), made.json()["id"], "afgewezen", AFWIJZING)
    return made.json()["id"], document.json()["id"]


async def send(client, url: str, fields: dict, bestand: tuple[str, bytes, str] | None = None, csrf=True):
    data = {**fields, **({"_csrf_token": await csrf_token(client)} if csrf else {})}
    files = {"bestand": bestand} if bestand else {"bestand": ("", b"", "application/octet-stream")}
    return await client.post(url, data=data, files=files, follow_redirects=False)


def form_fields(**overrides) -> dict[str, str]:
    return {
        "titel": "Methodisch werken",
        "aanbieder": "Academie voor Jobcoaching",
        "datum": "2026-01-10",
        "uren": "7,5",
        "categorie": "overig",
        **overrides,
    }


async def test_a_rejected_scholing_is_corrected_on_the_page_with_a_new_document(client):
    world = await builders.build_world()
    coach = world.coach_a["id"]
    scholing, eerste = await rejected_scholing(client, world)
    world.log_in_pages(client, "jobcoach")
    lijst = await client.get(f"/jobcoach/{coach}/scholing")
    url = f"/jobcoach/{coach}/scholing/{scholing}/herindiening"
    assert f'href="{url}"' in lijst.text

    form = await client.get(url)
    assert form.status_code == 200
    assert AFWIJZING in form.text and 'enctype="multipart/form-data"' in form.text
    assert 'name="_csrf_token"' in form.text
    assert 'value="Methodisch werken"' in form.text  # filled with the claim's values
    assert f'href="/documenten/{eerste}"' in form.text  # the document already attached stays in view

    # refused: an empty title and a renamed executable, each beside its field, the summary on top
    before = (await Document.count(), await AuditlogRegel.count())
    fout = await send(client, url, form_fields(titel=""), ("kopie.pdf", EXE, "application/pdf"))
    assert fout.status_code == 400
    assert inline_error(fout.text, "veld-titel") == "is verplicht"
    assert "PDF, PNG of JPEG" in (inline_error(fout.text, "veld-bestand") or "")
    assert "Titel: is verplicht" in summary(fout.text)
    assert 'value="Academie voor Jobcoaching"' in fout.text  # what the coach typed stays
    assert (await Document.count(), await AuditlogRegel.count()) == before
    row = await Scholing.select().where(Scholing.id == scholing).first()
    assert row["verificatie"] == "afgewezen" and row["aanbieder"] == "Academie"

    # a good file with an input error: still nothing stored
    fout = await send(client, url, form_fields(uren="nul"), ("kopie.png", png(), "image/png"))
    assert fout.status_code == 400 and inline_error(fout.text, "veld-uren")
    assert (await Document.count(), await AuditlogRegel.count()) == before

    klaar = await send(client, url, form_fields(), ("kopie.png", png(), "image/png"))
    assert klaar.status_code == 303, klaar.text
    assert klaar.headers["location"] == f"/jobcoach/{coach}/scholing?melding=claim-herindiend"
    row = await Scholing.select().where(Scholing.id == scholing).first()
    assert row["verificatie"] == "ingediend" and row["uren"] == 7.5
    assert row["aanbieder"] == "Academie voor Jobcoaching"
    nieuw = await Document.select().where(Document.mediatype == "image/png").first()
    assert str(nieuw["jobcoach"]) == coach
    assert nieuw["bestandsnaam"] == "kopie.png"  # the original name is kept here too (second outsider)
    historie = await Oordeel.select().where(Oordeel.claim == scholing).order_by(Oordeel.op)
    assert [(o["vorig"], o["oordeel"]) for o in historie] == [
        ("ingediend", "afgewezen"),
        ("afgewezen", "ingediend"),
    ]
    assert historie[1]["door"] == str(world.coach_a_account["id"])
    acties = await AuditlogRegel.select(AuditlogRegel.actie).where(AuditlogRegel.objecttype == "scholing")
    assert "herindiening" in [a["actie"] for a in acties]

    # the coach sees the history: the rejection, the resubmission and both documents
    pagina = await client.get(f"/beoordelingen/{scholing}")
    assert AFWIJZING in pagina.text and HERINDIEND_TOELICHTING in pagina.text
    lijst = await client.get(f"/jobcoach/{coach}/scholing")
    assert f'href="/documenten/{eerste}"' in lijst.text and f'href="/documenten/{nieuw["id"]}"' in lijst.text

    # the auditor sees that it was rejected before, with both documents
    world.log_in_pages(client, "auditor")
    queue = await client.get("/auditor/werkvoorraad")
    assert "Opnieuw ingediend na een afwijzing" in queue.text and AFWIJZING in queue.text
    assert f'href="/documenten/{eerste}"' in queue.text and f'href="/documenten/{nieuw["id"]}"' in queue.text
    geopend = await client.get(f"/documenten/{nieuw['id']}")
    assert geopend.status_code == 200 and geopend.content == png()
    [inzage] = await Inzagelog.select().where(Inzagelog.doel == "bewijsstuk openen")
    assert str(inzage["jobcoach"]) == coach and inzage["account"] == str(world.accounts["auditor"]["id"])

    # no longer rejected: a second resubmission is refused at the top of the form, nothing changes
    world.log_in_pages(client, "jobcoach")
    before = (await Document.count(), await AuditlogRegel.count())
    nogmaals = await send(client, url, form_fields(titel="Anders"))
    assert nogmaals.status_code == 409
    assert "Alleen een afgewezen" in summary(nogmaals.text)
    assert (await Document.count(), await AuditlogRegel.count()) == before


async def test_a_document_over_ten_megabytes_is_a_413_beside_the_field(client):
    world = await builders.build_world()
    scholing, _ = await rejected_scholing(client, world)
    world.log_in_pages(client, "jobcoach")
    te_groot = PDF + b"\x00" * (DOCUMENT_MAX_BYTES + 1 - len(PDF))
    url = f"/jobcoach/{world.coach_a['id']}/scholing/{scholing}/herindiening"
    response = await send(client, url, form_fields(), ("groot.pdf", te_groot, "application/pdf"))
    assert response.status_code == 413
    assert "te groot" in (inline_error(response.text, "veld-bestand") or "")
    assert await Document.count() == 1
    assert (await Scholing.select().where(Scholing.id == scholing).first())["verificatie"] == "afgewezen"


async def test_without_the_csrf_token_nothing_changes(client):
    world = await builders.build_world()
    scholing, _ = await rejected_scholing(client, world)
    world.log_in_pages(client, "jobcoach")
    url = f"/jobcoach/{world.coach_a['id']}/scholing/{scholing}/herindiening"
    response = await send(client, url, form_fields(), csrf=False)
    assert response.status_code == 403
    assert (await Scholing.select().where(Scholing.id == scholing).first())["verificatie"] == "afgewezen"


async def test_another_coachs_claim_is_not_found(client):
    world = await builders.build_world()
    scholing, _ = await rejected_scholing(client, world)
    world.log_in_pages(client, "jobcoach-b")
    url = f"/jobcoach/{world.coach_b['id']}/scholing/{scholing}/herindiening"
    assert (await client.get(url)).status_code == 404
    assert (await send(client, url, form_fields())).status_code == 404
    assert (await Scholing.select().where(Scholing.id == scholing).first())["verificatie"] == "afgewezen"
    # and coach B never reaches coach A's pages
    assert (await client.get(url.replace(world.coach_b["id"], world.coach_a["id"]))).status_code == 403


async def test_a_rejected_opleiding_is_corrected_on_the_page(client):
    world = await builders.build_world()
    coach = world.coach_a["id"]
    made = await client.post(
        f"/api/v1/jobcoaches/{coach}/opleidingen",
        json={"soort": "hbo-diploma", "omschrijving": "Bachelor", "datum": "2020-06-30"},
        headers=world.headers("jobcoach"),
    )
    opleiding = made.json()["id"]
    await beoordelingen.beoordeel(world.actor("auditor"), opleiding, "afgewezen", "welke hogeschool?")
    world.log_in_pages(client, "jobcoach")
    url = f"/jobcoach/{coach}/opleidingen/{opleiding}/herindiening"
    assert f'href="{url}"' in (await client.get(f"/jobcoach/{coach}/opleidingen")).text
    form = await client.get(url)
    assert form.status_code == 200 and "welke hogeschool?" in form.text and 'value="Bachelor"' in form.text
    velden = {
        "soort": "hbo-diploma",
        "omschrijving": "Bachelor Social Work, Hogeschool Rotterdam",
        "datum": "2020-06-30",
    }
    klaar = await send(client, url, velden, ("diploma.pdf", PDF, "application/pdf"))
    assert klaar.status_code == 303, klaar.text
    row = await Opleiding.select().where(Opleiding.id == opleiding).first()
    assert row["verificatie"] == "ingediend" and row["omschrijving"].startswith("Bachelor Social Work")
    assert await Document.count() == 1


async def test_a_claim_that_is_not_rejected_shows_why_instead_of_the_form(client):
    """Outsider finding (2026-11-30): the form of a resubmitted or verified claim was shown in full, and only
    sending it gave the 409. Now the page says why it cannot be resubmitted now and links back."""
    world = await builders.build_world()
    coach = world.coach_a["id"]
    scholing, _ = await rejected_scholing(client, world)
    world.log_in_pages(client, "jobcoach")
    url = f"/jobcoach/{coach}/scholing/{scholing}/herindiening"
    assert (await send(client, url, form_fields(), ("kopie.png", png(), "image/png"))).status_code == 303

    opnieuw = await client.get(url)  # resubmitted: waiting for the auditor
    assert opnieuw.status_code == 200
    assert "<h1>Scholing kan nu niet opnieuw worden ingediend</h1>" in opnieuw.text
    assert "wacht op de beoordeling door een auditor" in opnieuw.text
    assert f'<a href="/jobcoach/{coach}/scholing">Terug naar de scholing</a>' in opnieuw.text
    assert 'enctype="multipart/form-data"' not in opnieuw.text and 'name="titel"' not in opnieuw.text
    geweigerd = await send(client, url, form_fields(titel="Anders"))  # a form left open elsewhere
    assert geweigerd.status_code == 409 and "wacht op de beoordeling" in geweigerd.text

    made = await client.post(
        f"/api/v1/jobcoaches/{coach}/opleidingen",
        json={"soort": "hbo-diploma", "omschrijving": "Bachelor", "datum": "2020-06-30"},
        headers=world.headers("jobcoach"),
    )
    opleiding = made.json()["id"]
    await beoordelingen.beoordeel(world.actor("auditor"), opleiding, "geverifieerd", "klopt")
    geverifieerd = await client.get(f"/jobcoach/{coach}/opleidingen/{opleiding}/herindiening")
    assert geverifieerd.status_code == 200
    assert "al geverifieerd door een auditor" in geverifieerd.text
    assert f'<a href="/jobcoach/{coach}/opleidingen">Terug naar de opleidingen</a>' in geverifieerd.text
    assert 'name="omschrijving"' not in geverifieerd.text
