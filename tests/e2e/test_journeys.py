"""User journeys in a real browser against the real server."""


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
