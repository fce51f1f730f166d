"""Issue #17 part 8: the statement for people. The printable page and its PDF (letterhead, verdict per
criterion, kenmerk, QR code to the public check page), and /verklaring-controleren, where anyone checks a
statement against the JWKS and the transparency log."""

from __future__ import annotations

import base64
import io
import re

import pypdf
import time_machine

from api.pages.verklaring import controle_url, qr_data_uri
from audits.tables import Inzagelog
from register.tables import Verificatie
from tests import builders
from tests.builders import T0
from tests.helpers import BASE_URL, csrf_token, token_for


def log_in(client, account) -> None:
    client.cookies.clear()
    client.cookies.set("sessie", token_for(account))


async def post_form(client, url: str, form: dict) -> object:
    token = await csrf_token(client)
    return await client.post(url, data={**form, "_csrf_token": token}, follow_redirects=False)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


async def _verified(client, traveller) -> tuple[object, str]:
    """A qualified world with one verified traject; returns the world and the verification's id."""
    o = await builders.qualified_world(traveller=traveller)
    log_in(client, o.gemeente_account)
    made = await post_form(
        client,
        "/gemeente/trajecten/nieuw",
        {
            "gemeente": "GM0599",
            "referentie": "WMO-8",
            "werkgever": "Bakkerij Van Dam",
            "startdatum": "2026-01-05",
            "regime": "midden",
            "contracturen": "16",
            "registratienummer": o.coach_a["registratienummer"],
            "kvkNummer": o.org_a["kvk_nummer"],
        },
    )
    assert made.status_code == 303, made.text
    traject_id = made.headers["location"].split("/")[3].split("?")[0]
    verified = await post_form(client, f"/gemeente/trajecten/{traject_id}/verificaties", {"peildatum": ""})
    assert verified.status_code == 303
    return o, verified.headers["location"].rsplit("/", 1)[1]


def _tamper(jws: str) -> str:
    """The same statement with its verdict turned around (and the signature left as it was)."""
    header, payload, signature = jws.split(".")
    claims = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    assert '"gekwalificeerd":true' in claims
    forged = claims.replace('"gekwalificeerd":true', '"gekwalificeerd":false')
    return ".".join([header, base64.urlsafe_b64encode(forged.encode()).rstrip(b"=").decode(), signature])


async def test_the_statement_page_and_its_pdf_are_for_people(client):
    with time_machine.travel(T0, tick=False) as t:
        o, kenmerk = await _verified(client, t)
        jws = (await Verificatie.select(Verificatie.attestatie).first())["attestatie"]

        page = await client.get(f"/gemeente/verificaties/{kenmerk}/verklaring")
        assert page.status_code == 200
        shown = text(page)
        assert "Kwaliteitsregister Jobcoaching" in shown and "jobcoachregister.nl" in shown  # letterhead
        assert "Voldoet aan het toetsingskader" in shown and kenmerk in shown
        assert "Registratie in een persoonsregister (Noloc of NVS): voldaan" in shown
        # the built-in kader is named as such, not as "versie 0" (outside test)
        assert "landelijk kader: de standaardeisen van het register" in shown and "versie 0" not in shown
        detail = text(await client.get(f"/gemeente/verificaties/{kenmerk}"))
        assert "de standaardeisen van het register" in detail and "versie 0" not in detail
        # the QR code opens the public check page of this statement
        assert qr_data_uri(controle_url(BASE_URL, kenmerk)) in page.text
        assert "import json" not in page.text and "jwt.decode" not in page.text  # code samples moved
        assert jws in page.text  # the signed code stays, for pasting into the check page

        pdf = await client.get(f"/gemeente/verificaties/{kenmerk}/verklaring.pdf")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.headers["content-disposition"].startswith("attachment;")
        reader = pypdf.PdfReader(io.BytesIO(pdf.content))
        body = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
        assert "Verificatieverklaring" in body and "Kwaliteitsregister Jobcoaching" in body
        assert "Voldoet aan het toetsingskader" in body
        assert o.coach_a["registratienummer"] in body and "WMO-8" in body
        assert kenmerk in body
        assert "Intercollegiale toetsing: voldaan" in body
        assert len(reader.pages[0].images) + body.count("QR") >= 1  # the QR code is drawn (and named)

        # another gemeente's employee or a coach cannot have it
        log_in(client, o.coach_a_account)
        assert (await client.get(f"/gemeente/verificaties/{kenmerk}/verklaring.pdf")).status_code == 403


async def test_anyone_checks_a_statement_by_kenmerk_or_by_pasting_it(client):
    with time_machine.travel(T0, tick=False) as t:
        o, kenmerk = await _verified(client, t)
        jws = (await Verificatie.select(Verificatie.attestatie).first())["attestatie"]
        client.cookies.clear()  # the public: no log-in

        empty = await client.get("/verklaring-controleren")
        assert empty.status_code == 200 and 'name="verklaring"' in empty.text

        reads = await Inzagelog.count()
        scanned = await client.get(f"/verklaring-controleren?kenmerk={kenmerk}")
        assert scanned.status_code == 200
        shown = text(scanned)
        assert "Deze verklaring is echt" in shown and "niet echt" not in shown
        assert "transparantielog van het register (regel" in shown  # found in the log, same verdict
        assert "voldeden op" in shown and "WMO-8" in shown and o.coach_a["registratienummer"] in shown
        assert "de standaardeisen van het register" in shown and "versie 0" not in shown
        assert await Inzagelog.count() == reads + 1  # the read of the coach's verdict is logged

        # pasted as copied from a PDF: broken over lines
        pasted = await post_form(
            client, "/verklaring-controleren", {"verklaring": "\n".join(re.findall(".{1,60}", jws))}
        )
        assert pasted.status_code == 200 and "Deze verklaring is echt" in text(pasted)

        forged = await post_form(client, "/verklaring-controleren", {"verklaring": _tamper(jws)})
        shown = text(forged)
        assert "Deze verklaring is niet echt" in shown and "Deze verklaring is echt" not in shown
        assert "de handtekening klopt niet" in shown
        assert "voldeed op" not in shown  # nothing of a forged statement is shown as fact

        garbage = await post_form(client, "/verklaring-controleren", {"verklaring": "dit is geen verklaring"})
        assert "Deze verklaring is niet echt" in text(garbage)

        unknown = await client.get("/verklaring-controleren?kenmerk=00000000-0000-4000-8000-000000000000")
        assert unknown.status_code == 404 and "Geen verklaring met dit kenmerk" in text(unknown)
        assert (await client.get("/verklaring-controleren?kenmerk=geen-uuid")).status_code == 404
