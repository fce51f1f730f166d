"""Privacy and security around every request: no BSN column anywhere, no personal data in generated URLs
or in the logs, log-ins and refusals logged (without passwords or tokens), security headers everywhere and
HSTS plus Secure cookies when the register runs on https."""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.settings import Settings
from register import db as register_db
from tests import builders
from tests.helpers import BASE_URL, SECRET, auth

BSN_LIKE = re.compile(r"bsn|burgerservice|sofi|persoonsnummer|a_nummer|anummer", re.IGNORECASE)


async def test_no_bsn_like_column_exists_in_any_table(db):
    tables = register_db.all_tables()
    assert {t._meta.tablename for t in tables} >= {"jobcoach", "traject", "auditlog_regel", "toetsing"}
    declared = [(t._meta.tablename, c._meta.db_column_name) for t in tables for c in t._meta.columns]
    assert not [pair for pair in declared if BSN_LIKE.search(pair[1])]
    # and in the database itself, whatever a migration may have added
    if db.engine_type == "postgres":
        rows = await db.run_ddl(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
        )
        actual = [(r["table_name"], r["column_name"]) for r in rows]
    else:
        names = [r["name"] for r in await db.run_ddl("SELECT name FROM sqlite_master WHERE type = 'table'")]
        actual = [(n, c["name"]) for n in names for c in await db.run_ddl(f'PRAGMA table_info("{n}")')]
    assert len(actual) >= len(declared)
    assert not [pair for pair in actual if BSN_LIKE.search(pair[0]) or BSN_LIKE.search(pair[1])]


def urls_in(response: httpx.Response) -> list[str]:
    found = [response.headers.get("location", "")]
    found += re.findall(r'(?:href|action|src)="([^"]*)"', response.text)
    found += re.findall(r'"href"\s*:\s*"([^"]*)"', response.text)
    return [u for u in found if u]


async def typical_requests(client) -> dict[str, Any]:
    """A morning in the register: log-ins that work and fail, reads, a correction, refusals, log-outs."""
    world = await builders.build_world()
    coach = world.coach_a
    coach_login = world.accounts["jobcoach"]["gebruikersnaam"]
    seen: list[httpx.Response] = []
    secrets: list[str] = [builders.PASSWORD, "fout-wachtwoord-9876"]

    async def call(method: str, url: str, **kwargs) -> httpx.Response:
        response = await client.request(method, url, **kwargs)
        seen.append(response)
        return response

    token = (
        await call("POST", "/api/v1/token", data={"username": coach_login, "password": builders.PASSWORD})
    ).json()
    secrets.append(token["access_token"])
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    assert (
        await call(
            "POST", "/api/v1/token", data={"username": coach_login, "password": "fout-wachtwoord-9876"}
        )
    ).status_code == 401
    assert (await call("GET", f"/api/v1/jobcoaches/{coach['id']}", headers=bearer)).status_code == 200
    assert (
        await call(
            "PATCH",
            f"/api/v1/jobcoaches/{coach['id']}",
            headers=bearer,
            json={"telefoon": "06-11112222", "versie": 1},
        )
    ).status_code == 200
    assert (await call("GET", f"/api/v1/jobcoaches/{coach['id']}/export", headers=bearer)).status_code == 200
    assert (await call("GET", f"/api/v1/jobcoaches/{world.coach_b['id']}", headers=bearer)).status_code == 403
    assert (
        await call(
            "PATCH", f"/api/v1/jobcoaches/{world.coach_b['id']}", headers=bearer, json={"telefoon": "06-1"}
        )
    ).status_code == 403
    assert (await call("GET", "/api/v1/gebruikers", headers=bearer)).status_code == 403
    admin = world.headers("beheerder")
    secrets.append(admin["Authorization"].split()[1])
    for path in (
        "/api/v1/jobcoaches?paginaGrootte=1",
        "/api/v1/jobcoaches?paginaGrootte=1&pagina=2",
        "/api/v1/organisaties",
        "/api/v1/gebruikers",
    ):
        assert (await call("GET", path, headers=admin)).status_code == 200
    assert (await call("GET", "/api/v1/gebruikers")).status_code == 401
    assert (await call("POST", "/api/v1/token/intrekken", headers=bearer)).status_code == 204
    assert (await call("GET", f"/api/v1/jobcoaches/{coach['id']}", headers=bearer)).status_code == 401
    # the pages: log in with the form, look around, log out
    form = await call("GET", "/inloggen")
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', form.text).group(1)
    secrets.append(csrf)
    failed = await call(
        "POST",
        "/inloggen",
        data={"_csrf_token": csrf, "gebruikersnaam": coach_login, "wachtwoord": "fout-wachtwoord-9876"},
    )
    assert failed.status_code == 401
    logged_in = await call(
        "POST",
        "/inloggen",
        data={"_csrf_token": csrf, "gebruikersnaam": coach_login, "wachtwoord": builders.PASSWORD},
    )
    assert logged_in.status_code == 303
    secrets.append(client.cookies["sessie"])
    dashboard = await call("GET", "/dashboard")  # a coach goes straight to their own pages
    assert dashboard.status_code == 303
    assert (await call("GET", dashboard.headers["location"])).status_code == 200
    home = await call("GET", "/")
    assert home.status_code == 200
    # the CSRF token rotated at the log-in: the log-out form carries this session's token
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', home.text).group(1)
    secrets.append(csrf)
    assert (await call("POST", "/uitloggen", data={"_csrf_token": csrf})).status_code == 303
    personal = [coach["voornaam"], coach["achternaam"], coach["email"], "06-11112222", coach_login]
    return {"responses": seen, "secrets": secrets, "personal": personal, "coach": coach}


async def test_no_personal_data_in_generated_urls(client):
    run = await typical_requests(client)
    urls = [u for response in run["responses"] for u in urls_in(response)]
    assert any("pagina=2" in u for u in urls) and any(u == "/dashboard" for u in urls)  # it did look at links
    for url in urls:
        for value in run["personal"]:
            assert value.lower() not in url.lower(), (value, url)


async def test_logs_name_log_ins_and_refusals_but_no_passwords_tokens_or_personal_data(client, caplog):
    caplog.set_level(logging.INFO)  # what the server logs (`serve`: root at INFO)
    caplog.set_level(logging.DEBUG, logger="register")  # and everything of the register's own
    run = await typical_requests(client)
    # a failed log-in names the typed user name only as a keyed fingerprint, so no line is left out
    records = list(caplog.records)
    lines = [r.getMessage() for r in records]
    everything = "\n".join(lines + [r.exc_text or "" for r in records] + [repr(r.args) for r in records])
    for secret in run["secrets"]:
        assert secret not in everything
    for value in run["personal"]:
        assert value.lower() not in everything.lower(), value
    security = [r.getMessage() for r in caplog.records if r.name == "register.security"]
    assert any(line.startswith("failed log-in for user ") for line in security)
    assert any(line.startswith("failed page log-in for user ") for line in security)
    assert not any(builders.PASSWORD in line or "fout-wachtwoord-9876" in line for line in security)
    assert any(line.startswith("log-in by account ") for line in security)
    assert any(line.startswith("page log-in by account ") for line in security)
    assert any("refused: not logged in" in line for line in security)  # anonymous and revoked
    assert any("lacks role" in line for line in security)  # the guard
    assert sum("refused (403 Forbidden)" in line for line in security) >= 2  # object level: coach A on B


async def test_a_rate_limited_log_in_is_logged(client, caplog):
    caplog.set_level(logging.INFO)
    admin = await builders.beheerder()
    for _ in range(6):
        response = await client.post(
            "/api/v1/token", data={"username": admin["gebruikersnaam"], "password": "fout-123456789"}
        )
    assert response.status_code == 429
    assert any("refused (429 TooManyAttempts)" in r.getMessage() for r in caplog.records)
    assert not any("fout-123456789" in r.getMessage() for r in caplog.records)


# --- security headers ----------------------------------------------------------------------------------

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "API-Version": "1.0.0",
}


async def _every_kind_of_response(client) -> list[httpx.Response]:
    admin = auth(await builders.beheerder())
    return [
        await client.get("/api/v1/gemeenten", headers=admin),  # API 200
        await client.get("/api/v1/gemeenten"),  # 401 problem
        await client.get("/api/v1/gemeenten/"),  # trailing slash, answered by the middleware
        await client.get("/api/v1/bestaat-niet"),  # 404
        await client.post(
            "/api/v1/gemeenten", headers={**admin, "content-type": "application/json"}, content=b"x" * 300_000
        ),
        await client.get("/"),  # page
        await client.get("/inloggen"),
        await client.get("/bestaat-niet"),  # page 404
        await client.get("/static/css/register.css"),
        await client.get("/api/v1/openapi.json"),
        await client.get("/gezondheid"),
    ]


async def test_security_headers_on_every_kind_of_response(client):
    for response in await _every_kind_of_response(client):
        where = f"{response.request.method} {response.request.url.path} -> {response.status_code}"
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, where
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], where
        assert "Strict-Transport-Security" not in response.headers, where  # plain http (local development)
        if response.request.url.path.startswith("/api/v1/gemeenten"):
            assert response.headers["Cache-Control"] == "no-store", where


@pytest.fixture
async def https_client(db, database_url, data_dir):
    settings = Settings(
        database_url=database_url,
        data_dir=data_dir,
        secret_key=SECRET,
        base_url="https://register.example",
        secure_cookies=True,
    )
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="https://register.example") as client:
        yield client


async def test_https_gives_hsts_and_secure_cookies(https_client):
    for response in await _every_kind_of_response(https_client):
        hsts = response.headers.get("Strict-Transport-Security", "")
        assert "max-age=31536000" in hsts, (response.request.url.path, response.status_code)
    https_client.cookies.clear()
    form = await https_client.get("/inloggen")
    csrf_cookie = next(c for c in form.headers.get_list("set-cookie") if c.startswith("csrftoken="))
    assert "secure" in csrf_cookie.lower() and "httponly" in csrf_cookie.lower()
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', form.text).group(1)
    admin = await builders.beheerder()
    logged_in = await https_client.post(
        "/inloggen",
        data={
            "_csrf_token": csrf,
            "gebruikersnaam": admin["gebruikersnaam"],
            "wachtwoord": builders.PASSWORD,
        },
    )
    assert logged_in.status_code == 303
    session = next(c for c in logged_in.headers.get_list("set-cookie") if c.startswith("sessie="))
    attributes = {part.strip().split("=")[0].lower() for part in session.split(";")}
    assert {"secure", "httponly", "samesite"} <= attributes


async def test_plain_http_cookies_are_not_secure_in_local_development(client):
    form = await client.get("/inloggen")
    assert BASE_URL.startswith("http://")
    csrf_cookie = next(c for c in form.headers.get_list("set-cookie") if c.startswith("csrftoken="))
    assert "secure" not in csrf_cookie.lower()
