"""User journeys in a real browser against the real server."""

import datetime as dt
import re


def test_visitor_sees_the_front_page_and_logs_in(journey):
    journey.goto("/")
    assert journey.page.get_by_role("heading", level=1).inner_text() == "Kwaliteitsregister Jobcoaching"
    journey.log_in("jobcoach-sanne")
    assert "Mijn overzicht" in journey.page.title()


def test_wrong_password_is_announced(journey):
    journey.goto("/inloggen")
    journey.page.get_by_label("Gebruikersnaam").fill("jobcoach-sanne")
    journey.page.get_by_label("Wachtwoord").fill("helemaal-fout-wachtwoord")
    journey.page.get_by_role("button", name="Inloggen").click()
    alert = journey.page.get_by_role("alert")
    assert "onjuist" in alert.inner_text()
    journey.check()


def _subnav(journey, name: str) -> None:
    nav = journey.page.get_by_role("navigation", name=re.compile("Mijn|Auditor"))
    nav.get_by_role("link", name=name, exact=True).click()
    journey.check()


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def test_coach_adds_scholing_and_zelfevaluatie(journey):
    page = journey.page
    journey.log_in("jobcoach-sanne")
    _subnav(journey, "Scholing")
    totaal = page.locator("dt", has_text="Wacht op een auditor").locator(
        "xpath=following-sibling::dd[1]/strong"
    )
    before = _number(totaal.inner_text())
    form = page.locator("form[action$='/scholing']")
    form.locator("[name=titel]").fill("Motiverende gespreksvoering")
    form.locator("[name=aanbieder]").fill("Kenniscentrum Jobcoaching")
    form.locator("[name=datum]").fill((dt.date.today() - dt.timedelta(days=3)).isoformat())
    form.locator("[name=uren]").fill("8")
    form.locator("[name=categorie]").select_option(index=1)
    page.get_by_role("button", name="Scholing toevoegen").click()
    journey.check()
    assert _number(totaal.inner_text()) == before + 8
    assert page.get_by_role("cell", name=re.compile("Motiverende gespreksvoering")).is_visible()

    # the overview: the national kader line by line; the new hours wait for an auditor
    _subnav(journey, "Overzicht")
    kader = page.locator("section", has=page.get_by_role("heading", name="Landelijk toetsingskader"))
    assert kader.locator("li.kaderlijn").count() == 6
    assert "Daarnaast wacht" in page.locator(".cards").inner_text()

    _subnav(journey, "Zelfevaluatie")
    form = page.locator("form[action$='/zelfevaluatie']")
    form.locator("[name=datum]").fill(dt.date.today().isoformat())
    first = form.locator("fieldset").first
    first.locator("select").select_option("5")
    first.get_by_label("Toelichting").fill("Sterker geworden na de scholing")
    page.get_by_role("button", name="Zelfevaluatie opslaan").click()
    journey.check()
    nieuwste = page.locator(
        "section", has=page.get_by_role("heading", name="Nieuwste volledige zelfevaluatie")
    )
    assert "Sterker geworden na de scholing" in nieuwste.inner_text()
    assert page.get_by_role("heading", name="Alle versies").is_visible()
    assert (
        page.locator("section", has_text="Alle versies").locator("tbody tr").count() >= 2
    )  # the demo coach has years of versions


def test_organisation_registers_complaint_and_links_coach(journey):
    page = journey.page
    journey.log_in("organisatie-werkfit")
    _subnav(journey, "Klachtenregister")
    form = page.locator("form[action$='/klachten']")
    form.locator("[name=ontvangenOp]").fill(dt.date.today().isoformat())
    form.locator("[name=onderwerp]").fill("Terugkoppeling aan werkgever bleef uit")
    form.locator("[name=categorie]").select_option("bejegening")
    form.locator("[name=jobcoach]").select_option(index=1)  # one of the organisation's own coaches
    coach = form.locator("[name=jobcoach] option:checked").inner_text().split(" (")[0]
    page.get_by_role("button", name="Klacht registreren").click()
    journey.check()
    row = page.locator("main tr", has_text="Terugkoppeling aan werkgever bleef uit")
    assert "Bejegening en communicatie" in row.inner_text() and coach in row.inner_text()

    _subnav(journey, "Jobcoaches")
    assert "JC-000003" not in page.locator("main table").first.inner_text()
    form = page.locator("form[action$='/jobcoaches']")
    form.locator("[name=registratienummer]").fill("JC-000003")
    form.locator("[name=soort]").select_option(index=0)
    form.locator("[name=van]").fill(dt.date.today().isoformat())
    page.get_by_role("button", name="Jobcoach koppelen").click()
    journey.check()
    assert "Eva Jansen" in page.locator("main table").first.inner_text()


def test_coach_confirms_a_proposed_dienstverband_on_the_dashboard(journey):
    # the demo's second organisation proposed Sanne as a zzp'er; the link counts once she confirms
    page = journey.page
    journey.log_in("jobcoach-sanne")
    assert page.get_by_role("heading", name="Voorstellen voor een dienstverband").is_visible()
    page.get_by_role("button", name=re.compile("^Bevestigen")).first.click()
    journey.check()
    assert "Het dienstverband is bevestigd en telt nu mee." in page.locator("main").inner_text()
    assert page.get_by_role("heading", name="Voorstellen voor een dienstverband").count() == 0


def test_auditor_verifies_keurmerk_and_locks_toetsing(journey):
    page = journey.page
    journey.log_in("auditor")
    journey.goto("/auditor/werkvoorraad")
    kaart = page.locator("section.kaart", has_text="NOLOC-2002")
    assert kaart.count() == 1
    kaart.get_by_label("Toelichting (verplicht bij afwijzen)").fill("Registratie bij Noloc nagezien")
    kaart.get_by_role("button", name="Verifiëren").click()
    journey.check()
    assert page.locator("section.kaart", has_text="NOLOC-2002").count() == 0

    _subnav(journey, "Intercollegiale toetsingen")
    page.get_by_role("link", name="Nieuwe toetsing vastleggen").click()
    journey.check()
    page.get_by_label("Datum van de bijeenkomst").fill(dt.date.today().isoformat())
    page.get_by_label("Vorm").select_option("intervisie")
    page.get_by_label("Zoek jobcoach (naam of registratienummer)").fill("Jansen")
    page.get_by_role("button", name="Zoeken", exact=True).last.click()
    journey.check()
    page.get_by_role("row", name=re.compile("Eva Jansen")).get_by_role("button", name="Toevoegen").click()
    journey.check()
    page.get_by_label("Beoordeling").select_option("voldoende")
    page.get_by_role("button", name="Opslaan als concept").click()
    journey.check()
    page.get_by_role("button", name="Toetsing vaststellen").click()
    journey.check()
    assert "Eva Jansen" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Correctie vastleggen").is_visible()


def test_gemeente_verifies_traject_and_rejects(journey):
    page = journey.page
    journey.log_in("gemeente-rotterdam")
    journey.goto("/gemeente")
    page.get_by_role("link", name="Nieuw traject registreren").click()
    journey.check()
    page.get_by_label("Uw referentie (zaak- of dossiernummer)").fill("WMO-2026-0099")
    page.get_by_label("Werkgever").fill("Fietsenmakerij De Spaak")
    page.get_by_label("Startdatum").fill(dt.date.today().isoformat())
    page.get_by_label("Begeleidingsniveau").select_option("licht")
    page.get_by_label("Contracturen per week").fill("20")
    # the coach and organisation by name through the combobox (static/js/zoekveld.js); the lookup finds
    # the public register (actief, geschorst), so Joost (aangemeld) is typed by his number
    coach = page.get_by_role("combobox", name="Jobcoach", exact=True)
    coach.press_sequentially("sane vries", delay=20)
    opties = page.get_by_role("listbox", name=re.compile("^Jobcoach.*gevonden$")).get_by_role("option")
    opties.first.wait_for()
    assert "Sanne de Vries" in opties.first.inner_text()
    journey.check("-combobox")
    coach.press("Escape")
    assert coach.get_attribute("aria-expanded") == "false"
    coach.fill("JC-000006")
    org = page.get_by_role("combobox", name="Jobcoachorganisatie")
    org.press_sequentially("werkfit", delay=20)
    optie = page.get_by_role("option", name=re.compile("Werkfit Jobcoaching"))
    optie.wait_for()
    org.press("ArrowDown")
    assert org.get_attribute("aria-activedescendant") == optie.get_attribute("id")
    org.press("Enter")
    assert org.input_value() == "12345678" and org.get_attribute("aria-expanded") == "false"
    page.get_by_role("button", name="Traject registreren").click()
    journey.check()
    # Joost is not active (aangemeld): the form warns before saving; the user confirms knowingly
    assert page.get_by_role("heading", name="Let op voordat u registreert").is_visible()
    page.get_by_label("Ik heb deze waarschuwing gelezen en wil het traject toch registreren").check()
    page.get_by_role("button", name="Traject toch registreren").click()
    journey.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Traject WMO-2026-0099"
    page.get_by_role("button", name="Verifieer").click()
    journey.check()
    assert "voldoet niet" in page.get_by_role("status").inner_text()
    criteria = page.locator("main").inner_text()
    assert "Joost van den Berg" in criteria
    page.get_by_role("radio", name="Afwijzen").check()
    page.get_by_label("Toelichting (verplicht bij afwijzen)").fill(
        "De jobcoach heeft geen geldige persoonsregistratie en geen intercollegiale toetsing."
    )
    page.get_by_role("button", name="Besluit vastleggen").click()
    journey.check()
    assert "afgewezen" in page.locator("main").inner_text().lower()


def test_gemeente_sees_that_sanne_qualifies(journey):
    page = journey.page
    journey.log_in("gemeente-rotterdam")
    journey.goto("/gemeente")
    page.get_by_role("link", name="WMO-2026-0042").click()
    journey.check()
    page.get_by_role("button", name="Verifieer").click()
    journey.check()
    assert "voldoen" in page.get_by_role("status").inner_text()
    assert "voldoet niet" not in page.get_by_role("status").inner_text()


def test_visitor_finds_coach_by_misspelled_name(journey):
    page = journey.page
    journey.goto("/register")
    page.get_by_label("Naam of registratienummer").fill("Sane de Vris")
    page.get_by_role("button", name="Zoeken").click()
    journey.check()
    page.get_by_role("link", name="Sanne de Vries").click()
    journey.check()
    assert "Sanne de Vries" in page.get_by_role("heading", level=1).inner_text()
    assert "JC-000001" in page.locator("main").inner_text()


def test_a_failed_form_moves_the_focus_to_the_error_summary(journey):
    """Issue #17 part 2: "Afwijzen" without a toelichting on a long work queue. The page comes back with
    the error summary focused and in view at the top, its link leading to the field."""
    page = journey.page
    journey.log_in("auditor")
    journey.goto("/auditor/werkvoorraad")
    kaart = page.locator("section.kaart", has_text="NOLOC-2002")
    kaart.get_by_role("button", name="Afwijzen").click()
    page.wait_for_load_state("networkidle")
    focused = page.evaluate(
        "() => { const e = document.activeElement;"
        " return {id: e.id, top: e.getBoundingClientRect().top, text: e.innerText}; }"
    )
    assert focused["id"] == "foutsamenvatting"
    assert -1 <= focused["top"] < page.viewport_size["height"] / 2  # in view, at the top
    assert "reden" in focused["text"]
    journey.check()
    page.locator("#foutsamenvatting a").first.click()
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
