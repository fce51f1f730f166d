"""Page helpers (forms) without a database, the CSRF check on every page form, and
the helpers the other page tests share."""

from __future__ import annotations

import re

from litestar.routes import HTTPRoute

from api.pages.common import Formulier
from audits.tables import AuditlogRegel
from register.errors import FieldError
from tests import factories as f
from tests.api.authz_matrix import PARAMS
from tests.api.world import build_world

# --- helpers for the page tests ---------------------------------------------------------------------


def login(client, account: dict) -> None:
    client.cookies.clear()
    client.cookies.set("sessie", f.token_for(account))


async def post_form(client, url: str, data: dict, *, csrf: bool = True):
    form = dict(data)
    if csrf:
        form["_csrf_token"] = await f.csrf_token(client)
    return await client.post(url, data=form, follow_redirects=False)


def inline_error(html: str, field_id: str) -> str | None:
    """The inline error text shown next to a field (None when there is none)."""
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-fout">(.*?)</p>', html, re.S)
    if not match:
        return None
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Fout: ", "").strip()


def summary(html: str) -> str:
    match = re.search(r'<div class="alert alert-error error-summary" role="alert">(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def field_value(html: str, field_id: str) -> str | None:
    match = re.search(rf'id="{re.escape(field_id)}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else None


async def audit_rows() -> int:
    return await AuditlogRegel.count()


# --- pure helpers ----------------------------------------------------------------------------------


def test_formulier_maps_errors_to_fields_and_keeps_the_rest_in_the_summary():
    form = Formulier(
        {"werkgebied": "Werkgebied", "email": "E-mailadres", "jobcoach": "Registratienummer"},
        {"email": "fout@"},
        aliassen={"rollen[0].jobcoach": "jobcoach"},
    )
    form.zet_fouten(
        [
            FieldError("werkgebied[2]", "gemeente GM9999 is niet bekend in het register"),
            FieldError("email", "moet een geldig e-mailadres zijn"),
            FieldError("rollen[0].jobcoach", "deze jobcoach bestaat niet"),
            FieldError("body", "vul minstens één gebied in"),
        ]
    )
    assert form.fout("werkgebied") == "gemeente GM9999 is niet bekend in het register"
    assert form.fout("jobcoach") == "deze jobcoach bestaat niet"
    assert form.waarde("email") == "fout@"
    assert [i["anker"] for i in form.samenvatting] == [None, "veld-werkgebied", "veld-email", "veld-jobcoach"]
    assert form.samenvatting[0]["tekst"] == "vul minstens één gebied in"


# --- CSRF on every page form -----------------------------------------------------------------------


def page_post_routes() -> list[str]:
    from api.app import create_app
    from tests.conftest import SECRET, Settings

    app = create_app(
        Settings(
            database_url="sqlite:///unused.sqlite3",
            data_dir=__import__("pathlib").Path("/tmp"),
            secret_key=SECRET,
            base_url="http://x",
        ),
        manage_database=False,
    )
    return sorted(
        route.path
        for route in app.routes
        if isinstance(route, HTTPRoute) and "POST" in route.methods and not route.path.startswith("/api/")
    )


ROLE_FOR = {"/jobcoach/": "jobcoach", "/organisatie/": "organisatie", "/beheer": "beheerder"}


async def test_every_page_form_refuses_a_post_without_csrf_token(client):
    """For every page POST route, the right role without a CSRF token is refused and nothing changes."""
    world = await build_world()
    failures = []
    for path in page_post_routes():
        role = next((r for prefix, r in ROLE_FOR.items() if path.startswith(prefix)), "beheerder")
        url = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: PARAMS[m.group(1)](world), path)
        world.log_in_pages(client, role)
        await f.csrf_token(client)  # the CSRF cookie is present; only the form field is missing
        before = await audit_rows()
        response = await client.post(
            url, data={"reden": "zonder token", "status": "geschorst", "naam": "X"}, follow_redirects=False
        )
        if response.status_code != 403 or "CSRF" not in response.text or await audit_rows() != before:
            failures.append((path, response.status_code))
    assert not failures, failures
    assert len(page_post_routes()) >= 20
