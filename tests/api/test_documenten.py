"""Evidence documents (issue 15): upload with the type read from the content, the 10 MB limit, content
addressing, attaching only one's own documents to claims, who may open a document, and the access log."""

from __future__ import annotations

import hashlib

from audits.tables import Inzagelog
from register.tables import Document
from register.vocabulary import DOCUMENT_MAX_BYTES
from tests import builders
from tests.builders import EXE, PDF, png
from tests.helpers import csrf_token, inline_error, invalid_params, login, post_form


async def upload(
    client, headers, inhoud: bytes, naam: str = "diploma.pdf", mediatype: str = "application/pdf"
):
    return await client.post(
        "/api/v1/documenten", files={"bestand": (naam, inhoud, mediatype)}, headers=headers
    )


async def test_a_coach_uploads_a_pdf_and_opens_it_again(client, data_dir):
    world = await builders.build_world()
    response = await upload(client, world.headers("jobcoach"), PDF)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert body["mediatype"] == "application/pdf"
    assert body["grootte"] == len(PDF)
    sha = body["sha256"]
    assert (data_dir / "documenten" / sha[:2] / sha[2:4] / sha).read_bytes() == PDF

    opened = await client.get(f"/api/v1/documenten/{body['id']}/inhoud", headers=world.headers("jobcoach"))
    assert opened.status_code == 200
    assert opened.content == PDF
    assert opened.headers["content-type"] == "application/pdf"
    assert opened.headers["content-disposition"].startswith("attachment;")
    assert opened.headers["x-content-type-options"] == "nosniff"


async def test_the_type_comes_from_the_content_not_the_name(client):
    world = await builders.build_world()
    response = await upload(client, world.headers("jobcoach"), EXE, naam="certificaat.pdf")
    assert response.status_code == 400
    assert "PDF, PNG of JPEG" in invalid_params(response)["bestand"]
    assert await Document.count() == 0
    # a PNG named .pdf is stored as what it is
    image = await upload(client, world.headers("jobcoach"), png(), naam="scan.pdf")
    assert image.status_code == 201
    assert image.json()["mediatype"] == "image/png"


async def test_one_byte_over_ten_megabytes_is_a_413_in_dutch(client):
    world = await builders.build_world()
    te_groot = PDF + b"\x00" * (DOCUMENT_MAX_BYTES + 1 - len(PDF))
    response = await upload(client, world.headers("jobcoach"), te_groot)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "te groot" in response.json()["detail"]
    assert await Document.count() == 0
    precies = await upload(client, world.headers("jobcoach"), te_groot[:-1])
    assert precies.status_code == 201


async def test_one_owner_cannot_fill_the_store(client, monkeypatch):
    """Outsider finding (2026-11-30): 30 uploads in a row all passed, so any account could fill the disk.
    An owner keeps at most DOCUMENT_MAX_LOS loose documents and DOCUMENT_MAX_TOTAAL_BYTES in all; attaching a
    document to a claim makes room again. (Smaller limits here, the rule is the same.)"""
    from register.services import documenten

    monkeypatch.setattr(documenten, "DOCUMENT_MAX_LOS", 2)
    world = await builders.build_world()
    coach = world.headers("jobcoach")
    first = (await upload(client, coach, PDF)).json()
    assert (await upload(client, coach, png(), naam="scan.png", mediatype="image/png")).status_code == 201
    full = await upload(client, coach, PDF)
    assert full.status_code == 409
    assert "nog bij geen opleiding" in full.json()["detail"]
    assert await Document.count() == 2
    # another owner is not affected
    assert (await upload(client, world.headers("jobcoach-b"), PDF)).status_code == 201
    # attached, the first no longer counts as loose
    made = await client.post(
        f"/api/v1/jobcoaches/{world.coach_a['id']}/opleidingen",
        json={
            "soort": "hbo-diploma",
            "omschrijving": "Pedagogiek",
            "datum": "2019-06-30",
            "bewijsstukken": [first["id"]],
        },
        headers=coach,
    )
    assert made.status_code == 201, made.text
    assert (await upload(client, coach, PDF)).status_code == 201
    # and the room in bytes counts every document of the owner, attached or not
    monkeypatch.setattr(documenten, "DOCUMENT_MAX_LOS", 100)
    monkeypatch.setattr(documenten, "DOCUMENT_MAX_TOTAAL_BYTES", 3 * len(PDF) + len(png()) - 1)
    over = await upload(client, coach, PDF)
    assert over.status_code == 409 and "opslagruimte" in over.json()["detail"]


async def test_a_malformed_upload_is_refused_in_dutch_naming_the_part(client):
    """Outsider finding (2026-11-30): a part under another name or twice gave "De body is geen geldige
    JSON."; a JSON body gave the English "Invalid multipart/form-data" without invalidParams."""
    world = await builders.build_world()
    coach = world.headers("jobcoach")
    twee = [("bestand", ("a.pdf", PDF, "application/pdf")), ("bestand", ("b.pdf", PDF, "application/pdf"))]
    attempts = [
        {"files": {"file": ("a.pdf", PDF, "application/pdf")}},
        {"files": twee},
        {"json": {"bestand": "JVBERi0xLjQ="}},
        {"content": b"geen multipart", "headers": {"Content-Type": "multipart/form-data; boundary=zz"}},
    ]
    for attempt in attempts:
        headers = {**coach, **attempt.pop("headers", {})}
        response = await client.post("/api/v1/documenten", headers=headers, **attempt)
        assert response.status_code == 400, attempt
        assert "multipart/form-data" in response.json()["detail"]
        assert "precies één keer" in invalid_params(response)["bestand"]
    assert await Document.count() == 0


async def test_only_a_coach_or_an_organisation_uploads(client):
    world = await builders.build_world()
    assert (await upload(client, world.headers("gemeente"), PDF)).status_code == 403
    organisation = await upload(client, world.headers("organisatie"), PDF)
    assert organisation.status_code == 201


async def test_another_coach_cannot_open_or_attach_the_document(client):
    world = await builders.build_world()
    document = (await upload(client, world.headers("jobcoach"), PDF)).json()
    url = f"/api/v1/documenten/{document['id']}/inhoud"
    for role in ("jobcoach-b", "organisatie-b", "gemeente"):
        assert (await client.get(url, headers=world.headers(role))).status_code == 404, role
    # coach B cannot attach coach A's document to a claim of their own
    response = await client.post(
        f"/api/v1/jobcoaches/{world.coach_b['id']}/scholingen",
        json={
            "titel": "Motiverende gespreksvoering",
            "aanbieder": "Academie",
            "datum": "2026-01-10",
            "uren": 8,
            "bewijsstukken": [document["id"]],
        },
        headers=world.headers("jobcoach-b"),
    )
    assert response.status_code == 400
    assert "eigen document" in invalid_params(response)["bewijsstukken[0]"]


async def test_attached_documents_show_on_the_claim_and_auditors_open_them_with_a_log_entry(client):
    world = await builders.build_world()
    document = (await upload(client, world.headers("jobcoach"), PDF)).json()
    made = await client.post(
        f"/api/v1/jobcoaches/{world.coach_a['id']}/opleidingen",
        json={
            "soort": "hbo-diploma",
            "omschrijving": "Toegepaste psychologie",
            "datum": "2020-06-30",
            "bewijsstukken": [document["id"]],
        },
        headers=world.headers("jobcoach"),
    )
    assert made.status_code == 201, made.text
    assert made.json()["bewijsstukken"] == [document["id"]]
    dossier = await client.get(f"/api/v1/jobcoaches/{world.coach_a['id']}", headers=world.headers("auditor"))
    assert dossier.json()["opleidingen"][0]["bewijsstukken"] == [document["id"]]

    url = f"/api/v1/documenten/{document['id']}/inhoud"
    before = await Inzagelog.count().where(Inzagelog.doel == "bewijsstuk openen")
    assert (await client.get(url, headers=world.headers("jobcoach"))).status_code == 200
    assert await Inzagelog.count().where(Inzagelog.doel == "bewijsstuk openen") == before  # own read
    for role in ("auditor", "beheerder", "organisatie"):  # organisation A employs coach A today
        assert (await client.get(url, headers=world.headers(role))).status_code == 200, role
    rows = await Inzagelog.select().where(Inzagelog.doel == "bewijsstuk openen")
    assert {str(r["account"]) for r in rows} == {
        world.auditor["id"],
        world.beheerder["id"],
        world.org_a_account["id"],
    }
    assert {str(r["jobcoach"]) for r in rows} == {world.coach_a["id"]}


async def test_an_organisation_attaches_its_klachtenreglement(client):
    world = await builders.build_world()
    document = (await upload(client, world.headers("organisatie"), PDF)).json()
    response = await client.put(
        f"/api/v1/organisaties/{world.org_a['id']}/kwaliteitsborging",
        json={
            "klachtprocedure": {
                "ingangsdatum": "2025-01-01",
                "ontvangstbevestigingDagen": 5,
                "afhandelingWeken": 6,
                "bewijsstukken": [document["id"]],
            }
        },
        headers=world.headers("organisatie"),
    )
    assert response.status_code == 200, response.text
    assert response.json()["klachtprocedure"]["bewijsstukken"] == [document["id"]]
    url = f"/api/v1/documenten/{document['id']}/inhoud"
    assert (await client.get(url, headers=world.headers("auditor"))).status_code == 200
    assert (await client.get(url, headers=world.headers("organisatie-b"))).status_code == 404


# --- the pages ------------------------------------------------------------------------------------------


async def test_a_coach_uploads_on_the_page_attaches_it_to_a_scholing_and_the_auditor_downloads_it(client):
    world = await builders.build_world()
    coach = world.coach_a["id"]
    login(client, world.coach_a_account)
    token = await csrf_token(client)
    response = await client.post(
        f"/jobcoach/{coach}/documenten",
        data={"_csrf_token": token},
        files={"bestand": ("certificaat.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    document = (await Document.select().where(Document.jobcoach == coach).first())["id"]
    page = await client.get(f"/jobcoach/{coach}/scholing")
    assert f'value="{document}"' in page.text  # offered as a bewijsstuk
    assert "certificaat.pdf: PDF" in page.text  # by its own name (outsider: only "Document 1/2")
    assert ">certificaat.pdf<" in (await client.get(f"/jobcoach/{coach}/documenten")).text
    made = await post_form(
        client,
        f"/jobcoach/{coach}/scholing",
        {
            "titel": "Methodisch werken",
            "aanbieder": "Academie",
            "datum": "2026-01-10",
            "uren": "8",
            "categorie": "overig",
            "bewijsstukken": str(document),
        },
    )
    assert made.status_code == 303, made.text
    page = await client.get(f"/jobcoach/{coach}/scholing")
    assert f'href="/documenten/{document}"' in page.text

    world.log_in_pages(client, "auditor")
    opened = await client.get(f"/documenten/{document}")
    assert opened.status_code == 200 and opened.content == PDF
    assert opened.headers["content-disposition"].startswith("attachment;")
    world.log_in_pages(client, "jobcoach-b")
    assert (await client.get(f"/documenten/{document}")).status_code == 404


async def test_the_page_refuses_a_renamed_executable_next_to_the_field(client):
    world = await builders.build_world()
    coach = world.coach_a["id"]
    login(client, world.coach_a_account)
    response = await client.post(
        f"/jobcoach/{coach}/documenten",
        data={"_csrf_token": await csrf_token(client)},
        files={"bestand": ("diploma.pdf", EXE, "application/pdf")},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert "PDF, PNG of JPEG" in (inline_error(response.text, "veld-bestand") or "")
    assert await Document.count() == 0


def test_a_file_name_is_cleaned_to_a_name_to_show_never_a_path():
    from register.services.documenten import BESTANDSNAAM_MAX, schone_bestandsnaam

    assert schone_bestandsnaam("../../etc/passwd") == "passwd"
    assert schone_bestandsnaam("C:\\Users\\anna\\Diploma HBO.pdf") == "Diploma HBO.pdf"
    assert schone_bestandsnaam("dip\x00lo\u202ema\n  2026.pdf") == "diploma 2026.pdf"
    assert schone_bestandsnaam("Cafe\u0301.pdf") == "Caf\u00e9.pdf"  # NFC
    assert schone_bestandsnaam("") is None and schone_bestandsnaam(None) is None
    assert schone_bestandsnaam("/") is None and schone_bestandsnaam(" . ") is None
    lang = schone_bestandsnaam("x" * 500 + ".pdf")
    assert len(lang) == BESTANDSNAAM_MAX and lang.endswith("….pdf")


async def test_the_auditor_sees_the_documents_in_the_work_queue(client):
    world = await builders.build_world()
    document = (await upload(client, world.headers("jobcoach"), PDF, naam="../Diploma Anna.pdf")).json()
    assert document["bestandsnaam"] == "Diploma Anna.pdf"
    made = await client.post(
        f"/api/v1/jobcoaches/{world.coach_a['id']}/scholingen",
        json={
            "titel": "Methodisch werken",
            "aanbieder": "Academie",
            "datum": "2026-01-10",
            "uren": 8,
            "bewijsstukken": [document["id"]],
        },
        headers=world.headers("jobcoach"),
    )
    queue = await client.get("/api/v1/beoordelingen/werkvoorraad", headers=world.headers("auditor"))
    item = next(i for i in queue.json()["resultaten"] if i["object"] == made.json()["id"])
    assert item["bewijsstukken"] == [document["id"]]
    world.log_in_pages(client, "auditor")
    page = await client.get("/auditor/werkvoorraad")
    assert f'href="/documenten/{document["id"]}"' in page.text
    # name, type, size (Dutch number format) and the SHA-256, short with the whole one at hand
    from api.pages.documenten import grootte_tekst

    assert "Diploma Anna.pdf</a>" in page.text.replace('<span class="visually-hidden"> downloaden</span>', "")
    assert f"PDF, {grootte_tekst(len(PDF))}, geüpload op" in page.text and "," in grootte_tekst(len(PDF))
    sha = document["sha256"]
    assert f'title="{sha}">{sha[:12]}…</code>' in page.text and f"<code class=\"breekbaar\">{sha}</code>" in page.text
    assert "categorie Overig" in page.text  # the vocabulary's label, not the code


async def test_a_rejected_scholing_is_corrected_and_resubmitted_with_a_new_document(client):
    from register.services import beoordelingen

    world = await builders.build_world()
    first = (await upload(client, world.headers("jobcoach"), PDF)).json()
    body = {"titel": "Methodisch werken", "aanbieder": "Academie", "datum": "2026-01-10", "uren": 8}
    made = await client.post(
        f"/api/v1/jobcoaches/{world.coach_a['id']}/scholingen",
        json={**body, "bewijsstukken": [first["id"]]},
        headers=world.headers("jobcoach"),
    )
    scholing = made.json()["id"]
    url = f"/api/v1/jobcoaches/{world.coach_a['id']}/scholingen/{scholing}/herindiening"
    # only a rejected claim can be resubmitted
    assert (await client.post(url, json=body, headers=world.headers("jobcoach"))).status_code == 409
    await beoordelingen.beoordeel(
        world.actor("auditor"), scholing, "afgewezen", "stuur een kopie van het certificaat"
    )
    second = (await upload(client, world.headers("jobcoach"), png())).json()
    again = await client.post(
        url, json={**body, "uren": 6, "bewijsstukken": [second["id"]]}, headers=world.headers("jobcoach")
    )
    assert again.status_code == 200, again.text
    assert again.json()["verificatie"] == "ingediend"
    assert again.json()["uren"] == 6
    assert again.json()["bewijsstukken"] == [first["id"], second["id"]]  # the earlier document stays
    # coach B cannot resubmit coach A's claim
    other = await client.post(
        f"/api/v1/jobcoaches/{world.coach_b['id']}/scholingen/{scholing}/herindiening",
        json=body,
        headers=world.headers("jobcoach-b"),
    )
    assert other.status_code == 404
