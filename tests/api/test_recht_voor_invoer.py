"""Permission before input (outsider finding): a caller without the right to the organisation or coach in the
path is refused (403) before the body is validated, so an empty or wrong body tells it nothing; the owner of
the record still gets the 400 naming the fields."""

from __future__ import annotations

import pytest

from register.tables import Kwaliteitsborging, Scholing
from tests import builders
from tests.helpers import auth

LEEG: dict = {}


@pytest.fixture
async def world(db):
    return await builders.build_world()


async def _calls(client, account, method, path, body):
    return await client.request(method, path, headers=auth(account), json=body)


async def test_another_organisation_gets_403_whatever_the_body(client, world):
    werkfit = world.org_a["id"]
    zuid = world.org_b_account
    for method, tail in [
        ("PUT", "kwaliteitsborging"),
        ("POST", "keurmerken"),
        ("POST", "tevredenheidsmetingen"),
        ("POST", "klachten"),
        ("POST", "uitnodigingen"),
        ("PATCH", ""),
    ]:
        path = f"/api/v1/organisaties/{werkfit}" + (f"/{tail}" if tail else "")
        for body in (LEEG, {"onbekendVeld": 1}, [1, 2]):
            response = await _calls(client, zuid, method, path, body)
            assert response.status_code == 403, (method, path, body, response.text)
            assert "invalidParams" not in response.json()
    eigen = await _calls(
        client, world.org_a_account, "PUT", f"/api/v1/organisaties/{werkfit}/kwaliteitsborging", {"x": 1}
    )
    assert eigen.status_code == 400 and eigen.json()["invalidParams"]
    assert await Kwaliteitsborging.count() == 0


async def test_another_coach_gets_403_whatever_the_body(client, world):
    sanne = world.coach_a["id"]
    for account in (world.coach_b_account, world.org_a_account):
        for method, tail in [
            ("POST", "scholingen"),
            ("POST", "opleidingen"),
            ("POST", "keurmerken"),
            ("POST", "zelfevaluaties"),
            ("PATCH", ""),
        ]:
            path = f"/api/v1/jobcoaches/{sanne}" + (f"/{tail}" if tail else "")
            response = await _calls(client, account, method, path, LEEG)
            assert response.status_code == 403, (method, path, response.text)
    eigen = await _calls(client, world.coach_a_account, "POST", f"/api/v1/jobcoaches/{sanne}/scholingen", LEEG)
    assert eigen.status_code == 400 and eigen.json()["invalidParams"]
    assert await Scholing.count() == 0
