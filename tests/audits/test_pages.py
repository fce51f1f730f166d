"""The audit pages as a person uses them: plain HTML forms, no JavaScript, Dutch messages."""

from __future__ import annotations

import datetime as dt
import html
import re

import time_machine

from audits.tables import Bevinding, Toetsing, ToetsingDeelnemer
from register.actor import Actor, Rol
from register.services import jobcoaches
from register.tables import Jobcoach, Opleiding
from tests import builders
from tests.helpers import auth, csrf_token, token_for

NOW = dt.datetime(2026, 3, 15, 10, tzinfo=dt.UTC)


async def log_in(client, account) -> str:
    client.cookies.clear()
    client.cookies.set("sessie", token_for(account))
    return await csrf_token(client)


def text(response) -> str:
    """What a reader sees: the page without its tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", response.text))


@time_machine.travel(NOW, tick=False)
async def test_work_queue_page_verify_and_reject(client, db):
    s = await builders.audit_world()
    coach = Actor(s.coach_b_account["id"], "b", (Rol("jobcoach", jobcoach=s.coach_b["id"]),))
    claim = await jobcoaches.add_opleiding(
        coach,
        s.coach_b["id"],
        {"soort": "hbo-diploma", "omschrijving": "Bachelor Social Work", "datum": dt.date(2012, 7, 1)},
    )
    token = await log_in(client, s.auditor)
    page = await client.get("/auditor/werkvoorraad")
    assert page.status_code == 200
    assert "Opleiding van Bram Bos" in text(page) and "Bachelor Social Work" in text(page)
    assert 'name="_csrf_token"' in page.text

    # reject without a reason: the form again, with the error inline and in an alert; nothing stored
    response = await client.post(
        "/auditor/werkvoorraad",
        data={"_csrf_token": token, "object": claim["id"], "besluit": "afgewezen", "toelichting": ""},
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert "geef bij een afwijzing de reden" in text(response)
    assert (await Opleiding.select().first())["verificatie"] == "ingediend"

    response = await client.post(
        "/auditor/werkvoorraad",
        data={
            "_csrf_token": token,
            "object": claim["id"],
            "besluit": "afgewezen",
            "toelichting": "Kopie diploma ontbreekt",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    after = await client.get(response.headers["location"])
    assert "afgewezen" in text(after) and "Er wacht niets op beoordeling" in text(after)
    stored = await Opleiding.select().first()
    assert (stored["verificatie"], stored["beoordeling_toelichting"]) == (
        "afgewezen",
        "Kopie diploma ontbreekt",
    )

    # the linked auditor sees why they cannot assess a colleague's claim, and posting anyway is refused
    coach_a = Actor(s.coach_a_account["id"], "a", (Rol("jobcoach", jobcoach=s.coach_a["id"]),))
    other = await jobcoaches.add_opleiding(
        coach_a,
        s.coach_a["id"],
        {"soort": "hbo-diploma", "omschrijving": "Pabo", "datum": dt.date(2010, 7, 1)},
    )
    token = await log_in(client, s.auditor_a)
    page = await client.get("/auditor/werkvoorraad")
    assert "U kunt dit niet beoordelen" in text(page) and "Werkfit A" in text(page)
    refused = await client.post(
        "/auditor/werkvoorraad", data={"_csrf_token": token, "object": other["id"], "besluit": "geverifieerd"}
    )
    assert refused.status_code == 403 and "belangenconflict" in text(refused)


@time_machine.travel(NOW, tick=False)
async def test_toetsing_form_search_add_validate_save_and_lock(client, db):
    s = await builders.audit_world()
    token = await log_in(client, s.auditor)
    form = await client.get("/auditor/toetsingen/nieuw")
    assert form.status_code == 200 and "Nieuwe intercollegiale toetsing" in text(form)

    base = {"_csrf_token": token, "datum": "2026-03-12", "vorm": "intervisie"}
    found = await client.post("/auditor/toetsingen/nieuw", data={**base, "zoek": "Bos", "actie": "zoeken"})
    assert found.status_code == 200
    assert "Bram Bos" in text(found) and f'value="toevoegen:{s.coach_b["id"]}"' in found.text
    assert 'value="2026-03-12"' in found.text  # what was typed stays

    added = await client.post(
        "/auditor/toetsingen/nieuw", data={**base, "zoek": "Bos", "actie": f"toevoegen:{s.coach_b['id']}"}
    )
    assert "1. Bram Bos" in text(added)
    assert f'name="d0_jobcoach" value="{s.coach_b["id"]}"' in added.text

    participant = {
        "d0_jobcoach": s.coach_b["id"],
        "d0_casus": "Client 111222333 met burn-out",
        "d0_beoordeling": "voldoende",
        "d0_feedback": "Goede reflectie",
        "d0_leerdoelen": "Netwerk uitbreiden",
    }
    bad = await client.post("/auditor/toetsingen/nieuw", data={**base, **participant, "actie": "opslaan"})
    assert bad.status_code == 400
    assert 'role="alert"' in bad.text
    assert 'id="d0_casus-fout"' in bad.text and "BSN" in text(bad)
    assert "Goede reflectie" in text(bad)  # typed values are kept
    assert await Toetsing.count() == 0

    empty = await client.post("/auditor/toetsingen/nieuw", data={**base, "actie": "opslaan"})
    assert empty.status_code == 400 and "voeg minstens één deelnemer" in text(empty)

    participant["d0_casus"] = "Werknemer in de zorg, opbouw van uren"
    saved = await client.post(
        "/auditor/toetsingen/nieuw", data={**base, **participant, "actie": "opslaan"}, follow_redirects=False
    )
    assert saved.status_code == 303
    toetsing_id = re.search(r"/auditor/toetsingen/([0-9a-f-]+)", saved.headers["location"]).group(1)
    draft = await client.get(saved.headers["location"])
    assert "als concept opgeslagen" in text(draft) and "Toetsing vaststellen" in text(draft)

    # edit the draft: add coach C, then save
    edit = {
        **base,
        **participant,
        "d1_jobcoach": s.coach_c["id"],
        "d1_beoordeling": "onvoldoende",
        "actie": "opslaan",
        "versie": "1",
    }
    saved = await client.post(f"/auditor/toetsingen/{toetsing_id}", data=edit, follow_redirects=False)
    assert saved.status_code == 303
    assert await ToetsingDeelnemer.count().where(ToetsingDeelnemer.toetsing == toetsing_id) == 2

    locked = await client.post(
        f"/auditor/toetsingen/{toetsing_id}/vaststelling", data={"_csrf_token": token}, follow_redirects=False
    )
    assert locked.status_code == 303
    view = await client.get(locked.headers["location"])
    assert "vastgesteld" in text(view) and "Correctie vastleggen" in text(view)
    assert "Toetsing vaststellen" not in text(view)

    # a locked session cannot be edited or locked again through the pages either
    again = await client.post(f"/auditor/toetsingen/{toetsing_id}/vaststelling", data={"_csrf_token": token})
    assert again.status_code == 409 and "al vastgesteld" in text(again)
    changed = await client.post(f"/auditor/toetsingen/{toetsing_id}", data=edit)
    assert changed.status_code == 409
    assert await ToetsingDeelnemer.count().where(ToetsingDeelnemer.toetsing == toetsing_id) == 2

    # the correction form starts from the old session
    correction = await client.get(f"/auditor/toetsingen/nieuw?corrigeert={toetsing_id}")
    assert "Correctie van een vastgestelde toetsing" in text(correction)
    assert f'name="corrigeert" value="{toetsing_id}"' in correction.text

    # the coach sees their own feedback on their page, not their colleague's
    await log_in(client, s.coach_b_account)
    mine = await client.get("/mijn-toetsingen")
    assert mine.status_code == 200
    assert "Goede reflectie" in text(mine) and "Netwerk uitbreiden" in text(mine)
    assert "onvoldoende" not in text(mine)


@time_machine.travel(NOW, tick=False)
async def test_toetsing_form_finds_participants_with_the_public_search_typo_tolerance(client, db):
    s = await builders.audit_world()
    token = await log_in(client, s.auditor)
    base = {"_csrf_token": token, "datum": "2026-03-12", "vorm": "intervisie", "actie": "zoeken"}

    async def found(term: str) -> set[str]:
        response = await client.post("/auditor/toetsingen/nieuw", data={**base, "zoek": term})
        assert response.status_code == 200
        return set(re.findall(r'value="toevoegen:([0-9a-f-]+)"', response.text))

    # a misspelling, a sound-alike spelling and a registratienummer in another spelling, as the public search
    assert s.coach_a["id"] in await found("Anna Albers")
    assert s.coach_c["id"] in await found("Karla Klaes")
    assert await found(s.coach_b["registratienummer"].replace("-", " ").lower()) == {s.coach_b["id"]}
    # coaches not (yet) in the public register take part in toetsingen, so they are found too
    assert (await Jobcoach.select(Jobcoach.status).where(Jobcoach.id == s.coach_a["id"]).first())[
        "status"
    ] not in ("actief", "geschorst")
    assert await found("zzqx") == set()


async def test_toetsing_page_refuses_a_colleague(client, db):
    s = await builders.audit_world()
    token = await log_in(client, s.auditor_a)
    found = await client.post(
        "/auditor/toetsingen/nieuw",
        data={
            "_csrf_token": token,
            "datum": "2026-03-12",
            "vorm": "intervisie",
            "zoek": "Aalbers",
            "actie": "zoeken",
        },
    )
    assert "Anna Aalbers" in text(found) and "Niet mogelijk" in text(found)
    assert f"toevoegen:{s.coach_a['id']}" not in found.text
    forced = await client.post(
        "/auditor/toetsingen/nieuw",
        data={
            "_csrf_token": token,
            "datum": "2026-03-12",
            "vorm": "intervisie",
            "d0_jobcoach": s.coach_a["id"],
            "d0_beoordeling": "voldoende",
            "actie": "opslaan",
        },
    )
    assert forced.status_code == 403
    assert 'role="alert"' in forced.text and "belangenconflict" in text(forced)
    assert await Toetsing.count() == 0


@time_machine.travel(NOW, tick=False)
async def test_audit_pages_from_finding_to_closing(client, db):
    s = await builders.audit_world()
    token = await log_in(client, s.auditor)
    search = await client.get("/auditor/organisatie-audits/nieuw?zoek=Jobstap")
    assert "Jobstap B" in text(search)
    form = await client.get(f"/auditor/organisatie-audits/nieuw?organisatie={s.org_b['id']}")
    assert "Organisatie: Jobstap B" in text(form)
    data = {
        "_csrf_token": token,
        "organisatie": s.org_b["id"],
        "datum": "2026-03-14",
        "schema": "oval",
        "privacy_oordeel": "major",
        "privacy_maatregel": "Privacyverklaring publiceren",
        "privacy_deadline": "2026-03-01",
        "continuiteit_oordeel": "conform",
        "uitkomst": "voorwaardelijk",
    }
    bad = await client.post("/auditor/organisatie-audits/nieuw", data=data)
    assert bad.status_code == 400
    assert 'id="privacy_deadline-fout"' in bad.text and "mag niet voor de auditdatum liggen" in text(bad)
    assert "Privacyverklaring publiceren" in text(bad)
    assert await Bevinding.count() == 0
    data["privacy_deadline"] = "2026-04-14"
    made = await client.post("/auditor/organisatie-audits/nieuw", data=data, follow_redirects=False)
    assert made.status_code == 303
    audit_url = made.headers["location"].split("?")[0]
    audit_id = audit_url.rsplit("/", 1)[1]
    view = await client.get(made.headers["location"])
    assert "Audit van Jobstap B" in text(view) and "Wacht op de organisatie" in text(view)

    privacy = (await Bevinding.select().where(Bevinding.oordeel == "major").first())["id"]
    # the organisation reports the action done on its own page
    token_org = await log_in(client, s.org_b_account)
    own = await client.get("/mijn-audits")
    assert "Privacyverklaring publiceren" in text(own)
    empty = await client.post(
        f"/mijn-audits/{audit_id}/bevindingen/{privacy}/afronding",
        data={"_csrf_token": token_org, "toelichting": ""},
    )
    assert empty.status_code == 400 and 'role="alert"' in empty.text
    done = await client.post(
        f"/mijn-audits/{audit_id}/bevindingen/{privacy}/afronding",
        data={"_csrf_token": token_org, "toelichting": "Verklaring staat op de website"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    # another organisation sees nothing and cannot report it
    token_a = await log_in(client, s.org_a_account)
    # (the finding's maatregel, not the footer's link to the register's own privacy statement)
    assert "Privacyverklaring publiceren" not in text(await client.get("/mijn-audits"))
    other = await client.post(
        f"/mijn-audits/{audit_id}/bevindingen/{privacy}/afronding",
        data={"_csrf_token": token_a, "toelichting": "x"},
    )
    assert other.status_code == 403

    token = await log_in(client, s.auditor)
    view = await client.get(audit_url)
    assert "Verklaring staat op de website" in text(view) and "Bevinding sluiten" in text(view)
    closed = await client.post(
        f"{audit_url}/bevindingen/{privacy}/sluiting", data={"_csrf_token": token}, follow_redirects=False
    )
    assert closed.status_code == 303
    assert "Gesloten door" in text(await client.get(closed.headers["location"]))


async def test_overdue_findings_and_audit_log_pages(client, db):
    s = await builders.audit_world()
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        await client.post(
            "/api/v1/organisatie-audits",
            headers=auth(s.auditor),
            json={
                "organisatie": s.org_a["id"],
                "datum": "2026-03-01",
                "schema": "uwv",
                "bevindingen": [
                    {
                        "gebied": "klachtprocedure",
                        "oordeel": "major",
                        "maatregel": "Klachtencommissie instellen",
                        "deadline": "2026-03-31",
                    }
                ],
                "uitkomst": "negatief",
            },
        )
    with time_machine.travel(dt.datetime(2026, 4, 10, 9, tzinfo=dt.UTC), tick=False):
        await log_in(client, s.auditor)
        page = await client.get("/auditor/bevindingen/verlopen")
        assert "Werkfit A" in text(page) and "Klachtencommissie instellen" in text(page)
        assert re.search(r"<td>10</td>", page.text)  # days late

    await log_in(client, s.beheerder)
    log_page = await client.get(f"/beheer/auditlog?objecttype=jobcoach&objectId={s.coach_a['id']}")
    assert log_page.status_code == 200
    assert "Anna" in text(log_page) and "1 regel(s)" in text(log_page)
    check = await client.get("/beheer/auditlog/verificatie")
    assert "De auditlog is intact" in text(check)
    await log_in(client, s.auditor)
    assert (await client.get("/beheer/auditlog")).status_code == 403
    dashboard = await client.get("/dashboard")  # a single-role auditor goes straight to the work queue
    assert dashboard.status_code == 303 and dashboard.headers["location"] == "/auditor/werkvoorraad"
