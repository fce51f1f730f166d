"""Drives the authorization matrix: every route, every role; and fails for a route without a row."""

from __future__ import annotations

import re

import pytest
from litestar.routes import HTTPRoute

from api.app import create_app
from api.settings import Settings
from tests import builders
from tests.api.authz_matrix import MATRIX, NOT_REQUESTED, PARAMS, ROLES
from tests.helpers import SECRET, csrf_token


def registered_routes() -> set[tuple[str, str]]:
    app = create_app(
        Settings(
            database_url="sqlite:///unused.sqlite3",
            data_dir=__import__("pathlib").Path("/tmp"),
            secret_key=SECRET,
            base_url="http://x",
        ),
        manage_database=False,
    )
    found = set()
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for method in route.methods:
            if method == "OPTIONS":
                continue
            found.add((method, route.path_format if "{" not in route.path else route.path))
    return found


def test_every_route_has_a_row():
    missing = sorted(
        (m, p) for m, p in registered_routes() if (m, p) not in MATRIX and (m, p) not in NOT_REQUESTED
    )
    assert not missing, f"routes without a row in tests/api/authz_matrix.py: {missing}"


def test_no_stale_rows():
    routes = registered_routes()
    stale = sorted(key for key in MATRIX if key not in routes)
    assert not stale, f"rows for routes that no longer exist: {stale}"


def fill(path: str, world) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        return PARAMS[name](world)

    return re.sub(r"\{(\w+)(?::\w+)?\}", replace, path)


ROUTES = sorted(MATRIX)


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
async def test_matrix(client, method, path):
    """One world per route; every role is tried and all mismatches are reported together."""
    world = await builders.build_world()
    url = fill(path, world)
    mismatches = []
    for role in ROLES:
        expected = MATRIX[(method, path)][role]
        is_page = not path.startswith("/api/")
        if is_page:
            world.log_in_pages(client, role)
            headers = {}
        else:
            headers = world.headers(role)
        kwargs: dict = {"headers": headers}
        if method in ("POST", "PUT", "PATCH"):
            if path == "/api/v1/token":
                kwargs["data"] = {"username": f"onbekend-{role}", "password": "fout-wachtwoord"}
            elif is_page:
                form = {"_csrf_token": await csrf_token(client, headers)}
                if path == "/inloggen":
                    form |= {"gebruikersnaam": f"onbekend-{role}", "wachtwoord": "fout-wachtwoord"}
                kwargs["data"] = form
            else:
                kwargs["json"] = {}
        response = await client.request(method, url, follow_redirects=False, **kwargs)
        status = response.status_code
        if is_page and status in (302, 303) and response.headers.get("location", "").startswith("/inloggen"):
            status = 401  # pages send anonymous visitors to the log-in page
        if (
            status >= 500
            or (expected == "ok" and status in (401, 403))
            or (expected != "ok" and status != expected)
        ):
            mismatches.append((role, expected, status, response.text[:200]))
    assert not mismatches, f"{method} {url}: {mismatches}"
