"""The aanvraag journey in a real browser (issue 14, "Done when"): an organisation drafts an aanvraag,
submission lists a vague goal, it is fixed and submitted; the gemeente asks for more, the organisation
answers, the gemeente grants; the traject exists with the goals; the coach submits the first
evaluatieverslag with progress per goal; the gemeente sees it. Every page visited: axe (WCAG 2.1 AA) and
no horizontal overflow at 375 and 1280 px wide."""

from __future__ import annotations

import datetime as dt
import re


def test_aanvraag_from_draft_to_goals_followed(journey):
    journey.op_beide_breedtes()
    page = journey.page
    vandaag = dt.date.today()
    start = vandaag + dt.timedelta(days=14)

    # the organisation drafts the Matchingsformulier
    journey.als("organisatie-werkfit")
    journey.goto("/aanvragen")
    journey.klik("link", name="Nieuwe aanvraag opstellen")
    page.get_by_label("Gemeente waaraan u de aanvraag richt").select_option("GM0599")
    sanne = page.locator("select[name=jobcoach] option", has_text="Sanne").get_attribute("value")
    page.get_by_label("Jobcoach", exact=True).select_option(sanne)
    page.get_by_label("Werkgever").fill("Fietsenmakerij De Spaak")
    journey.klik("button", name="Aanvraag aanmaken")
    assert "Fietsenmakerij De Spaak" in page.get_by_role("heading", level=1).inner_text()
    aanvraag_url = page.url.split("?")[0].split("#")[0]

    velden = {
        "regimeMotivatie": "Nieuwe werkplek met wisselende reparaties; een intensieve start is nodig",
        "contracturen": "24",
        "gewensteStartdatum": start.isoformat(),
        "werknemerprofiel.krachten": "Handig, nauwkeurig en geduldig met klanten",
        "werknemerprofiel.inspiratie": "Een fiets die weer rijdt aan de klant teruggeven",
        "werknemerprofiel.vaardigheden": "Banden plakken, remmen afstellen, kassa bedienen",
        "werknemerprofiel.context": "Een kleine werkplaats met een vast aanspreekpunt",
        "werknemerprofiel.beperkingen": "Verliest het overzicht als er meerdere reparaties tegelijk binnenkomen",
        "werkprofiel.functie": "Medewerker werkplaats",
        "werkprofiel.taken": "Reparaties uitvoeren, onderdelen bestellen, klanten te woord staan",
        "werkprofiel.urenPerWeek": "24",
        "werkprofiel.werkplek": "Werkplaats achter de winkel met twee collega's",
        "werkprofiel.werkbegeleider": "De chef werkplaats",
        "werkprofiel.aanpassingen": "Een reparatiebord met de volgorde van de dag",
        "match.kloof": "Zelfstandig een volgorde kiezen als er veel tegelijk binnenkomt",
        "match.ondersteuningsbehoefte": "Structuur in de dag en oefenen met prioriteren",
        "match.coachingsdoelen[0].omschrijving": "beter werken",
        "match.coachingsdoelen[0].streefwaarde": "4 van de 5 dagen",
        "match.coachingsdoelen[0].streefdatum": (vandaag + dt.timedelta(days=120)).isoformat(),
    }
    for naam, waarde in velden.items():
        page.locator(f'[name="{naam}"]').fill(waarde)
    page.get_by_role("radio", name="Midden").check()
    page.locator('[name="positie"]').select_option("dienstbetrekking")
    page.locator('[name="match.coachingsdoelen[0].kernactiviteit"]').select_option("training-on-the-job")
    page.locator('[name="match.coachingsdoelen[0].betreft"]').select_option("werknemer")

    # submission lists the vague goal (and its missing indicator) at once, with the focus on the summary
    journey.klik("button", name="Opslaan en indienen")
    samenvatting = page.locator("#foutsamenvatting")
    assert page.evaluate("document.activeElement.id") == "foutsamenvatting"
    tekst = samenvatting.inner_text()
    assert "Doel 1, omschrijving" in tekst and "Doel 1, meetbare indicator" in tekst

    page.locator('[name="match.coachingsdoelen[0].omschrijving"]').fill(
        "Plant zelfstandig de reparaties van de dag in de goede volgorde"
    )
    page.locator('[name="match.coachingsdoelen[0].indicator"]').fill(
        "aantal dagen per week dat de planning zonder hulp klopt"
    )
    journey.klik("button", name="Opslaan en indienen")
    assert "ingediend bij de gemeente" in page.locator("main").inner_text()

    # the gemeente asks for more
    journey.als("gemeente-rotterdam")
    journey.goto("/aanvragen")
    assert "Werkvoorraad" in page.get_by_role("heading", level=1).inner_text()
    journey.klik("link", name="Fietsenmakerij De Spaak")
    journey.klik("button", name="In behandeling nemen")
    # the decision form: each radio button beside its label; the empty reason for an extension is not red
    radio = page.get_by_role("radio", name=re.compile("^Afwijzen")).bounding_box()
    label = page.locator("label", has_text="Afwijzen").first.bounding_box()
    assert (
        radio["x"] < label["x"]
        and radio["y"] < label["y"] + label["height"]
        and label["y"] < radio["y"] + radio["height"]
    )
    rand = "e => getComputedStyle(e).borderTopColor"
    assert page.locator("#veld-verdaging-reden").evaluate(rand) == page.locator(
        "#veld-besluit-toelichting"
    ).evaluate(rand)
    page.get_by_role("radio", name=re.compile("^Aanvulling vragen")).check()
    page.locator("#veld-besluit-toelichting").fill("Hoe vaak overlegt de jobcoach met de chef werkplaats?")
    journey.klik("button", name="Besluit vastleggen")
    assert "Aanvulling gevraagd" in page.locator("main").inner_text()

    # the organisation answers and submits again
    journey.als("organisatie-werkfit")
    journey.goto(aanvraag_url.removeprefix(journey.server.url))
    page.get_by_label("Uw antwoord aan de gemeente").fill("Elke week een kwartier na de laatste reparatie.")
    journey.klik("button", name="Opslaan en opnieuw indienen")
    assert "ingediend bij de gemeente" in page.locator("main").inner_text()

    # the gemeente grants, after a confirmation; the traject carries the goal
    journey.als("gemeente-rotterdam")
    journey.goto(aanvraag_url.removeprefix(journey.server.url))
    page.get_by_role("radio", name=re.compile("^Toekennen")).check()
    page.locator("#veld-besluit-toelichting").fill("Passend bij de werkplek.")
    journey.klik("button", name="Besluit vastleggen")
    assert page.get_by_role("heading", level=1).inner_text() == "Besluit bevestigen"
    journey.klik("button", name="Ja, besluit vastleggen")
    assert "/gemeente/trajecten/" in page.url
    traject_pad = page.url.removeprefix(journey.server.url).split("?")[0]
    doelen = page.locator("section", has=page.get_by_role("heading", name="Coachingsdoelen"))
    assert "Plant zelfstandig de reparaties" in doelen.inner_text()

    # the coach's report schedule is a timeline, next due first: the begeleidingsplan now, the first
    # evaluatieverslag (with progress per goal, tests/api/test_aanvragen_pages.py) only from a month before
    # its due date, so it is listed under "Later" without a form
    journey.als("jobcoach-sanne")
    journey.goto(traject_pad.replace("/gemeente/", "/jobcoach/"))
    nu = page.locator("ol.tijdlijn-nu > li")
    assert nu.count() == 1 and "Begeleidingsplan" in nu.first.inner_text()
    assert "Eerstvolgende" in nu.first.inner_text()
    later = page.locator("ol.tijdlijn-later").first
    assert "Evaluatieverslag 1" in later.inner_text() and later.locator("form").count() == 0
    nu.first.get_by_label("Samenvatting").fill("Plan besproken met de werkadviseur.")
    journey.klik("button", name="Indienen")
    assert "De rapportage is ingediend." in page.locator("main").inner_text()
    assert "Ingediend (1)" in page.locator("details.tijdlijn-klaar summary").inner_text()

    journey.goto(aanvraag_url.removeprefix(journey.server.url) + "/afdruk")
