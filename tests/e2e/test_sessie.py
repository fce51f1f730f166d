"""Issue #17 part 3: a form posted after the session ended keeps its input across the log-in, and the user
is back on the form with a message."""

import datetime as dt
import re


def test_a_form_posted_after_the_session_ended_keeps_its_input(journey):
    page = journey.page
    journey.log_in("organisatie-werkfit")
    page.get_by_role("navigation", name="Mijn organisatie").get_by_role(
        "link", name="Klachtenregister"
    ).click()
    journey.check()
    form_url = page.url
    form = page.locator("form[action$='/klachten']")
    form.locator("[name=ontvangenOp]").fill(dt.date.today().isoformat())
    form.locator("[name=onderwerp]").fill("Afspraak met werkgever twee keer verzet")
    form.locator("[name=categorie]").select_option("afspraken")

    # the session ends while the form is open (the browser drops the expired cookie)
    kept = [c for c in page.context.cookies() if c["name"] != "sessie"]
    page.context.clear_cookies()
    page.context.add_cookies(kept)
    page.get_by_role("button", name="Klacht registreren").click()
    page.wait_for_load_state("networkidle")
    assert "Uw sessie was verlopen" in page.locator("main").inner_text()
    journey.check()

    page.get_by_label("Gebruikersnaam").fill("organisatie-werkfit")
    page.get_by_label("Wachtwoord").fill("demo-wachtwoord-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")
    assert page.url.split("?")[0] == form_url.split("?")[0]
    assert "Wat u had ingevuld staat weer in het formulier" in page.locator("main").inner_text()
    form = page.locator("form[action$='/klachten']")
    assert form.locator("[name=onderwerp]").input_value() == "Afspraak met werkgever twee keer verzet"
    assert form.locator("[name=ontvangenOp]").input_value() == dt.date.today().isoformat()
    assert form.locator("[name=categorie]").input_value() == "afspraken"
    journey.check()
    # nothing was registered on the user's behalf; sending it now works
    assert page.locator("main td", has_text="Afspraak met werkgever twee keer verzet").count() == 0
    page.get_by_role("button", name="Klacht registreren").click()
    journey.check()
    assert page.get_by_text("Afspraak met werkgever twee keer verzet").first.is_visible()
    # the kept input is handed over once
    page.goto(form_url)
    assert page.locator("#bewaarde-invoer").count() == 0


def test_kept_input_comes_back_with_javascript_disabled(browser, live_server):
    """The same way back in a browser that runs no scripts: the server renders the kept input into the
    form (api/pages/common.py), register.js plays no part."""
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + "/inloggen")
        page.get_by_label("Gebruikersnaam").fill("organisatie-werkfit")
        page.get_by_label("Wachtwoord").fill("demo-wachtwoord-2026")
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_role("navigation", name="Mijn organisatie").get_by_role("link", name="Klachtenregister").click()
        form_url = page.url
        form = page.locator("form[action$='/klachten']")
        form.locator("[name=ontvangenOp]").fill(dt.date.today().isoformat())
        form.locator("[name=onderwerp]").fill("Zonder scripts: verslag te laat")
        form.locator("[name=categorie]").select_option("uren-en-rapportage")
        kept = [c for c in context.cookies() if c["name"] != "sessie"]
        context.clear_cookies()
        context.add_cookies(kept)
        page.get_by_role("button", name="Klacht registreren").click()
        assert "Uw sessie was verlopen" in page.locator("main").inner_text()
        page.get_by_label("Gebruikersnaam").fill("organisatie-werkfit")
        page.get_by_label("Wachtwoord").fill("demo-wachtwoord-2026")
        page.get_by_role("button", name="Inloggen").click()
        assert page.url.split("?")[0] == form_url.split("?")[0]
        form = page.locator("form[action$='/klachten']")
        assert form.locator("[name=onderwerp]").input_value() == "Zonder scripts: verslag te laat"
        assert form.locator("[name=ontvangenOp]").input_value() == dt.date.today().isoformat()
        assert form.locator("[name=categorie]").input_value() == "uren-en-rapportage"
        page.get_by_role("button", name="Klacht registreren").click()
        assert page.get_by_text("Zonder scripts: verslag te laat").first.is_visible()
    finally:
        context.close()


def test_deactivating_an_account_asks_first_and_cancelling_changes_nothing(journey):
    page = journey.page
    journey.log_in("beheerder")
    journey.goto("/beheer/accounts")
    buttons = page.get_by_role("button", name=re.compile("^Deactiveren"))
    before = buttons.count()
    journey.accept_dialogs = False
    buttons.first.click()
    assert journey.dialogs and "deactiveren" in journey.dialogs[-1]
    assert page.url.endswith("/beheer/accounts") and buttons.count() == before  # nothing happened
    journey.accept_dialogs = True
    buttons.first.click()
    journey.check()
    assert page.get_by_role("button", name=re.compile("^Deactiveren")).count() == before - 1
