"""Page helpers (forms) without a database, and the CSRF check on every page form. (Labels, dates,
numbers and keurmerk states: tests/register/test_opmaak_vocabulary.py, test_keurmerken_rules.py.)"""

from __future__ import annotations

import re

from litestar.routes import HTTPRoute

from api.pages.common import Formulier
from register.errors import FieldError
from tests import builders
from tests.api.authz_matrix import PARAMS
from tests.helpers import audit_rows, csrf_token

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


def test_page_forms_show_the_api_reasons_without_json_words():
    """Outsider finding: page forms showed 'moet minstens 1 element(en) bevatten' and 'moet waar of onwaar
    (true/false) zijn'. A page says it as a form would; the summary names the field by its label."""
    from api.pages.common import pagina_reden

    assert pagina_reden("moet minstens 1 element(en) bevatten") == "kies er minstens één"
    assert pagina_reden("moet minstens 2 element(en) bevatten") == "kies er minstens 2"
    assert pagina_reden("mag hoogstens 400 elementen bevatten") == "kies er hoogstens 400"
    assert pagina_reden("moet waar of onwaar (true/false) zijn") == "vink het vakje aan of laat het leeg"
    assert pagina_reden("moet een geldige id (UUID) zijn") == "kies een van de mogelijkheden uit de lijst"
    assert pagina_reden("moet tekst of leeg (null) zijn") == "moet tekst of leeg zijn"
    assert pagina_reden("is verplicht") == "is verplicht"
    form = Formulier({"rollen": "Rollen"})
    form.zet_fouten([FieldError("rollen", "moet minstens 1 element(en) bevatten")])
    assert form.samenvatting[0]["tekst"] == "Rollen: kies er minstens één"
