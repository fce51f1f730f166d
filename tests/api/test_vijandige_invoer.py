"""Hostile input: oversized, deeply nested, malformed and injecting bodies get a clear 4xx (never a 500 or a
crash), and hostile text is stored as text and shown inert on every page."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from litestar.routes import HTTPRoute

from register.tables import Gemeente, Jobcoach, Klacht, Organisatie
from tests import builders
from tests.api.authz_matrix import PARAMS, ROLES
from tests.helpers import auth, csrf_token

SQL = "'; DROP TABLE jobcoach;--"
SQL_2 = '" OR "1"="1'
SCRIPT = "<script>alert(1)</script>"
JINJA = "{{7*7}}"
JINJA_BLOCK = '{%if 1%}{{"ssti-"~"go"}}{%endif%}'
EVALUATED = "ssti-go"  # only appears when JINJA_BLOCK was rendered as a template
HOSTILE = f"{SQL} {SCRIPT} {JINJA} {JINJA_BLOCK}"  # fits the 100 characters of a name
assert len(HOSTILE) <= 100
SHORT = SCRIPT  # for fields of 30 or 40 characters


def problem_400(response) -> list[str]:
    assert response.status_code == 400, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 400 and body["invalidParams"]
    return [p["name"] for p in body["invalidParams"]]


@pytest.fixture
async def org_a(client):
    org = await builders.organisatie()
    account = await builders.org_account(org["id"])
    return org, {**auth(account), "content-type": "application/json"}


# --- bodies the parser must survive --------------------------------------------------------------------


async def test_oversized_bodies_are_413(client, org_a):
    org, headers = org_a
    url = f"/api/v1/organisaties/{org['id']}/klachten"
    big = json.dumps({"ontvangenOp": "2025-01-01", "onderwerp": "x" * 300_000}).encode()
    response = await client.post(url, headers=headers, content=big)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 413

    async def chunks():  # no Content-Length: the limit holds while streaming
        for _ in range(100):
            yield b"x" * 10_000

    streamed = await client.post(url, headers=headers, content=chunks())
    assert streamed.status_code == 413
    csrf = await csrf_token(client)
    page = await client.post("/inloggen", data={"_csrf_token": csrf, "gebruikersnaam": "x" * 300_000})
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
    assert await Klacht.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"[" * 10_000 + b"]" * 10_000, id="10000-nested-arrays"),
        pytest.param(b'{"a":' * 10_000 + b"1" + b"}" * 10_000, id="10000-nested-objects"),
        pytest.param(b'{"onderwerp": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", id="nested-in-a-field"),
        pytest.param(b"[" * 100_000, id="100000-unclosed-arrays"),
    ],
)
async def test_deeply_nested_json_is_400_and_the_server_carries_on(client, org_a, body):
    org, headers = org_a
    url = f"/api/v1/organisaties/{org['id']}/klachten"
    assert problem_400(await client.post(url, headers=headers, content=body)) == ["body"]
    put = await client.put(
        f"/api/v1/organisaties/{org['id']}/kwaliteitsborging", headers=headers, content=body
    )
    assert problem_400(put) == ["body"]
    fine = await client.post(url, headers=headers, json={"ontvangenOp": "2025-01-01", "onderwerp": "gewoon", "categorie": "overig"})
    assert fine.status_code == 201


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        pytest.param(b'{"ontvangenOp": "2025-01-01", "categorie": "overig", "onderwerp": "caf\xe9"}', "UTF-8", id="latin-1-byte"),
        pytest.param(b'{"ontvangenOp": "2025-01-01", "categorie": "overig", "onderwerp": "\xff\xfe"}', "UTF-8", id="invalid-bytes"),
        pytest.param(b'{"ontvangenOp": "2025-01-01", "categorie": "overig", "onderwerp": "a\\ud800b"}', "", id="lone-surrogate"),
        pytest.param(b'{"ontvangenOp": "2025-01-01", "categorie": "overig", "onderwerp": "a\\u0000b"}', "NUL", id="nul-character"),
        pytest.param(b'{"ontvangenOp": "2025-01-01", "categorie": "overig", "onderwerp": "a\x00b"}', "", id="raw-nul-byte"),
        pytest.param(
            b'{"ontvangenOp": "2025-01-01", "categorie": "overig", "onderwerp": 1' + b"0" * 5000 + b"}", "getal", id="huge-number"
        ),
        pytest.param(
            b'{"ontvangenOp": "2025-01-01", "categorie": "overig", "onderwerp": "x", "y": 1e999999}', "getal", id="huge-float"
        ),
        pytest.param(b"\xef\xbb\xbf{}", "", id="byte-order-mark"),
        pytest.param(b"", "", id="empty"),
    ],
)
async def test_malformed_bodies_are_400_in_dutch(client, org_a, body, reason):
    org, headers = org_a
    response = await client.post(f"/api/v1/organisaties/{org['id']}/klachten", headers=headers, content=body)
    names = problem_400(response)
    assert names
    detail = response.json()["detail"]
    assert reason in detail
    assert not re.search(r"Expected|malformed|truncated|out of range|Traceback", detail), detail
    assert await Klacht.count() == 0


async def test_malformed_forms_are_refused_without_a_500(client):
    bad = {"content-type": "application/x-www-form-urlencoded"}
    token = await client.post("/api/v1/token", headers=bad, content=b"username=a%ff%fe&password=b\xff")
    assert token.status_code in (400, 401) and token.headers["content-type"].startswith(
        "application/problem+json"
    )
    nul = await client.post("/api/v1/token", data={"username": "beheer\x00", "password": "x"})
    assert nul.status_code in (400, 401)
    csrf = await csrf_token(client)
    page = await client.post(
        "/inloggen",
        headers=bad,
        content=f"_csrf_token={csrf}&gebruikersnaam=%ff%00&wachtwoord=x".encode(),
    )
    assert page.status_code in (400, 401) and page.headers["content-type"].startswith("text/html")
    for path in ("/api/v1/jobcoaches/%ff", "/api/v1/jobcoaches/a%00b", "/api/v1/gemeenten?pagina=%ff%00"):
        response = await client.get(path, headers=auth(await builders.beheerder()))
        assert response.status_code in (400, 404), path


# --- injection strings are stored as text ----------------------------------------------------------------


async def test_injection_strings_are_stored_verbatim_in_every_free_text_field(client):
    world = await builders.build_world()
    org, coach = world.org_a["id"], world.coach_a["id"]
    as_org = world.headers("organisatie")
    as_coach = world.headers("jobcoach")
    as_admin = world.headers("beheerder")
    writes: list[tuple[str, str, dict[str, str], dict[str, Any]]] = [
        ("PATCH", f"/api/v1/organisaties/{org}", as_org, {"naam": HOSTILE, "plaats": SQL_2}),
        (
            "POST",
            f"/api/v1/organisaties/{org}/klachten",
            as_org,
            {"ontvangenOp": "2025-01-01", "onderwerp": HOSTILE, "categorie": "overig"},
        ),
        (
            "PUT",
            f"/api/v1/organisaties/{org}/kwaliteitsborging",
            as_org,
            {
                "privacy": {"ingangsdatum": "2025-01-01", "toelichting": HOSTILE},
                "klachtprocedure": {
                    "ingangsdatum": "2025-01-01",
                    "toelichting": HOSTILE,
                    "ontvangstbevestigingDagen": 5,
                    "afhandelingWeken": 6,
                    "klachtencommissie": HOSTILE,
                },
            },
        ),
        (
            "POST",
            f"/api/v1/organisaties/{org}/keurmerken",
            as_org,
            {"schema": "uwv", "nummer": SHORT, "ingangsdatum": "2024-01-01", "geldigTot": "2029-01-01"},
        ),
        (
            "PATCH",
            f"/api/v1/jobcoaches/{coach}",
            as_coach,
            {"voornaam": HOSTILE, "achternaam": HOSTILE, "telefoon": SHORT},
        ),
        (
            "POST",
            f"/api/v1/jobcoaches/{coach}/opleidingen",
            as_coach,
            {"soort": "hbo-diploma", "omschrijving": HOSTILE, "datum": "2015-06-30", "bewijs": HOSTILE},
        ),
        (
            "POST",
            f"/api/v1/jobcoaches/{coach}/scholingen",
            as_coach,
            {
                "titel": HOSTILE,
                "aanbieder": HOSTILE,
                "datum": "2025-01-01",
                "uren": 4,
                "certificaat": HOSTILE,
            },
        ),
        (
            "POST",
            f"/api/v1/jobcoaches/{coach}/zelfevaluaties",
            as_coach,
            {
                "datum": "2025-01-01",
                "competenties": [
                    {"code": "coachen", "score": 3, "toelichting": HOSTILE, "leerdoel": HOSTILE}
                ],
            },
        ),
        (
            "POST",
            f"/api/v1/jobcoaches/{coach}/keurmerken",
            as_coach,
            {"schema": "noloc", "nummer": SHORT, "ingangsdatum": "2024-01-01", "geldigTot": "2028-01-01"},
        ),
        ("POST", f"/api/v1/jobcoaches/{coach}/status", as_admin, {"status": "actief", "reden": HOSTILE}),
        ("POST", "/api/v1/gemeenten", as_admin, {"code": "GM0001", "naam": HOSTILE}),
    ]
    for method, url, headers, body in writes:
        response = await client.request(method, url, headers=headers, json=body)
        assert response.status_code in (200, 201), (method, url, response.text[:300])
        assert SQL in response.text or SHORT in response.text, (url, response.text[:300])

    klacht = (await client.get(f"/api/v1/organisaties/{org}/klachten", headers=as_org)).json()
    klacht_id = klacht["resultaten"][0]["id"] if isinstance(klacht, dict) else klacht[0]["id"]
    closed = await client.patch(
        f"/api/v1/organisaties/{org}/klachten/{klacht_id}",
        headers=as_org,
        json={
            "bevestigdOp": "2025-01-02",
            "afgehandeldOp": "2025-01-10",
            "uitkomst": "ongegrond",
            "uitkomstToelichting": HOSTILE,
            "versie": 1,
        },
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["uitkomstToelichting"] == HOSTILE

    # read back exactly as written, and every table is still there
    dossier = (await client.get(f"/api/v1/jobcoaches/{coach}", headers=as_coach)).json()
    assert dossier["voornaam"] == dossier["achternaam"] == HOSTILE and dossier["telefoon"] == SHORT
    assert dossier["opleidingen"][0]["omschrijving"] == HOSTILE
    assert dossier["scholingen"][0]["titel"] == HOSTILE
    assert dossier["zelfevaluaties"][0]["competenties"][0]["leerdoel"] == HOSTILE
    assert (
        dossier["statushistorie"][0]["status"] == "actief"
        and dossier["statushistorie"][0]["reden"] == HOSTILE
    )
    organisation = (await client.get(f"/api/v1/organisaties/{org}", headers=as_org)).json()
    assert organisation["naam"] == HOSTILE and organisation["plaats"] == SQL_2
    borging = (await client.get(f"/api/v1/organisaties/{org}/kwaliteitsborging", headers=as_org)).json()
    assert borging["klachtprocedure"]["klachtencommissie"] == HOSTILE
    assert await Jobcoach.count() == 2 and await Organisatie.count() == 2
    assert await Gemeente.exists().where(Gemeente.naam == HOSTILE)


# --- and shown inert on every page -----------------------------------------------------------------------


def page_paths(app) -> list[str]:
    """Every GET page route of the app (other engineers add more; they are all checked)."""
    found = set()
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or "GET" not in route.methods:
            continue
        path = route.path_format if "{" not in route.path else route.path
        if path.startswith(("/api/", "/static", "/nlds", "/_intern", "/.well-known", "/gezondheid")):
            continue
        found.add(path)
    return sorted(found)


def fill(path: str, world) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: PARAMS[m.group(1)](world), path)


def assert_inert(html: str, where: str) -> None:
    assert SCRIPT not in html, f"unescaped script on {where}"
    assert EVALUATED not in html, f"template code was executed on {where}"
    assert "<b>vet</b>" not in html, f"unescaped markup on {where}"


async def test_hostile_text_is_escaped_on_every_page(client, app):
    world = await builders.build_world()
    org, coach = world.org_a["id"], world.coach_a["id"]
    marked = f"{HOSTILE} <b>vet</b>"
    assert (
        await client.patch(
            f"/api/v1/organisaties/{org}", headers=world.headers("organisatie"), json={"naam": marked[:200]}
        )
    ).status_code == 200
    assert (
        await client.post(
            f"/api/v1/organisaties/{org}/klachten",
            headers=world.headers("organisatie"),
            json={"ontvangenOp": "2025-01-01", "onderwerp": marked, "categorie": "overig"},
        )
    ).status_code == 201
    assert (
        await client.patch(
            f"/api/v1/jobcoaches/{coach}",
            headers=world.headers("jobcoach"),
            json={"voornaam": marked[:100], "achternaam": marked[:100]},
        )
    ).status_code == 200

    paths = page_paths(app)
    assert "/inloggen" in paths and "/dashboard" in paths
    checked = 0
    for path in paths:
        url = fill(path, world)
        for role in ROLES:
            world.log_in_pages(client, role)
            for query in ("", "?zoek=" + marked, "?q=" + marked):
                response = await client.get(url + query, follow_redirects=False)
                assert response.status_code < 500, (role, url + query, response.status_code)
                if response.headers.get("content-type", "").startswith("text/html"):
                    assert_inert(response.text, f"{url + query} as {role}")
                    checked += 1
    assert checked >= len(paths) * len(ROLES)
    client.cookies.clear()


async def test_the_log_in_page_echoes_the_user_name_escaped(client):
    csrf = await csrf_token(client)
    name = f'"><b>vet</b>{SCRIPT}{JINJA}{JINJA_BLOCK}'
    response = await client.post(
        "/inloggen", data={"_csrf_token": csrf, "gebruikersnaam": name, "wachtwoord": "x"}
    )
    assert response.status_code == 401
    assert_inert(response.text, "/inloggen")
    field = re.search(r'<input id="gebruikersnaam"[^>]*>', response.text).group(0)
    assert 'value="&#34;&gt;&lt;b&gt;vet&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;{{7*7}}' in field
    assert "49" not in field
