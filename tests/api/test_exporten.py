"""Spreadsheet exports beyond the trajecten (issue 16, part 7): a gemeente's verifications and signals,
the beheerder's accounts, jobcoaches, organisations and audit log, as CSV (UTF-8 with BOM, `;`) and XLSX
by content negotiation, with formula cells neutralised. The trajecten export is in test_koppeling.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import openpyxl
import time_machine

from audits.tables import Inzagelog
from register.services import signalen
from tests import builders
from tests.builders import T0
from tests.helpers import auth

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    assert response.headers["content-disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _xlsx(response) -> list[tuple]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


async def test_a_gemeente_exports_its_verifications_and_signals(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o, referentie="WMO-7")
        await builders.approve(o, traject)
        headers = auth(o.gemeente_account)
        for _ in range(2):
            made = await client.post(f"/api/v1/trajecten/{traject['id']}/verificaties", headers=headers)
            assert made.status_code == 201, made.text
        listed = await client.get("/api/v1/verificaties", headers=headers)
        aantal = listed.json()["aantal"]
        assert aantal == 3  # the approval's verification and these two
        reads = await Inzagelog.count()
        rows = _csv(await client.get("/api/v1/verificaties", headers={**headers, "Accept": "text/csv"}))
        # beside the ids, the traject's referentie and the coach's name (outsider: only ids)
        assert rows[0][:4] == ["Verificatie-id", "Traject", "Jobcoach", "Traject-id"] and len(rows) == aantal + 1
        assert {(r[1], r[2], r[3]) for r in rows[1:]} == {("WMO-7", o.coach_a["naam"], traject["id"])}
        kolom = rows[0].index
        assert {r[kolom("Gekwalificeerd")] for r in rows[1:]} == {"ja"}
        assert {r[kolom("Toetsingskader")] for r in rows[1:]} == {"landelijk, standaard van het register"}
        # a moment in UTC, whole seconds, with Z (outsider: 03:57:46.026002+00:00)
        aangemaakt = {r[kolom("Aangemaakt op (UTC)")] for r in rows[1:]}
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", a) for a in aangemaakt), aangemaakt
        assert await Inzagelog.count() == reads + 1  # the one coach shown, access-logged
        response = await client.get("/api/v1/verificaties", headers={**headers, "Accept": XLSX})
        sheet = _xlsx(response)
        assert sheet[0][0] == "Verificatie-id" and len(sheet) == aantal + 1
        # real dates with a date format, not text
        cellen = openpyxl.load_workbook(io.BytesIO(response.content)).active
        peildatum = cellen.cell(row=2, column=sheet[0].index("Peildatum") + 1)
        assert isinstance(peildatum.value, dt.datetime) and peildatum.is_date
        assert peildatum.number_format == "yyyy-mm-dd"
        moment = cellen.cell(row=2, column=sheet[0].index("Aangemaakt op (UTC)") + 1)
        assert moment.is_date and moment.number_format == "yyyy-mm-dd hh:mm:ss"
        assert moment.value.isoformat() + "Z" == rows[1][kolom("Aangemaakt op (UTC)")]

        t.move_to(dt.datetime(2026, 4, 2, 8, tzinfo=dt.UTC))  # the Noloc registration has lapsed
        await signalen.compute()
        headers = auth(o.gemeente_account)  # a token of the new day
        signals = await client.get("/api/v1/signalen", headers=headers)
        assert signals.json()["aantal"] >= 1
        rows = _csv(await client.get("/api/v1/signalen", headers={**headers, "Accept": "text/csv"}))
        assert rows[0][:2] == ["Soort", "Tekst"] and len(rows) == signals.json()["aantal"] + 1
        assert (
            _xlsx(await client.get("/api/v1/signalen", headers={**headers, "Accept": XLSX}))[0][0] == "Soort"
        )


async def test_the_beheerder_exports_accounts_jobcoaches_organisations_and_the_audit_log(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        await builders.organisatie(naam="=1+1 Jobcoaching")
        beheerder = await builders.beheerder()
        headers = auth(beheerder)
        cases = {
            "/api/v1/gebruikers": "Gebruikersnaam",
            "/api/v1/jobcoaches": "Registratienummer",
            "/api/v1/organisaties": "Naam",
            "/api/v1/auditlog": "Volgnummer",
        }
        for path, first in cases.items():
            listed = await client.get(path, headers=headers)
            assert listed.status_code == 200, (path, listed.text)
            rows = _csv(await client.get(path, headers={**headers, "Accept": "text/csv"}))
            assert rows[0][0] == first, path
            assert len(rows) == listed.json()["aantal"] + 1, path
            sheet = _xlsx(await client.get(path, headers={**headers, "Accept": XLSX}))
            assert sheet[0][0] == first and len(sheet) == len(rows), path
        organisaties = _csv(
            await client.get("/api/v1/organisaties", headers={**headers, "Accept": "text/csv"})
        )
        assert "'=1+1 Jobcoaching" in {r[0] for r in organisaties}
        coaches = _csv(await client.get("/api/v1/jobcoaches", headers={**headers, "Accept": "text/csv"}))
        assert [o.coach_a["registratienummer"], "Sanne", "", "de Vries"] == coaches[1][:4]


async def test_json_stays_the_default_and_the_exports_are_declared(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        response = await client.get(
            "/api/v1/verificaties", headers={**auth(o.gemeente_account), "Accept": "*/*"}
        )
        assert response.headers["content-type"].startswith("application/json")
        document = (await client.get("/api/v1/openapi.json")).json()
    for path in (
        "/trajecten",
        "/verificaties",
        "/signalen",
        "/gebruikers",
        "/jobcoaches",
        "/organisaties",
        "/auditlog",
    ):
        content = document["paths"][path]["get"]["responses"]["200"]["content"]
        assert {"application/json", "text/csv", XLSX} <= set(content), path


async def test_the_pages_offer_the_same_downloads(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o, referentie="=WMO-8")
        await client.post(f"/api/v1/trajecten/{traject['id']}/verificaties", headers=auth(o.gemeente_account))
        o.accounts["beheerder"] = await builders.beheerder()

        o.log_in_pages(client, "gemeente")
        overzicht = (await client.get("/gemeente")).text
        for soort in ("trajecten", "verificaties", "signalen"):
            assert f'href="/gemeente/export/{soort}?formaat=csv"' in overzicht
            assert f'href="/gemeente/export/{soort}?formaat=xlsx"' in overzicht
        trajecten = _csv(await client.get("/gemeente/export/trajecten?formaat=csv"))
        assert trajecten[1][0] == "'=WMO-8"
        verificaties = _xlsx(await client.get("/gemeente/export/verificaties?formaat=xlsx"))
        assert verificaties[0][0] == "Verificatie-id" and verificaties[1][1:4] == (
            "=WMO-8",  # XLSX keeps the text as it is (quotePrefix), CSV neutralises it
            o.coach_a["naam"],
            traject["id"],
        )
        assert _csv(await client.get("/gemeente/export/verificaties?formaat=csv"))[1][1] == "'=WMO-8"
        assert _csv(await client.get("/gemeente/export/signalen?formaat=csv"))[0][0] == "Soort"
        assert (await client.get("/gemeente/export/onbekend")).status_code == 404

        o.log_in_pages(client, "beheerder")
        for soort, pagina, eerste in (
            ("accounts", "/beheer/accounts", "Gebruikersnaam"),
            ("jobcoaches", "/beheer/jobcoaches", "Registratienummer"),
            ("organisaties", "/beheer/organisaties", "Naam"),
            ("auditlog", "/beheer/auditlog", "Volgnummer"),
        ):
            assert f'href="/beheer/export/{soort}?formaat=csv"' in (await client.get(pagina)).text, pagina
            assert _csv(await client.get(f"/beheer/export/{soort}?formaat=csv"))[0][0] == eerste
            assert _xlsx(await client.get(f"/beheer/export/{soort}?formaat=xlsx"))[0][0] == eerste


async def test_a_route_without_a_spreadsheet_answers_an_accept_asking_only_for_one_with_406(client):
    """One rule for every API route that offers no CSV/XLSX: an Accept of only those types is a 406 with
    a Dutch problem; JSON, wildcards and mixed headers still get the JSON answer."""
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        headers = auth(o.gemeente_account)
        traject = await builders.traject(o)
        for path in ("/api/v1/aanvragen", f"/api/v1/trajecten/{traject['id']}", "/api/v1/gemeenten"):
            for accept in ("text/csv", XLSX, f"text/csv, {XLSX};q=0.5", "text/csv, application/json;q=0"):
                refused = await client.get(path, headers={**headers, "Accept": accept})
                assert refused.status_code == 406, (path, accept, refused.status_code)
                assert refused.headers["content-type"].startswith("application/problem+json")
                assert "alleen als JSON" in refused.json()["detail"]
                assert refused.json()["title"] == "Niet leverbaar in het gevraagde formaat"
            for accept in ("application/json", "*/*", "text/csv, application/json;q=0.5", "text/*"):
                answered = await client.get(path, headers={**headers, "Accept": accept})
                assert answered.status_code == 200, (path, accept, answered.text)
                assert answered.headers["content-type"].startswith("application/json")
        # a write answers JSON only, even on a path whose list exports
        made = await client.post(
            "/api/v1/trajecten",
            headers={**headers, "Accept": "text/csv"},
            json=builders.traject_body(o, referentie="WMO-9"),
        )
        assert made.status_code == 406
        assert _csv(await client.get("/api/v1/trajecten", headers={**headers, "Accept": "text/csv"}))
