"""An organisation's evidence documents on its own pages (issue 15): upload on /documenten, attach to a
kwaliteitsborging area (the klachtprocedure's klachtenreglement) and to a keurmerk, resubmit with a new
document while the earlier version keeps its own, and the auditor sees and opens them beside the findings of
an organisation audit and in the work queue."""

from __future__ import annotations

from register.tables import Bewijsstuk, Document, Kwaliteitsborging
from tests import builders
from tests.helpers import csrf_token, inline_error, login, post_form

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
PROCEDURE = {
    "klachtprocedure.ingangsdatum": "2026-01-01",
    "klachtprocedure.ontvangstbevestigingDagen": "5",
    "klachtprocedure.afhandelingWeken": "6",
    "klachtprocedure.klachtencommissie": "Geschillencommissie Zorg",
    "klachtprocedure.toelichting": "Klachtenreglement 2026",
}


async def upload(client, org_id: str, inhoud: bytes, naam: str = "klachtenreglement.pdf"):
    return await client.post(
        f"/organisatie/{org_id}/documenten",
        data={"_csrf_token": await csrf_token(client)},
        files={"bestand": (naam, inhoud, "application/pdf")},
        follow_redirects=False,
    )


async def test_the_klachtenreglement_is_attached_resubmitted_and_shown_to_the_auditor(client):
    world = await builders.build_world()
    org = world.org_a["id"]
    login(client, world.org_a_account)
    assert (await upload(client, org, PDF)).status_code == 303
    eerste = str((await Document.select().first())["id"])
    pagina = await client.get(f"/organisatie/{org}/documenten")
    assert f'href="/documenten/{eerste}"' in pagina.text and "24 uur koppelt, wordt verwijderd" in pagina.text
    borging = await client.get(f"/organisatie/{org}/kwaliteitsborging")
    assert f'name="klachtprocedure.bewijsstukken" value="{eerste}"' in borging.text

    saved = await post_form(
        client, f"/organisatie/{org}/kwaliteitsborging", {**PROCEDURE, "klachtprocedure.bewijsstukken": [eerste]}
    )
    assert saved.status_code == 303, saved.text
    api = await client.get(f"/api/v1/organisaties/{org}/kwaliteitsborging", headers=world.headers("organisatie"))
    assert api.json()["klachtprocedure"]["bewijsstukken"] == [eerste]

    # a new document: ticked beside the first (which the form keeps ticked), a new version of the area
    assert (await upload(client, org, PDF + b"% versie 2\n")).status_code == 303
    tweede = str((await Document.select().where(Document.id != eerste).first())["id"])
    borging = await client.get(f"/organisatie/{org}/kwaliteitsborging")
    assert f'value="{eerste}" checked' in borging.text
    saved = await post_form(
        client,
        f"/organisatie/{org}/kwaliteitsborging",
        {**PROCEDURE, "klachtprocedure.bewijsstukken": [eerste, tweede]},
    )
    assert saved.status_code == 303 and "opgeslagen" in saved.headers["location"]
    versies = await Kwaliteitsborging.select().where(Kwaliteitsborging.gebied == "klachtprocedure").order_by(
        Kwaliteitsborging.vastgelegd_op
    )
    assert len(versies) == 2
    per_versie = [
        sorted(str(b["document"]) for b in await Bewijsstuk.select().where(Bewijsstuk.claim == v["id"]))
        for v in versies
    ]
    assert per_versie == [[eerste], sorted([eerste, tweede])]  # the earlier version keeps its own

    # the same form again: nothing changed, no third version
    again = await post_form(
        client,
        f"/organisatie/{org}/kwaliteitsborging",
        {**PROCEDURE, "klachtprocedure.bewijsstukken": [eerste, tweede]},
    )
    assert "geen-wijzigingen" in again.headers["location"]

    client.cookies.clear()
    login(client, world.auditor)
    form = await client.get(f"/auditor/organisatie-audits/nieuw?organisatie={org}")
    assert form.status_code == 200
    assert f'href="/documenten/{tweede}"' in form.text and "Klachtenreglement 2026" in form.text
    opened = await client.get(f"/documenten/{tweede}")
    assert opened.status_code == 200 and opened.content.startswith(b"%PDF")


async def test_an_organisation_attaches_only_its_own_documents(client):
    world = await builders.build_world()
    login(client, world.org_b_account)
    assert (await upload(client, world.org_b["id"], PDF)).status_code == 303
    van_b = str((await Document.select().first())["id"])
    client.cookies.clear()
    login(client, world.org_a_account)
    org = world.org_a["id"]
    response = await post_form(
        client, f"/organisatie/{org}/kwaliteitsborging", {**PROCEDURE, "klachtprocedure.bewijsstukken": [van_b]}
    )
    assert response.status_code == 400
    assert "geen eigen document" in (inline_error(response.text, "veld-klachtprocedure-bewijsstukken") or "")
    assert 'value="Geschillencommissie Zorg"' in response.text  # the input is kept
    assert await Kwaliteitsborging.count() == 0
    assert (await client.get(f"/documenten/{van_b}")).status_code == 404
    refused = await upload(client, org, EXE, naam="reglement.pdf")
    assert refused.status_code == 400
    assert "PDF, PNG of JPEG" in (inline_error(refused.text, "veld-bestand") or "")


async def test_a_keurmerk_with_its_certificate_reaches_the_work_queue(client):
    world = await builders.build_world()
    org = world.org_a["id"]
    login(client, world.org_a_account)
    assert (await upload(client, org, PDF, naam="certificaat.pdf")).status_code == 303
    document = str((await Document.select().first())["id"])
    pagina = await client.get(f"/organisatie/{org}/keurmerken")
    assert f'value="{document}"' in pagina.text
    made = await post_form(
        client,
        f"/organisatie/{org}/keurmerken",
        {
            "schema": "uwv",
            "nummer": "UWV-2026-77",
            "ingangsdatum": "2026-01-01",
            "geldigTot": "2030-12-31",
            "status": "actief",
            "bewijsstukken": [document],
        },
    )
    assert made.status_code == 303, made.text
    assert f'href="/documenten/{document}"' in (await client.get(f"/organisatie/{org}/keurmerken")).text
    client.cookies.clear()
    login(client, world.auditor)
    werkvoorraad = await client.get("/auditor/werkvoorraad")
    assert "UWV-2026-77" in werkvoorraad.text and f'href="/documenten/{document}"' in werkvoorraad.text
