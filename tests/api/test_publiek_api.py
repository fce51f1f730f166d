"""The public register API: no login, public fields only, tolerant search, filters and pagination."""

from __future__ import annotations

import datetime as dt

import pytest

from register import clock
from register.services import jobcoaches, zoeken
from tests import builders
from tests.helpers import auth, invalid_params

API = "/api/v1/register"
# `id` is public since issue 16: a case system needs it for POST /api/v1/trajecten
COACH_FIELDS = {"id", "registratienummer", "naam", "status", "werkgebied", "organisaties", "keurmerken", "_links"}
KEURMERK_FIELDS = {"schema", "status", "geldigTot", "verlopen", "weergave"}
ORG_FIELDS = {"id", "naam", "plaats", "website", "status", "werkgebied", "keurmerken", "_links"}


@pytest.fixture
async def register(db):
    await builders.gemeente("GM0599", "Rotterdam")
    await builders.gemeente("GM0363", "Amsterdam")
    await builders.gemeente("GM1930", "Nissewaard")
    werkfit = await builders.organisatie(naam="Werkfit Jobcoaching", werkgebied=["GM0599"])
    oud = await builders.organisatie(naam="Oude Werkgever")
    sanne = await builders.jobcoach(voornaam="Sanne", achternaam="de Vries", status="actief", werkgebied=["GM0599"], telefoon="0612345678")
    await builders.dienstverband(sanne["id"], werkfit["id"])
    await builders.dienstverband(sanne["id"], oud["id"], van=dt.date(2020, 1, 1), tot=dt.date(2022, 12, 31))
    await builders.keurmerk(sanne["id"], "noloc")
    await builders.keurmerk(sanne["id"], "nvs", verified=False)
    fatima = await builders.jobcoach(voornaam="Fatima", achternaam="Öztürk", status="actief", werkgebied=["GM0363"])
    await builders.keurmerk(fatima["id"], "noloc", dagen_geldig=-10)
    mohammed = await builders.jobcoach(voornaam="Mohammed", achternaam="El Amrani", status="actief", werkgebied=["GM1930"])
    joost = await builders.jobcoach(voornaam="Joost", achternaam="van den Berg", status="geschorst", werkgebied=["GM0599"])
    await builders.dienstverband(joost["id"], werkfit["id"])
    eva = await builders.jobcoach(voornaam="Eva", achternaam="Jansen", status="aangemeld", werkgebied=["GM0599"])
    await builders.dienstverband(eva["id"], werkfit["id"])
    pieter = await builders.jobcoach(voornaam="Pieter", achternaam="Bakker", status="uitgeschreven", werkgebied=["GM0599"])
    await builders.org_keurmerk(werkfit["id"], "uwv")
    await builders.org_keurmerk(werkfit["id"], "oval", verified=False)
    return {
        "werkfit": werkfit,
        "oud": oud,
        "sanne": sanne,
        "fatima": fatima,
        "mohammed": mohammed,
        "joost": joost,
        "eva": eva,
        "pieter": pieter,
    }


def names(body):
    return [r["naam"] for r in body["resultaten"]]


# --- search ------------------------------------------------------------------------------------------


async def test_anonymous_visitor_finds_a_coach_by_a_misspelled_name(client, register):
    response = await client.get(f"{API}/jobcoaches", params={"zoek": "Sane de Vris"})
    assert response.status_code == 200, response.text
    assert names(response.json())[0] == "Sanne de Vries"


@pytest.mark.parametrize(
    ("zoek", "naam"),
    [
        ("sanne de vries", "Sanne de Vries"),
        ("VRIES SANNE DE", "Sanne de Vries"),
        ("ozturk", "Fatima Öztürk"),
        ("Öztürk", "Fatima Öztürk"),
        ("mohamed amrani", "Mohammed El Amrani"),
    ],
)
async def test_search_tolerance(client, register, zoek, naam):
    response = await client.get(f"{API}/jobcoaches", params={"zoek": zoek})
    assert names(response.json())[0] == naam


async def test_registratienummer_is_found_first(client, register):
    nummer = register["mohammed"]["registratienummer"]
    response = await client.get(f"{API}/jobcoaches", params={"zoek": nummer.lower()})
    assert response.json()["resultaten"][0]["registratienummer"] == nummer


async def test_only_actief_and_geschorst_coaches_are_listed(client, register):
    body = (await client.get(f"{API}/jobcoaches")).json()
    assert sorted(names(body)) == [
        "Fatima Öztürk",
        "Joost van den Berg",
        "Mohammed El Amrani",
        "Sanne de Vries",
    ]
    assert {r["status"] for r in body["resultaten"]} == {"actief", "geschorst"}
    for hidden in ("eva", "pieter"):
        for zoek in (register[hidden]["registratienummer"], register[hidden]["achternaam"]):
            found = (await client.get(f"{API}/jobcoaches", params={"zoek": zoek})).json()
            assert found["aantal"] == 0, zoek


async def test_filters(client, register):
    async def found(**params):
        return sorted(names((await client.get(f"{API}/jobcoaches", params=params)).json()))

    assert await found(gemeente="GM0599") == ["Joost van den Berg", "Sanne de Vries"]
    assert await found(gemeente="gm0363") == ["Fatima Öztürk"]
    # Rijnmond groups Rotterdam and Nissewaard
    assert await found(arbeidsmarktregio="rijnmond") == [
        "Joost van den Berg",
        "Mohammed El Amrani",
        "Sanne de Vries",
    ]
    assert await found(arbeidsmarktregio="groot-amsterdam") == ["Fatima Öztürk"]
    assert await found(arbeidsmarktregio="rijnmond", gemeente="GM1930") == ["Mohammed El Amrani"]
    assert await found(arbeidsmarktregio="rijnmond", gemeente="GM0363") == []
    # a valid, verified keurmerk: Fatima's Noloc expired, Sanne's NVS is not verified
    assert await found(schema="noloc") == ["Sanne de Vries"]
    assert await found(schema="nvs") == []
    assert await found(zoek="sanne", schema="noloc", gemeente="GM0599") == ["Sanne de Vries"]


async def test_keurmerk_filter_and_weergave_follow_the_one_keurmerk_rule(client, register):
    """The filter finds exactly the coaches whose keurmerk counts today (register/rules/keurmerken.py):
    a recertification under assessment within its 90-day grace period counts, past it not; a keurmerk
    that has not started yet does not count. Each profile's `weergave` says the same."""
    binnen = await builders.jobcoach(status="actief", voornaam="Bram", achternaam="Binnen")
    await builders.keurmerk(binnen["id"], "nvs", dagen_geldig=-30, status="herregistratie-in-behandeling")
    buiten = await builders.jobcoach(status="actief", voornaam="Bea", achternaam="Buiten")
    await builders.keurmerk(buiten["id"], "nvs", dagen_geldig=-91, status="herregistratie-in-behandeling")
    later = await builders.jobcoach(status="actief", voornaam="Lars", achternaam="Later")
    toekomst = await jobcoaches.add_keurmerk(
        builders.actor_for(await builders.coach_account(later["id"])),
        later["id"],
        {
            "schema": "nvs",
            "nummer": "NVS-LATER",
            "ingangsdatum": clock.today() + dt.timedelta(days=10),
            "geldig_tot": clock.today() + dt.timedelta(days=1000),
            "status": "actief",
        },
    )
    await builders.verify(toekomst["id"])
    found = (await client.get(f"{API}/jobcoaches", params={"schema": "nvs"})).json()
    assert names(found) == ["Bram Binnen"]
    for view, verwacht in (
        (binnen, "herregistratie-in-behandeling"),
        (buiten, "verlopen"),
        (later, "nog-niet-ingegaan"),
    ):
        profiel = (await client.get(f"{API}/jobcoaches/{view['registratienummer']}")).json()
        assert [k["weergave"] for k in profiel["keurmerken"]] == [verwacht], view["voornaam"]


async def test_invalid_filters_are_400_with_every_field(client, register):
    response = await client.get(
        f"{API}/jobcoaches",
        params={"zoek": "x" * 101, "gemeente": "Rotterdam", "arbeidsmarktregio": "mars", "schema": "uwv"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert {p["name"] for p in response.json()["invalidParams"]} == {
        "zoek",
        "gemeente",
        "arbeidsmarktregio",
        "schema",
    }
    unknown = await client.get(f"{API}/jobcoaches", params={"gemeente": "GM9999"})
    assert unknown.status_code == 400
    assert unknown.json()["invalidParams"][0]["name"] == "gemeente"
    bsn = await client.get(f"{API}/jobcoaches", params={"zoek": "111222333"})
    assert bsn.status_code == 400


async def test_pagination_links(client, register):
    first = (await client.get(f"{API}/jobcoaches", params={"paginaGrootte": 3, "gemeente": ""})).json()
    assert first["aantal"] == 4
    assert first["aantalIsOndergrens"] is False  # exact up to a cap (issue #18)
    assert len(first["resultaten"]) == 3
    assert "prev" not in first["_links"] or first["_links"]["prev"] is None
    assert "pagina=2" in first["_links"]["next"]["href"]
    assert first["_links"]["self"]["href"].startswith(f"{API}/jobcoaches?")
    second = (await client.get(first["_links"]["next"]["href"])).json()
    assert len(second["resultaten"]) == 1
    assert second["_links"].get("next") is None
    assert "pagina=1" in second["_links"]["prev"]["href"]
    seen = names(first) + names(second)
    assert len(set(seen)) == 4
    bad = await client.get(f"{API}/jobcoaches", params={"pagina": "0"})
    assert bad.status_code == 400


async def test_search_keeps_filters_in_links(client, register):
    body = (
        await client.get(f"{API}/jobcoaches", params={"zoek": "de", "gemeente": "GM0599", "paginaGrootte": 1})
    ).json()
    assert "gemeente=GM0599" in body["_links"]["next"]["href"]
    assert "zoek=de" in body["_links"]["next"]["href"]


# --- the whitelist -----------------------------------------------------------------------------------


async def test_list_item_has_only_public_fields(client, register):
    body = (await client.get(f"{API}/jobcoaches", params={"zoek": "Sanne de Vries"})).json()
    item = body["resultaten"][0]
    assert set(item) == COACH_FIELDS
    assert item["organisaties"] == [{"id": register["werkfit"]["id"], "naam": "Werkfit Jobcoaching"}]
    assert item["werkgebied"] == ["GM0599"]
    assert [k["schema"] for k in item["keurmerken"]] == ["noloc"]  # the unverified NVS claim is not shown
    assert set(item["keurmerken"][0]) == KEURMERK_FIELDS
    assert item["keurmerken"][0]["verlopen"] is False
    assert item["keurmerken"][0]["weergave"] == "geldig"
    assert item["_links"]["self"]["href"] == f"{API}/jobcoaches/{item['registratienummer']}"


async def test_profile(client, register):
    nummer = register["fatima"]["registratienummer"]
    response = await client.get(f"{API}/jobcoaches/{nummer}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == COACH_FIELDS
    assert body["naam"] == "Fatima Öztürk"
    assert body["keurmerken"][0]["verlopen"] is True
    assert body["keurmerken"][0]["weergave"] == "verlopen"
    geschorst = (await client.get(f"{API}/jobcoaches/{register['joost']['registratienummer']}")).json()
    assert geschorst["status"] == "geschorst"


async def test_non_public_coaches_are_404(client, register):
    for key in ("eva", "pieter"):
        response = await client.get(f"{API}/jobcoaches/{register[key]['registratienummer']}")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
    assert (await client.get(f"{API}/jobcoaches/JC-999999")).status_code == 404
    assert (await client.get(f"{API}/jobcoaches/onzin")).status_code == 404


async def test_personal_data_never_appears_in_any_public_response(client, register):
    """E-mail, phone, trajecten, scholing: none of it, for anonymous visitors and logged-in roles alike."""
    admin = await builders.beheerder()
    urls = [f"{API}/jobcoaches", f"{API}/jobcoaches?zoek=sanne", f"{API}/organisaties"]
    urls += [f"{API}/jobcoaches/{register[k]['registratienummer']}" for k in ("sanne", "fatima", "joost")]
    urls += [f"{API}/organisaties/{register['werkfit']['id']}"]
    for headers in ({}, auth(admin)):
        for url in urls:
            response = await client.get(url, headers=headers)
            assert response.status_code == 200, url
            text = response.text
            for key in ("sanne", "fatima", "joost", "eva", "pieter", "mohammed"):
                assert register[key]["email"] not in text, url
                # the coach's id is public since issue 16 (../shared/API.md: "public entry, now with id"):
                # a case system needs it for POST /api/v1/trajecten; it says nothing about the person
            assert "0612345678" not in text
            for word in ("email", "telefoon", "traject", "scholing", "feedback", "verificatie", 'nummer"'):
                assert word not in text.lower().replace("registratienummer", ""), (url, word)


# --- organisations -----------------------------------------------------------------------------------


async def test_organisations_search_and_profile(client, register):
    body = (await client.get(f"{API}/organisaties", params={"zoek": "werkfitt"})).json()
    assert names(body)[0] == "Werkfit Jobcoaching"
    item = body["resultaten"][0]
    assert set(item) == ORG_FIELDS
    assert [k["schema"] for k in item["keurmerken"]] == ["uwv"]  # OVAL is an unverified claim
    assert sorted(names((await client.get(f"{API}/organisaties", params={"schema": "uwv"})).json())) == [
        "Werkfit Jobcoaching"
    ]
    profile = (await client.get(item["_links"]["self"]["href"])).json()
    assert set(profile) == ORG_FIELDS | {"jobcoaches"}
    # Eva (aangemeld) works there too, but is not public
    assert [(c["naam"], c["status"]) for c in profile["jobcoaches"]] == [
        ("Joost van den Berg", "geschorst"),  # under B, Sanne de Vries under V (issue #16, case 8)
        ("Sanne de Vries", "actief"),
    ]
    old = (await client.get(f"{API}/organisaties/{register['oud']['id']}")).json()
    assert old["jobcoaches"] == []  # Sanne left in 2022


async def test_organisation_filters_validate(client, register):
    response = await client.get(f"{API}/organisaties", params={"schema": "noloc"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "schema"
    assert (await client.get(f"{API}/organisaties/niet-een-id")).status_code == 404
    assert (await client.get(f"{API}/organisaties/00000000-0000-0000-0000-000000000000")).status_code == 404


async def test_public_routes_are_in_the_openapi_document(client, register):
    doc = (await client.get("/api/v1/openapi.json")).json()
    paths = doc["paths"]
    assert "/register/jobcoaches" in paths
    params = {p["name"] for p in paths["/register/jobcoaches"]["get"]["parameters"]}
    assert {"zoek", "gemeente", "arbeidsmarktregio", "schema"} <= params
    assert not paths["/register/jobcoaches"]["get"].get("security")


async def test_a_broad_search_says_its_total_is_a_lower_bound(client, register, monkeypatch):
    from register.services import zoeken

    monkeypatch.setattr(zoeken, "AANTAL_GRENS", 2)
    body = (await client.get(f"{API}/jobcoaches", params={"paginaGrootte": 1})).json()
    assert (body["aantal"], body["aantalIsOndergrens"]) == (2, True)
    assert "next" in body["_links"]


@pytest.mark.parametrize("zoek", ["%", "!!!", "'", "%_", " - . "])
async def test_a_search_of_only_punctuation_is_refused_never_the_whole_register(client, register, zoek):
    """A query without a letter or digit names nothing: a Dutch 400 on the API and a message on the page,
    never every coach or organisation; the search itself finds nothing for it."""
    for soort in ("jobcoaches", "organisaties"):
        response = await client.get(f"{API}/{soort}", params={"zoek": zoek})
        assert response.status_code == 400, (soort, response.text)
        assert "letter of cijfer" in invalid_params(response)["zoek"]
    page = await client.get("/register", params={"zoek": zoek})
    assert page.status_code == 400
    assert "minstens één letter of cijfer" in page.text
    found = await zoeken.zoek(zoeken.Zoekvraag(soort="jobcoach", tekst=zoek), 0, 10)
    assert (found.ids, found.totaal) == ([], 0)
