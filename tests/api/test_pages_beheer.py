"""The beheerder's pages: accounts, gemeenten, jobcoaches and organisations; and nobody else gets in."""

from __future__ import annotations

from register.services import accounts, gemeenten, jobcoaches, organisaties
from register.tables import Account, Gemeente, Jobcoach, Organisatie
from tests import builders
from tests.helpers import audit_rows, field_value, inline_error, login, post_form, summary

BEHEER_GETS = [
    "/beheer",
    "/beheer/accounts",
    "/beheer/gemeenten",
    "/beheer/jobcoaches",
    "/beheer/organisaties",
]


async def beheerder(client):
    account = await builders.beheerder()
    login(client, account)
    return account


async def test_non_beheerders_cannot_use_the_beheer_pages(client):
    await builders.gemeente("GM0599")
    coach = await builders.jobcoach(voornaam="Bert")
    org = await builders.organisatie()
    others = [
        await builders.coach_account(coach["id"]),
        await builders.org_account(org["id"]),
        await builders.auditor(),
        await builders.gemeente_account("GM0599"),
    ]
    before = await audit_rows()
    n_accounts = await Account.count()
    for account in others:
        login(client, account)
        for url in [*BEHEER_GETS, f"/beheer/jobcoaches/{coach['id']}", f"/beheer/organisaties/{org['id']}"]:
            assert (await client.get(url)).status_code == 403, (account["gebruikersnaam"], url)
        posts = {
            "/beheer/accounts": {
                "gebruikersnaam": "indringer",
                "email": "x@voorbeeld.nl",
                "wachtwoord": "heel-lang-wachtwoord",
                "rollen": ["beheerder"],
            },
            "/beheer/gemeenten": {"code": "GM0001", "naam": "Nep"},
            "/beheer/jobcoaches": {"voornaam": "Nep", "achternaam": "Coach", "email": "n@voorbeeld.nl"},
            f"/beheer/jobcoaches/{coach['id']}/status": {"status": "actief", "reden": "zelf toegelaten"},
            "/beheer/organisaties": {
                "naam": "Nep",
                "kvkNummer": "99999999",
                "postcode": "1234 AB",
                "plaats": "X",
            },
            f"/beheer/organisaties/{org['id']}/status": {"status": "geschorst", "reden": "sabotage"},
            f"/beheer/accounts/{others[0]['id']}/activering": {"actief": "nee"},
        }
        for url, data in posts.items():
            response = await post_form(client, url, data)
            assert response.status_code == 403, (account["gebruikersnaam"], url)
    assert await audit_rows() == before
    assert await Account.count() == n_accounts
    assert (await jobcoaches.view(coach["id"]))["status"] == "aangemeld"
    client.cookies.clear()
    response = await client.get("/beheer", follow_redirects=False)
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/inloggen")


async def test_dashboard_sends_a_beheerder_to_beheer(client):
    await beheerder(client)
    response = await client.get("/dashboard", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/beheer")
    assert (await client.get("/beheer")).status_code == 200


# --- accounts --------------------------------------------------------------------------------------


async def test_create_an_account_with_roles(client):
    await beheerder(client)
    coach = await builders.jobcoach()
    org = await builders.organisatie(kvk_nummer="87654321")
    response = await post_form(
        client,
        "/beheer/accounts",
        {
            "gebruikersnaam": "Sanne.Werkfit",
            "email": "sanne@voorbeeld.nl",
            "wachtwoord": "een-lang-genoeg-wachtwoord",
            "rollen": ["jobcoach", "organisatie"],
            "jobcoach": coach["registratienummer"],
            "organisatie": "87654321",
            "gemeente": "",
        },
    )
    assert response.status_code == 303, response.text
    row = await Account.select(Account.id).where(Account.gebruikersnaam == "sanne.werkfit").first()
    view = await accounts.account_view(row["id"])
    assert sorted((r["rol"], r.get("jobcoach") or r.get("organisatie")) for r in view["rollen"]) == [
        ("jobcoach", coach["id"]),
        ("organisatie", org["id"]),
    ]
    html = (await client.get(response.headers["location"])).text
    assert "Het account is aangemaakt." in html
    assert "sanne.werkfit" in html and coach["registratienummer"] in html


async def test_account_bad_input_is_refused(client):
    await beheerder(client)
    await builders.gemeente("GM0599")
    n_accounts = await Account.count()
    response = await post_form(
        client,
        "/beheer/accounts",
        {
            "gebruikersnaam": "nieuw",
            "email": "geen-adres",
            "wachtwoord": "kort",
            "rollen": ["jobcoach", "gemeente"],
            "jobcoach": "JC-999999",
            "gemeente": "GM12",
        },
    )
    assert response.status_code == 400
    html = response.text
    assert inline_error(html, "veld-jobcoach") == "er is geen jobcoach met dit registratienummer"
    assert inline_error(html, "veld-wachtwoord") == "moet minstens 12 tekens lang zijn"
    assert inline_error(html, "veld-email") == "moet een geldig e-mailadres zijn"
    assert inline_error(html, "veld-gemeente") == "moet een CBS-gemeentecode zijn, zoals GM0599"
    assert field_value(html, "veld-gebruikersnaam") == "nieuw"
    assert 'value="kort"' not in html  # a password is never sent back
    assert await Account.count() == n_accounts
    response = await post_form(
        client,
        "/beheer/accounts",
        {
            "gebruikersnaam": "zonderrol",
            "email": "z@voorbeeld.nl",
            "wachtwoord": "een-lang-genoeg-wachtwoord",
        },
    )
    assert response.status_code == 400
    assert inline_error(response.text, "veld-rollen") == "kies minstens één rol"
    assert await Account.count() == n_accounts


async def test_deactivate_and_reactivate_an_account(client):
    admin = await beheerder(client)
    other = await builders.auditor()
    response = await post_form(client, f"/beheer/accounts/{other['id']}/activering", {"actief": "nee"})
    assert response.status_code == 303, response.text
    assert (await accounts.account_view(other["id"]))["actief"] is False
    response = await post_form(client, f"/beheer/accounts/{other['id']}/activering", {"actief": "ja"})
    assert response.status_code == 303
    assert (await accounts.account_view(other["id"]))["actief"] is True
    # one's own account cannot be deactivated
    response = await post_form(client, f"/beheer/accounts/{admin['id']}/activering", {"actief": "nee"})
    assert response.status_code == 403
    assert (await accounts.account_view(admin["id"]))["actief"] is True


async def test_accounts_list_is_paginated(client):
    await beheerder(client)
    for i in range(26):
        await builders.account(accounts.RolInvoer("auditor"), name=f"auditor{i:02d}")
    first = (await client.get("/beheer/accounts")).text
    assert "Pagina 1 van 2" in first and "auditor00" in first
    second = (await client.get("/beheer/accounts?pagina=2")).text
    assert "auditor00" not in second and 'rel="prev"' in second


# --- gemeenten -------------------------------------------------------------------------------------


async def test_add_a_gemeente_and_bad_input(client):
    await beheerder(client)
    response = await post_form(
        client,
        "/beheer/gemeenten",
        {"code": "gm0599", "naam": "Rotterdam", "ingangsdatum": "", "einddatum": ""},
    )
    assert response.status_code == 303, response.text
    assert await gemeenten.known_codes(["GM0599"]) == {"GM0599"}
    response = await post_form(
        client,
        "/beheer/gemeenten",
        {"code": "GM0599", "naam": "Dubbel", "ingangsdatum": "2024-01-01", "einddatum": "2023-01-01"},
    )
    assert response.status_code == 400
    assert inline_error(response.text, "veld-einddatum") == "mag niet voor de ingangsdatum liggen"
    response = await post_form(client, "/beheer/gemeenten", {"code": "GM0599", "naam": "Dubbel"})
    assert response.status_code == 400
    assert inline_error(response.text, "veld-code") == "deze gemeentecode staat al in het register"
    response = await post_form(client, "/beheer/gemeenten", {"code": "0599", "naam": ""})
    assert inline_error(response.text, "veld-code") == "moet een CBS-gemeentecode zijn, zoals GM0599"
    assert inline_error(response.text, "veld-naam") == "is verplicht"
    assert await Gemeente.count() == 1


# --- jobcoaches ------------------------------------------------------------------------------------


async def test_register_a_coach_and_admit_suspend_deregister(client):
    await beheerder(client)
    response = await post_form(
        client,
        "/beheer/jobcoaches",
        {"voornaam": "Eva", "achternaam": "Jansen", "email": "eva@voorbeeld.nl", "telefoon": ""},
    )
    assert response.status_code == 303, response.text
    row = await Jobcoach.select().where(Jobcoach.achternaam == "Jansen").first()
    coach_id = str(row["id"])
    # a second record for the same address: refused at the e-mail field, naming the coach it belongs to
    dubbel = await post_form(
        client,
        "/beheer/jobcoaches",
        {"voornaam": "Eva", "achternaam": "Jansen", "email": "Eva@voorbeeld.nl", "telefoon": ""},
    )
    assert dubbel.status_code == 409 and f"hoort al bij jobcoach {row['registratienummer']}" in dubbel.text
    assert await Jobcoach.count() == 1
    assert row["status"] == "aangemeld"
    listing = (await client.get("/beheer/jobcoaches?status=aangemeld")).text
    assert "Jansen, Eva" in listing
    page = (await client.get(f"/beheer/jobcoaches/{coach_id}")).text
    assert "Toelaten (actief)" in page and "Schorsen" not in page
    for status, reden in (
        ("actief", "portfolio beoordeeld"),
        ("geschorst", "klacht in onderzoek"),
        ("uitgeschreven", "op eigen verzoek"),
    ):
        response = await post_form(
            client, f"/beheer/jobcoaches/{coach_id}/status", {"status": status, "reden": reden}
        )
        assert response.status_code == 303, response.text
        assert (await jobcoaches.view(coach_id))["status"] == status
    history = (await client.get(f"/beheer/jobcoaches/{coach_id}")).text
    assert "klacht in onderzoek" in history and "op eigen verzoek" in history


async def test_status_change_needs_a_reason_and_an_allowed_transition(client):
    await beheerder(client)
    coach = await builders.jobcoach()
    before = await audit_rows()
    response = await post_form(
        client, f"/beheer/jobcoaches/{coach['id']}/status", {"status": "actief", "reden": "ok"}
    )
    assert response.status_code == 400
    assert inline_error(response.text, "veld-reden") == "moet minstens 3 tekens lang zijn"
    response = await post_form(
        client,
        f"/beheer/jobcoaches/{coach['id']}/status",
        {"status": "geschorst", "reden": "te vroeg geschorst"},
    )
    assert response.status_code == 409
    assert "Een jobcoach met status aangemeld kan niet naar status geschorst." in summary(response.text)
    assert (await jobcoaches.view(coach["id"]))["status"] == "aangemeld"
    assert await audit_rows() == before


async def test_coach_list_search(client):
    await beheerder(client)
    await builders.jobcoach(voornaam="Karel", achternaam="Appel")
    await builders.jobcoach(voornaam="Piet", achternaam="Mondriaan")
    html = (await client.get("/beheer/jobcoaches?zoek=mondri")).text
    assert "Mondriaan, Piet" in html and "Appel, Karel" not in html


async def test_a_coach_search_of_only_wildcards_finds_no_one(client):
    await beheerder(client)
    await builders.jobcoach(voornaam="Piet", achternaam="Mondriaan")
    for zoek in ("%25", "_", "%25%25"):
        html = (await client.get(f"/beheer/jobcoaches?zoek={zoek}")).text
        assert "Mondriaan, Piet" not in html, zoek


# --- organisaties ----------------------------------------------------------------------------------


async def test_register_and_suspend_an_organisation(client):
    await beheerder(client)
    response = await post_form(
        client,
        "/beheer/organisaties",
        {
            "naam": "Samen Werkt",
            "kvkNummer": "11223344",
            "postcode": "3511 ab",
            "plaats": "Utrecht",
            "website": "",
        },
    )
    assert response.status_code == 303, response.text
    row = await Organisatie.select().where(Organisatie.kvk_nummer == "11223344").first()
    assert (row["naam"], row["postcode"], row["status"]) == ("Samen Werkt", "3511 AB", "actief")
    org_id = str(row["id"])
    response = await post_form(
        client,
        f"/beheer/organisaties/{org_id}/status",
        {"status": "geschorst", "reden": "keurmerk ingetrokken"},
    )
    assert response.status_code == 303, response.text
    assert (await organisaties.view(org_id))["status"] == "geschorst"
    page = (await client.get(f"/beheer/organisaties/{org_id}")).text
    assert "keurmerk ingetrokken" in page and "Organisatie weer toelaten" in page
    response = await post_form(
        client, f"/beheer/organisaties/{org_id}/status", {"status": "actief", "reden": ""}
    )
    assert response.status_code == 400
    assert inline_error(response.text, "veld-reden") == "is verplicht"
    assert (await organisaties.view(org_id))["status"] == "geschorst"


async def test_organisation_bad_input_is_refused(client):
    await beheerder(client)
    await builders.organisatie(kvk_nummer="55555555")
    n = await Organisatie.count()
    response = await post_form(
        client,
        "/beheer/organisaties",
        {"naam": "Dubbel", "kvkNummer": "55555555", "postcode": "3511AB", "plaats": "Utrecht"},
    )
    assert response.status_code == 400
    assert (
        inline_error(response.text, "veld-kvkNummer")
        == "dit KvK-nummer is al geregistreerd bij een andere organisatie"
    )
    assert field_value(response.text, "veld-naam") == "Dubbel"
    assert await Organisatie.count() == n


async def test_register_a_coach_with_bad_input_is_refused(client):
    await beheerder(client)
    n = await Jobcoach.count()
    response = await post_form(
        client,
        "/beheer/jobcoaches",
        {"voornaam": "", "achternaam": "Jansen", "email": "eva@", "telefoon": "111222333"},
    )
    assert response.status_code == 400
    html = response.text
    assert inline_error(html, "veld-voornaam") == "is verplicht"
    assert inline_error(html, "veld-email") == "moet een geldig e-mailadres zijn"
    assert "BSN" in inline_error(html, "veld-telefoon")
    assert field_value(html, "veld-achternaam") == "Jansen"
    assert await Jobcoach.count() == n


async def test_account_activation_with_a_bad_value_changes_nothing(client):
    await beheerder(client)
    other = await builders.auditor()
    response = await post_form(client, f"/beheer/accounts/{other['id']}/activering", {"actief": "misschien"})
    assert response.status_code == 400
    assert "Het account is niet gewijzigd" in summary(response.text)
    assert (await accounts.account_view(other["id"]))["actief"] is True


async def test_dashboard_lists_every_role_of_a_multi_role_account(client):
    coach = await builders.jobcoach()
    await builders.gemeente("GM0599")
    account = await builders.account(
        accounts.RolInvoer("jobcoach", jobcoach=coach["id"]),
        accounts.RolInvoer("gemeente", gemeente="GM0599"),
        accounts.RolInvoer("auditor"),
    )
    login(client, account)
    response = await client.get("/dashboard", follow_redirects=False)
    assert response.status_code == 200
    assert "Gemeente Rotterdam (GM0599)" in response.text
    for href in (f"/jobcoach/{coach['id']}", "/gemeente", "/auditor/werkvoorraad"):
        assert f'href="{href}"' in response.text


# --- the audit log in Dutch (issue #17, point 10) ----------------------------------------------------


def _logged_actions() -> set[str]:
    """Every action code the services write (the constant second argument of auditlog.record), plus the
    ones chosen at run time (beoordelingen: verify/reject; dienstverband: bevestiging/weigering)."""
    import ast
    import pathlib

    found = {"verify", "reject", "bevestiging", "weigering"}
    for package in ("register", "audits", "api"):
        for path in pathlib.Path(package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "record"
                    and len(node.args) >= 3
                    and isinstance(node.args[1], ast.Constant)
                ):
                    found.add(node.args[1].value)
    return found


def test_every_logged_action_has_a_dutch_label():
    from register.vocabulary import AUDIT_ACTIES

    assert len(_logged_actions()) > 20
    assert _logged_actions() - set(AUDIT_ACTIES.codes) == set()


async def test_the_audit_log_page_shows_changes_in_dutch(client):
    import html
    import re

    def strip_tags(fragment: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())

    org = await builders.organisatie(naam="Werkfit Test")
    org_actor = builders.actor_for(await builders.org_account(org["id"]))
    made = await organisaties.add_klacht(
        org_actor,
        org["id"],
        {"ontvangen_op": builders.days_ago(3), "onderwerp": "Te laat gebeld", "categorie": "afspraken"},
    )
    await organisaties.update_klacht(
        org_actor,
        org["id"],
        made["id"],
        {"afgehandeld_op": builders.days_ago(1), "uitkomst": "deels-gegrond", "versie": 1},
    )
    await beheerder(client)
    response = await client.get(f"/beheer/auditlog?objecttype=klacht&objectId={made['id']}")
    assert response.status_code == 200
    table = response.text.split("<table")[1].split("</table>")[0]
    rows = [strip_tags(r) for r in table.split("<tr>")[2:]]
    assert len(rows) == 2
    changed, created = rows
    assert "Gewijzigd" in changed and "Klacht" in changed
    assert "Uitkomst: van “—” naar “Deels gegrond”" in changed
    day = builders.days_ago(1)
    assert re.search(rf"Afgehandeld op: van “—” naar “{day.day} \w+ {day.year}”", changed)
    assert "Aangemaakt" in created and "Categorie: Afspraken, bereikbaarheid en continuïteit" in created
    assert "Onderwerp: Te laat gebeld" in created and "Jobcoach (id): —" in created
    for english_or_repr in ("create", "update", "None", "True", "False", "{'", "['", "_op", "2026-"):
        assert english_or_repr not in table, english_or_repr
