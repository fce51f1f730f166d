"""The jobcoach's own pages: what they show, each form's happy path and bad input, and coach A vs B."""

from __future__ import annotations

import datetime as dt

from register import clock
from register.infra.records import as_uuid
from register.services import accounts, jobcoaches, keurmerken
from tests import builders
from tests.helpers import audit_rows, field_value, inline_error, login, post_form, summary


async def coach_with_account(**overrides):
    await builders.gemeente("GM0599", "Rotterdam")
    await builders.gemeente("GM0363", "Amsterdam")
    coach = await builders.jobcoach(**overrides)
    account = await builders.coach_account(coach["id"])
    return coach, account


async def reject(claim_id: str, reden: str) -> None:
    from register.services import beoordelingen

    auditor = await builders.auditor()
    await beoordelingen.beoordeel(builders.actor_for(auditor), claim_id, "afgewezen", reden)


# --- overview --------------------------------------------------------------------------------------


async def test_overview_shows_hours_against_the_norm_badges_and_claims(client):
    coach, account = await coach_with_account(voornaam="Anna", achternaam="Aalbers")
    actor = builders.actor_for(account)
    verified = await jobcoaches.add_scholing(
        actor,
        coach["id"],
        {
            "titel": "IPS basis",
            "aanbieder": "Kenniscentrum",
            "datum": builders.days_ago(30),
            "uren": 12.5,
            "categorie": "methodieken",
        },
    )
    await builders.verify(verified["id"])
    await jobcoaches.add_scholing(
        actor,
        coach["id"],
        {
            "titel": "Wet- en regelgeving",
            "aanbieder": "X",
            "datum": builders.days_ago(10),
            "uren": 4.0,
            "categorie": "wet-en-regelgeving",
        },
    )
    await jobcoaches.add_scholing(  # older than 12 months: does not count
        actor,
        coach["id"],
        {
            "titel": "Oud",
            "aanbieder": "X",
            "datum": builders.days_ago(400),
            "uren": 40.0,
            "categorie": "overig",
        },
    )
    await jobcoaches.add_keurmerk(
        actor,
        coach["id"],
        {
            "schema": "noloc",
            "nummer": "N-1",
            "ingangsdatum": builders.days_ago(1000),
            "geldig_tot": clock.today() + dt.timedelta(days=30),
            "status": "actief",
        },
    )
    login(client, account)
    response = await client.get(f"/jobcoach/{coach['id']}")
    assert response.status_code == 200
    html = response.text
    assert "Anna Aalbers" in html and coach["registratienummer"] in html
    assert "<strong>12,5</strong> van 20 geverifieerde uren" in html
    assert "Daarnaast wacht 4 uur op een auditor." in html and "uur opgegeven" not in html
    assert "Onder de norm" in html
    # the registration is not verified yet: it shows so, and the reminder of its end date still comes
    assert ">Niet geverifieerd<" in html and ">Verloopt binnenkort<" not in html
    assert "Uw registratie Noloc Register Jobcoach (nummer N-1) verloopt over 30 dagen" in html
    # the points of attention are the verdict's own explanations under the national kader
    assert "Noloc Register Jobcoach (nummer N-1) is opgegeven, maar nog niet geverifieerd" in html
    assert "Slechts 12,5 geverifieerde scholingsuren in de 12 maanden tot en met" in html
    assert "Er is geen volledige zelfevaluatie van de negen competenties." in html
    # the national kader line by line, with its standing and what to do next
    kader = html.split('id="kader-kop"')[1].split("</section>")[0]
    assert "U voldoet nog niet aan alle persoonsgebonden eisen" in kader
    lijnen = {
        r.split("<h3>")[1].split("<span")[0].strip(): r for r in kader.split('<li class="kaderlijn')[1:]
    }
    assert set(lijnen) == {
        "Jobcoach actief in het register",
        "HBO-niveau",
        "Registratie in een persoonsregister (Noloc of NVS)",
        "Bijgehouden scholing",
        "Intercollegiale toetsing",
        "Zelfevaluatie van de negen competenties",
    }
    # the coach is not admitted yet (aangemeld): not met, with whom to contact
    assert ">Niet voldaan<" in lijnen["Jobcoach actief in het register"]
    assert "Neem contact op met de beheerder" in lijnen["Jobcoach actief in het register"]
    assert ">Voldaan<" not in kader
    # the unverified registration waits for an auditor: never shown as met
    assert ">Wacht op een auditor<" in lijnen["Registratie in een persoonsregister (Noloc of NVS)"]
    # 12,5 verified + 4 waiting of 20: 3,5 hours still to follow
    assert ">Niet voldaan<" in lijnen["Bijgehouden scholing"]
    assert "Volg nog 3,5 uur scholing" in lijnen["Bijgehouden scholing"]
    assert f'href="/jobcoach/{coach["id"]}/scholing"' in lijnen["Bijgehouden scholing"]
    assert (
        f'href="/jobcoach/{coach["id"]}/zelfevaluatie"' in lijnen["Zelfevaluatie van de negen competenties"]
    )


async def test_scholing_totals_count_accepted_hours_with_waiting_and_rejected_apart(client):
    coach, account = await coach_with_account()
    actor = builders.actor_for(account)

    async def scholing(uren: float) -> str:
        body = {
            "titel": "T",
            "aanbieder": "A",
            "datum": builders.days_ago(20),
            "uren": uren,
            "categorie": "overig",
        }
        return (await jobcoaches.add_scholing(actor, coach["id"], body))["id"]

    await builders.verify(await scholing(24.0))
    await reject(await scholing(6.5), "Certificaat onleesbaar")
    await scholing(3.0)
    login(client, account)
    html = (await client.get(f"/jobcoach/{coach['id']}/scholing")).text
    cijfers = html.split('id="uren-kop"')[1].split("</dl>")[0]
    assert 'Geverifieerd (telt mee)</dt><dd><strong class="kerncijfer">24</strong>' in cijfers
    assert 'Wacht op een auditor</dt><dd><strong class="kerncijfer">3</strong>' in cijfers
    assert 'Afgewezen (telt niet mee)</dt><dd><strong class="kerncijfer">6,5</strong>' in cijfers
    assert "33,5" not in html and "30,5" not in html  # never summed in
    overzicht = (await client.get(f"/jobcoach/{coach['id']}")).text
    assert "6,5 uur is afgewezen en telt niet mee" in overzicht
    assert "Daarnaast wacht 3 uur op een auditor" in overzicht


async def test_dashboard_sends_a_coach_to_their_own_overview(client):
    coach, account = await coach_with_account()
    login(client, account)
    response = await client.get("/dashboard", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/jobcoach/{coach['id']}"


# --- profile ---------------------------------------------------------------------------------------


async def test_profile_edit_stores_name_contact_and_werkgebied(client):
    coach, account = await coach_with_account()
    login(client, account)
    page = await client.get(f"/jobcoach/{coach['id']}/profiel")
    assert page.status_code == 200
    assert 'for="veld-voornaam"' in page.text and "Rotterdam (GM0599)" in page.text
    response = await post_form(
        client,
        f"/jobcoach/{coach['id']}/profiel",
        {
            "voornaam": "Annemarie",
            "achternaam": "Aalbers",
            "email": "annemarie@voorbeeld.nl",
            "telefoon": "010-1234567",
            "werkgebied": ["GM0599", "GM0363"],
            "versie": "1",
        },
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/jobcoach/{coach['id']}/profiel?melding=opgeslagen"
    stored = await jobcoaches.view(coach["id"])
    assert (stored["voornaam"], stored["email"], stored["telefoon"]) == (
        "Annemarie",
        "annemarie@voorbeeld.nl",
        "010-1234567",
    )
    assert stored["werkgebied"] == ["GM0363", "GM0599"]
    shown = await client.get(response.headers["location"])
    assert "De wijzigingen zijn opgeslagen." in shown.text
    assert field_value(shown.text, "veld-voornaam") == "Annemarie"


async def test_profile_bad_input_shows_dutch_inline_errors_and_changes_nothing(client):
    coach, account = await coach_with_account(voornaam="Anna")
    login(client, account)
    before = await audit_rows()
    response = await post_form(
        client,
        f"/jobcoach/{coach['id']}/profiel",
        {"voornaam": "", "achternaam": "Aalbers", "email": "geen-adres", "telefoon": "", "versie": "1"},
    )
    assert response.status_code == 400
    html = response.text
    assert inline_error(html, "veld-email") == "moet een geldig e-mailadres zijn"
    assert inline_error(html, "veld-voornaam") == "is verplicht"
    assert 'href="#veld-email"' in summary(html) and 'href="#veld-voornaam"' in summary(html)
    assert 'aria-invalid="true"' in html
    assert field_value(html, "veld-email") == "geen-adres"  # what the user typed stays
    assert (await jobcoaches.view(coach["id"]))["voornaam"] == "Anna"
    assert await audit_rows() == before


async def test_profile_with_a_stale_version_is_refused(client):
    coach, account = await coach_with_account(voornaam="Anna")
    await jobcoaches.update(builders.actor_for(account), coach["id"], {"voornaam": "Anja"})
    login(client, account)
    response = await post_form(
        client,
        f"/jobcoach/{coach['id']}/profiel",
        {"voornaam": "Annie", "achternaam": "A", "email": "a@voorbeeld.nl", "versie": "1"},
    )
    assert response.status_code == 409
    assert "intussen door iemand anders gewijzigd" in summary(response.text)
    assert field_value(response.text, "veld-voornaam") == "Annie"  # what was typed stays
    assert (await jobcoaches.view(coach["id"]))["voornaam"] == "Anja"


# --- opleidingen -----------------------------------------------------------------------------------


async def test_opleiding_is_stored_as_a_claim_and_a_rejection_shows_the_reason(client):
    coach, account = await coach_with_account()
    login(client, account)
    response = await post_form(
        client,
        f"/jobcoach/{coach['id']}/opleidingen",
        {"soort": "hbo-diploma", "omschrijving": "Bachelor Social Work", "datum": "2015-06-30", "bewijs": ""},
    )
    assert response.status_code == 303, response.text
    stored = await jobcoaches.opleidingen(as_uuid(coach["id"], "x"))
    assert [(o["omschrijving"], o["verificatie"]) for o in stored] == [("Bachelor Social Work", "ingediend")]
    await reject(stored[0]["id"], "Het diploma is niet leesbaar.")
    html = (await client.get(f"/jobcoach/{coach['id']}/opleidingen")).text
    assert "Afgewezen" in html and "Het diploma is niet leesbaar." in html


async def test_opleiding_in_the_future_is_refused(client):
    coach, account = await coach_with_account()
    login(client, account)
    future = (clock.today() + dt.timedelta(days=10)).isoformat()
    response = await post_form(
        client,
        f"/jobcoach/{coach['id']}/opleidingen",
        {"soort": "hbo-diploma", "omschrijving": "", "datum": future},
    )
    assert response.status_code == 400
    assert inline_error(response.text, "veld-datum") == "mag niet in de toekomst liggen"
    assert inline_error(response.text, "veld-omschrijving") == "is verplicht"
    assert await jobcoaches.opleidingen(as_uuid(coach["id"], "x")) == []


# --- keurmerken ------------------------------------------------------------------------------------


async def test_keurmerk_add_and_update(client):
    coach, account = await coach_with_account()
    login(client, account)
    response = await post_form(
        client,
        f"/jobcoach/{coach['id']}/keurmerken",
        {
            "schema": "nvs",
            "nummer": "NVS-77",
            "ingangsdatum": "2023-01-01",
            "geldigTot": "2027-12-31",
            "status": "actief",
        },
    )
    assert response.status_code == 303, response.text
    [k] = await keurmerken.list_for(jobcoach=as_uuid(coach["id"], "x"))
    assert (k["schema"], k["nummer"], k["verificatie"]) == ("nvs", "NVS-77", "ingediend")
    response = await post_form(
        client,
        f"/jobcoach/{coach['id']}/keurmerken/{k['id']}",
        {"status": "herregistratie-in-behandeling", "geldigTot": "2028-06-30", "versie": str(k["versie"])},
    )
    assert response.status_code == 303, response.text
    [k] = await keurmerken.list_for(jobcoach=as_uuid(coach["id"], "x"))
    assert (k["status"], k["geldig_tot"]) == ("herregistratie-in-behandeling", dt.date(2028, 6, 30))


async def test_keurmerk_with_end_before_start_is_refused(client):
    coach, account = await coach_with_account()
    login(client, account)
    response = await post_form(
        client,
        f"/jobcoach/{coach['id']}/keurmerken",
        {
            "schema": "kiwa",
            "nummer": "1",
            "ingangsdatum": "2024-01-01",
            "geldigTot": "2023-01-01",
            "status": "actief",
        },
    )
    assert response.status_code == 400
    assert inline_error(response.text, "veld-geldigTot") == "mag niet voor de ingangsdatum liggen"
    assert inline_error(response.text, "veld-schema") == "moet een van deze waarden zijn: noloc, nvs"
    assert await keurmerken.list_for(jobcoach=as_uuid(coach["id"], "x")) == []


async def test_keurmerk_badges(client):
    coach, account = await coach_with_account()
    actor = builders.actor_for(account)
    today = clock.today()
    for nummer, tot, status, verified in [
        ("GELDIG", today + dt.timedelta(days=400), "actief", True),
        ("BINNENKORT", today + dt.timedelta(days=60), "actief", True),
        ("VERLOPEN", today - dt.timedelta(days=1), "actief", True),
        ("GESCHORST", today + dt.timedelta(days=400), "geschorst", True),
        ("INGEDIEND", today + dt.timedelta(days=400), "actief", False),
    ]:
        claim = await jobcoaches.add_keurmerk(
            actor,
            coach["id"],
            {
                "schema": "noloc",
                "nummer": nummer,
                "ingangsdatum": dt.date(2020, 1, 1),
                "geldig_tot": tot,
                "status": status,
            },
        )
        if verified:
            await builders.verify(claim["id"])
    login(client, account)
    html = (await client.get(f"/jobcoach/{coach['id']}/keurmerken")).text
    rows = {
        nummer: html.split(f"<td>{nummer}</td>", 1)[1].split("</tr>", 1)[0]
        for nummer in ("GELDIG", "BINNENKORT", "VERLOPEN", "GESCHORST", "INGEDIEND")
    }
    assert '<span class="badge badge-ok">Geldig</span>' in rows["GELDIG"]
    assert 'Verloopt binnenkort</span> <span class="toelichting">(nog 60 dagen)' in rows["BINNENKORT"]
    assert ">Verlopen<" in rows["VERLOPEN"]
    assert ">Geschorst<" in rows["GESCHORST"]
    # an unverified claim never shows as geldig
    assert ">Niet geverifieerd<" in rows["INGEDIEND"] and ">Geldig<" not in rows["INGEDIEND"]


# --- scholing --------------------------------------------------------------------------------------


async def test_scholing_with_a_decimal_comma_is_stored(client):
    coach, account = await coach_with_account()
    login(client, account)
    response = await post_form(
        client,
        f"/jobcoach/{coach['id']}/scholing",
        {
            "titel": "Motiverende gespreksvoering",
            "aanbieder": "NJI",
            "datum": builders.days_ago(5).isoformat(),
            "uren": "3,5",
            "pePunten": "",
            "categorie": "gespreksvaardigheden",
            "certificaat": "C-12",
        },
    )
    assert response.status_code == 303, response.text
    [s] = await jobcoaches.scholingen(as_uuid(coach["id"], "x"))
    assert (s["titel"], s["uren"], s["pe_punten"], s["verificatie"]) == (
        "Motiverende gespreksvoering",
        3.5,
        None,
        "ingediend",
    )
    html = (await client.get(response.headers["location"])).text
    assert "De scholing is toegevoegd." in html
    assert "Motiverende gespreksvoering" in html
    assert "Nog 20 geverifieerde uren nodig" in html


async def test_scholing_bad_hours_are_refused(client):
    coach, account = await coach_with_account()
    login(client, account)
    response = await post_form(
        client,
        f"/jobcoach/{coach['id']}/scholing",
        {"titel": "Cursus", "aanbieder": "X", "datum": "2025-02-30", "uren": "0", "categorie": "overig"},
    )
    assert response.status_code == 400
    assert inline_error(response.text, "veld-uren").startswith("moet groter dan 0")
    assert inline_error(response.text, "veld-datum") == "moet een bestaande datum zijn in de vorm JJJJ-MM-DD"
    assert field_value(response.text, "veld-titel") == "Cursus"
    assert await jobcoaches.scholingen(as_uuid(coach["id"], "x")) == []


async def test_scholing_list_is_paginated(client):
    coach, account = await coach_with_account()
    actor = builders.actor_for(account)
    for i in range(23):
        await jobcoaches.add_scholing(
            actor,
            coach["id"],
            {
                "titel": f"Cursus {i:02d}",
                "aanbieder": "X",
                "datum": builders.days_ago(i + 1),
                "uren": 1.0,
                "categorie": "overig",
            },
        )
    login(client, account)
    first = (await client.get(f"/jobcoach/{coach['id']}/scholing")).text
    assert "Cursus 00" in first and "Cursus 22" not in first
    assert "Pagina 1 van 2" in first
    second = (await client.get(f"/jobcoach/{coach['id']}/scholing?pagina=2")).text
    assert "Cursus 22" in second and "Cursus 00" not in second


# --- zelfevaluatie ---------------------------------------------------------------------------------

NINE = [
    "inlevingsvermogen",
    "analytisch-vermogen",
    "effectief-communiceren",
    "reflecteren",
    "adviseren-instrueren",
    "coachen",
    "zelfreflectie",
    "professionele-ontwikkeling",
    "netwerkcontacten",
]


async def test_zelfevaluatie_form_has_all_nine_competences(client):
    coach, account = await coach_with_account()
    login(client, account)
    html = (await client.get(f"/jobcoach/{coach['id']}/zelfevaluatie")).text
    for code in NINE:
        assert f'name="{code}.score"' in html
        assert f'name="{code}.toelichting"' in html
        assert f'name="{code}.leerdoel"' in html
    assert "Netwerkcontacten" in html and "Adviseren en instrueren" in html


async def test_complete_zelfevaluatie_is_stored_and_shown_as_newest(client):
    coach, account = await coach_with_account()
    login(client, account)
    form = {"datum": builders.days_ago(1).isoformat()}
    for i, code in enumerate(NINE):
        form |= {
            f"{code}.score": str(i % 5 + 1),
            f"{code}.toelichting": f"uitleg {code}",
            f"{code}.leerdoel": "",
        }
    response = await post_form(client, f"/jobcoach/{coach['id']}/zelfevaluatie", form)
    assert response.status_code == 303, response.text
    assert response.headers["location"].endswith("melding=zelfevaluatie-volledig")
    [z] = await jobcoaches.zelfevaluaties(as_uuid(coach["id"], "x"))
    assert z["volledig"] is True
    assert {c["code"]: c["score"] for c in z["competenties"]}["coachen"] == 1
    html = (await client.get(response.headers["location"])).text
    assert "De zelfevaluatie is opgeslagen en is volledig." in html
    assert "uitleg netwerkcontacten" in html
    # a later, incomplete version is kept but the complete one stays the one shown
    response = await post_form(
        client,
        f"/jobcoach/{coach['id']}/zelfevaluatie",
        {"datum": clock.today().isoformat(), "coachen.score": "5", "coachen.leerdoel": "meer SMART"},
    )
    assert response.headers["location"].endswith("melding=zelfevaluatie-onvolledig")
    versions = await jobcoaches.zelfevaluaties(as_uuid(coach["id"], "x"))
    assert [v["volledig"] for v in versions] == [False, True]
    html = (await client.get(f"/jobcoach/{coach['id']}/zelfevaluatie")).text
    newest = html.split("Nieuwste volledige zelfevaluatie", 1)[1].split("Alle versies", 1)[0]
    assert "uitleg coachen" in newest and "meer SMART" not in newest


async def test_zelfevaluatie_bad_input_is_refused_per_competence(client):
    coach, account = await coach_with_account()
    login(client, account)
    before = await audit_rows()
    response = await post_form(
        client,
        f"/jobcoach/{coach['id']}/zelfevaluatie",
        {
            "datum": "2020-01-01",
            "coachen.score": "7",
            "reflecteren.score": "",
            "reflecteren.toelichting": "vergeten te scoren",
            "zelfreflectie.score": "3",
            "zelfreflectie.toelichting": "BSN 111222333",
        },
    )
    assert response.status_code == 400
    html = response.text
    assert inline_error(html, "veld-coachen-score") == "mag hoogstens 5 zijn"
    assert (
        inline_error(html, "veld-reflecteren-score") == "kies een score, of laat toelichting en leerdoel leeg"
    )
    assert "BSN" in (inline_error(html, "veld-zelfreflectie-toelichting") or "")
    assert "vergeten te scoren" in html  # the typed text stays
    assert await jobcoaches.zelfevaluaties(as_uuid(coach["id"], "x")) == []
    assert await audit_rows() == before


async def test_empty_zelfevaluatie_is_refused(client):
    coach, account = await coach_with_account()
    login(client, account)
    response = await post_form(client, f"/jobcoach/{coach['id']}/zelfevaluatie", {"datum": "2025-01-01"})
    assert response.status_code == 400
    assert "geef minstens één competentie een score" in summary(response.text)


# --- coach A versus coach B ------------------------------------------------------------------------

COACH_PAGES = ["", "/profiel", "/opleidingen", "/keurmerken", "/scholing", "/zelfevaluatie"]


async def test_coach_a_cannot_open_or_post_to_coach_b_pages(client):
    coach_a, account_a = await coach_with_account(voornaam="Anna")
    coach_b, account_b = await coach_with_account(voornaam="Bram")
    kb = await jobcoaches.add_keurmerk(
        builders.actor_for(account_b),
        coach_b["id"],
        {
            "schema": "noloc",
            "nummer": "B-1",
            "ingangsdatum": dt.date(2024, 1, 1),
            "geldig_tot": dt.date(2028, 1, 1),
            "status": "actief",
        },
    )
    login(client, account_a)
    for suffix in [*COACH_PAGES, f"/keurmerken/{kb['id']}"]:
        response = await client.get(f"/jobcoach/{coach_b['id']}{suffix}")
        assert response.status_code == 403, suffix
        assert "Bram" not in response.text
    before = await audit_rows()
    posts = {
        "/profiel": {"voornaam": "Gehackt", "achternaam": "X", "email": "x@voorbeeld.nl"},
        "/opleidingen": {"soort": "hbo-diploma", "omschrijving": "X", "datum": "2020-01-01"},
        "/keurmerken": {
            "schema": "nvs",
            "nummer": "X",
            "ingangsdatum": "2020-01-01",
            "geldigTot": "2030-01-01",
        },
        f"/keurmerken/{kb['id']}": {"status": "ingetrokken", "geldigTot": "2020-01-02"},
        "/scholing": {"titel": "X", "aanbieder": "X", "datum": "2024-01-01", "uren": "5"},
        "/zelfevaluatie": {"datum": "2024-01-01", "coachen.score": "5"},
    }
    for suffix, data in posts.items():
        response = await post_form(client, f"/jobcoach/{coach_b['id']}{suffix}", data)
        assert response.status_code == 403, suffix
    # coach A's own keurmerk route cannot reach B's keurmerk either
    response = await post_form(
        client,
        f"/jobcoach/{coach_a['id']}/keurmerken/{kb['id']}",
        {"status": "ingetrokken", "geldigTot": "2029-01-01"},
    )
    assert response.status_code == 404
    assert await audit_rows() == before
    assert (await jobcoaches.view(coach_b["id"]))["voornaam"] == "Bram"
    [k] = await keurmerken.list_for(jobcoach=as_uuid(coach_b["id"], "x"))
    assert k["status"] == "actief"


async def test_other_roles_cannot_open_coach_pages(client):
    coach, _ = await coach_with_account()
    org = await builders.organisatie()
    org_account = await builders.org_account(org["id"])
    beheer = await builders.beheerder()
    for account in (org_account, beheer):
        login(client, account)
        assert (await client.get(f"/jobcoach/{coach['id']}")).status_code == 403
    client.cookies.clear()
    response = await client.get(f"/jobcoach/{coach['id']}", follow_redirects=False)
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/inloggen")


async def test_an_account_with_two_roles_gets_a_dashboard_with_both(client):
    await builders.gemeente("GM0599")
    coach = await builders.jobcoach(voornaam="Dubbel", achternaam="Rol")
    org = await builders.organisatie(naam="Tweede Organisatie")
    account = await builders.account(
        accounts.RolInvoer("jobcoach", jobcoach=coach["id"]),
        accounts.RolInvoer("organisatie", organisatie=org["id"]),
    )
    login(client, account)
    response = await client.get("/dashboard")
    assert response.status_code == 200
    assert f'href="/jobcoach/{coach["id"]}"' in response.text
    assert f'href="/organisatie/{org["id"]}"' in response.text
    assert "Tweede Organisatie" in response.text


async def test_keurmerk_update_with_bad_input_changes_nothing(client):
    coach, account = await coach_with_account()
    k = await jobcoaches.add_keurmerk(
        builders.actor_for(account),
        coach["id"],
        {
            "schema": "noloc",
            "nummer": "N-5",
            "ingangsdatum": dt.date(2024, 1, 1),
            "geldig_tot": dt.date(2028, 1, 1),
            "status": "actief",
        },
    )
    login(client, account)
    before = await audit_rows()
    response = await post_form(
        client,
        f"/jobcoach/{coach['id']}/keurmerken/{k['id']}",
        {"status": "verlopen", "geldigTot": "", "versie": str(k["versie"])},
    )
    assert response.status_code == 400
    assert inline_error(response.text, "veld-geldigTot") == "is verplicht"
    assert inline_error(response.text, "veld-status").startswith("moet een van deze waarden zijn: ")
    [stored] = await keurmerken.list_for(jobcoach=as_uuid(coach["id"], "x"))
    assert (stored["status"], stored["geldig_tot"]) == ("actief", dt.date(2028, 1, 1))
    assert await audit_rows() == before
