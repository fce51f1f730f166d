"""The public register pages: search form and results, public profiles, no login, nothing private."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from register import clock
from register.opmaak import datum
from register.services import publiek
from tests import builders
from tests.helpers import token_for

SCRIPTS = re.compile(r"<script[^>]*>")
OWN_SCRIPT = '<script src="/static/js/register.js" defer>'


class Outline(HTMLParser):
    """Headings in order, labels and the ids of form fields, table captions."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.labels: set[str] = set()
        self.fields: set[str] = set()
        self.tables = 0
        self.captions = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag in ("input", "select") and a.get("type") not in ("radio", "hidden", "submit"):
            self.fields.add(a.get("id", ""))
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def assert_accessible(html: str) -> None:
    o = outline(html)
    assert o.headings and o.headings[0] == 1 and o.headings.count(1) == 1
    for before, after in zip(o.headings, o.headings[1:], strict=False):
        assert after <= before + 1, f"heading level skipped: {o.headings}"
    assert o.fields <= o.labels, f"fields without a label: {o.fields - o.labels}"
    assert o.tables == o.captions
    assert SCRIPTS.findall(html) == [OWN_SCRIPT]  # no inline script; the one file only enhances


@pytest.fixture
async def register(db):
    await builders.gemeente("GM0599", "Rotterdam")
    await builders.gemeente("GM0363", "Amsterdam")
    werkfit = await builders.organisatie(
        naam="Werkfit Jobcoaching", plaats="Rotterdam", werkgebied=["GM0599"]
    )
    sanne = await builders.jobcoach(
        voornaam="Sanne", achternaam="de Vries", status="actief", werkgebied=["GM0599"]
    )
    await builders.dienstverband(sanne["id"], werkfit["id"])
    await builders.keurmerk(sanne["id"], "noloc", dagen_geldig=400)
    await builders.keurmerk(sanne["id"], "nvs", dagen_geldig=30)
    fatima = await builders.jobcoach(
        voornaam="Fatima", achternaam="Öztürk", status="actief", werkgebied=["GM0363"]
    )
    await builders.keurmerk(fatima["id"], "noloc", dagen_geldig=-5)
    await builders.keurmerk(fatima["id"], "nvs", status="geschorst")
    joost = await builders.jobcoach(
        voornaam="Joost", achternaam="van den Berg", status="geschorst", werkgebied=["GM0599"]
    )
    await builders.dienstverband(joost["id"], werkfit["id"])
    eva = await builders.jobcoach(voornaam="Eva", achternaam="Jansen", status="aangemeld")
    await builders.org_keurmerk(werkfit["id"], "uwv")
    return {"werkfit": werkfit, "sanne": sanne, "fatima": fatima, "joost": joost, "eva": eva}


async def test_search_page_without_login(client, register):
    response = await client.get("/register")
    assert response.status_code == 200
    html = response.text
    assert_accessible(html)
    assert '<label for="zoek">Naam of registratienummer</label>' in html
    assert "Sanne de Vries" in html and "Fatima Öztürk" in html and "Joost van den Berg" in html
    assert "Eva Jansen" not in html
    assert "3 jobcoaches gevonden" in html
    assert "_csrf_token" not in html  # a GET form: no token in URLs


async def test_misspelled_name_finds_the_coach(client, register):
    html = (await client.get("/register", params={"zoek": "Sane de Vris"})).text
    assert "1 jobcoach gevonden" in html
    assert f'href="/register/jobcoaches/{register["sanne"]["registratienummer"]}"' in html
    assert 'value="Sane de Vris"' in html  # what the visitor typed stays in the field


async def test_filters_on_the_page(client, register):
    html = (await client.get("/register", params={"gemeente": "GM0363"})).text
    assert "Fatima Öztürk" in html and "Sanne de Vries" not in html
    assert '<option value="GM0363" selected>Amsterdam</option>' in html
    html = (await client.get("/register", params={"arbeidsmarktregio": "rijnmond"})).text
    assert "Sanne de Vries" in html and "Fatima Öztürk" not in html
    html = (await client.get("/register", params={"keurmerk": "noloc"})).text
    assert "Sanne de Vries" in html and "Fatima Öztürk" not in html  # Fatima's Noloc expired
    html = (await client.get("/register", params={"soort": "organisaties", "keurmerk": "uwv"})).text
    assert "Werkfit Jobcoaching" in html
    assert "Organisaties in het register" in html


async def test_invalid_input_is_shown_inline(client, register):
    response = await client.get(
        "/register", params={"zoek": "Sanne", "gemeente": "GM9999", "keurmerk": "uwv", "soort": "jobcoaches"}
    )
    assert response.status_code == 400
    html = response.text
    assert 'role="alert"' in html
    assert "gemeente GM9999 is niet bekend in het register" in html
    assert "dit keurmerk hoort niet bij jobcoaches" in html
    assert 'value="Sanne"' in html
    assert 'aria-invalid="true"' in html
    assert_accessible(html)


async def test_pagination_on_the_page(client, db):
    for i in range(23):
        await builders.jobcoach(voornaam="Coach", achternaam=f"Achternaam{i:02d}", status="actief")
    first = (await client.get("/register")).text
    assert "23 jobcoaches gevonden" in first
    assert first.count('href="/register/jobcoaches/') == 20
    assert 'rel="next"' in first and 'rel="prev"' not in first
    href = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    second = (await client.get(href)).text
    assert second.count('href="/register/jobcoaches/') == 3
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert "Pagina 2 van 2" in second


async def test_coach_profile_with_keurmerk_badges(client, register):
    response = await client.get(f"/register/jobcoaches/{register['sanne']['registratienummer']}")
    assert response.status_code == 200
    html = response.text
    assert_accessible(html)
    assert "<h1>Sanne de Vries</h1>" in html
    assert "Werkfit Jobcoaching" in html and "Rotterdam" in html
    assert "Noloc Register Jobcoach" in html
    assert ">Geldig</span>" in html
    assert ">Verloopt binnenkort</span>" in html
    soon = clock.today() + dt.timedelta(days=30)
    assert f'<time datetime="{soon.isoformat()}">{datum(soon)}</time>' in html
    # the coach-level criteria of the national kader, without details (Sanne has no verified facts)
    assert (
        "<dt>Voldoet vandaag aan het landelijke toetsingskader</dt><dd>nee, niet aan de persoonsgebonden eisen"
        in html
    )
    assert register["sanne"]["email"] not in html

    fatima = (await client.get(f"/register/jobcoaches/{register['fatima']['registratienummer']}")).text
    assert ">Verlopen</span>" in fatima and ">Geschorst</span>" in fatima


async def test_suspended_coach_shows_as_suspended(client, register):
    html = (await client.get(f"/register/jobcoaches/{register['joost']['registratienummer']}")).text
    assert "Deze jobcoach is geschorst" in html
    assert '<span class="badge badge-fout">Geschorst</span>' in html


async def test_toetsingskader_line_is_shown_when_the_hook_answers(client, register, monkeypatch):
    async def answer(registratienummer):
        return "ja"

    monkeypatch.setattr(publiek, "landelijk_toetsingskader_vandaag", answer)
    html = (await client.get(f"/register/jobcoaches/{register['sanne']['registratienummer']}")).text
    assert "<dt>Voldoet vandaag aan het landelijke toetsingskader</dt><dd>ja</dd>" in html


async def test_non_public_coach_page_is_404(client, register):
    response = await client.get(f"/register/jobcoaches/{register['eva']['registratienummer']}")
    assert response.status_code == 404
    assert "Eva" not in response.text
    assert (await client.get("/register/jobcoaches/JC-999999")).status_code == 404


async def test_organisation_profile(client, register):
    response = await client.get(f"/register/organisaties/{register['werkfit']['id']}")
    assert response.status_code == 200
    html = response.text
    assert_accessible(html)
    assert "<h1>Werkfit Jobcoaching</h1>" in html
    assert "UWV-erkenning" in html
    assert "Sanne de Vries" in html and "Joost van den Berg" in html
    assert register["werkfit"]["kvk_nummer"] not in html
    assert (await client.get("/register/organisaties/onbekend")).status_code == 404


async def test_logged_in_visitors_see_the_same_public_page(client, register):
    admin = await builders.beheerder()
    client.cookies.set("sessie", token_for(admin))
    html = (await client.get(f"/register/jobcoaches/{register['sanne']['registratienummer']}")).text
    assert register["sanne"]["email"] not in html
    assert "Uitloggen" in html


async def test_the_developer_page_explains_linking_a_case_system_and_webhooks(client):
    """Outsider finding (2026-11-30): /ontwikkelaars said nothing about applicaties, client_credentials or
    webhooks; only the README did. The page now says how, with the register's own address."""
    page = await client.get("/ontwikkelaars")
    assert page.status_code == 200
    text = page.text
    assert (
        'id="koppelen"' in text
        and "client_credentials" in text
        and "http://testserver.local/api/v1/token" in text
    )
    assert 'id="webhooks"' in text and "webhook-signature" in text and "standardwebhooks" in text
    assert "15 minuten" in text
