"""Page helpers (badges, formatting, forms) without a database, and the CSRF check on every page form."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from litestar.routes import HTTPRoute

from api.pages.common import Formulier, getal, keurmerk_badge, label
from register.errors import FieldError
from tests import builders
from tests.api.authz_matrix import PARAMS
from tests.helpers import audit_rows, csrf_token

# --- pure helpers ----------------------------------------------------------------------------------

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("status", "geldig_tot", "expected"),
    [
        ("actief", dt.date(2027, 6, 1), "geldig"),
        ("actief", TODAY + dt.timedelta(days=91), "geldig"),
        ("actief", TODAY + dt.timedelta(days=90), "binnenkort"),
        ("actief", TODAY, "binnenkort"),
        ("actief", TODAY - dt.timedelta(days=1), "verlopen"),
        ("herregistratie-in-behandeling", TODAY + dt.timedelta(days=30), "binnenkort"),
        ("herregistratie-in-behandeling", TODAY - dt.timedelta(days=10), "verlopen"),
        ("geschorst", dt.date(2027, 6, 1), "geschorst"),
        ("geschorst", TODAY - dt.timedelta(days=1), "geschorst"),
        ("ingetrokken", dt.date(2027, 6, 1), "ingetrokken"),
        ("aangevraagd", dt.date(2027, 6, 1), "aangevraagd"),
        ("aangevraagd", TODAY - dt.timedelta(days=1), "verlopen"),
    ],
)
def test_keurmerk_badge(status, geldig_tot, expected):
    code, tekst = keurmerk_badge({"status": status, "geldig_tot": geldig_tot}, TODAY)
    assert code == expected
    assert (
        tekst
        == {
            "geldig": "Geldig",
            "binnenkort": "Verloopt binnenkort",
            "verlopen": "Verlopen",
            "geschorst": "Geschorst",
            "ingetrokken": "Ingetrokken",
            "aangevraagd": "Aangevraagd",
        }[expected]
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(20, "20"), (20.0, "20"), (12.5, "12,5"), (3.25, "3,25"), (2 / 3, "0,67"), (6.5, "6,5"), (None, "—")],
)
def test_getal_uses_a_decimal_comma(value, expected):
    assert getal(value) == expected


def test_label_falls_back_to_the_code():
    assert label("verificatie", "afgewezen") == "Afgewezen"
    assert label("verificatie", "onbekend") == "onbekend"


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
    from api.settings import Settings
    from tests.helpers import SECRET

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
    world = await builders.build_world()
    failures = []
    for path in page_post_routes():
        role = next((r for prefix, r in ROLE_FOR.items() if path.startswith(prefix)), "beheerder")
        url = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: PARAMS[m.group(1)](world), path)
        world.log_in_pages(client, role)
        await csrf_token(client)  # the CSRF cookie is present; only the form field is missing
        before = await audit_rows()
        response = await client.post(
            url, data={"reden": "zonder token", "status": "geschorst", "naam": "X"}, follow_redirects=False
        )
        if response.status_code != 403 or "CSRF" not in response.text or await audit_rows() != before:
            failures.append((path, response.status_code))
    assert not failures, failures
    assert len(page_post_routes()) >= 20
