"""Identifiers in their exact shape (issue #16, case 9): KvK number, postcode, CBS gemeente code and
registratienummer take only ASCII digits and letters; Arabic-Indic or other Unicode digits are refused (so
they cannot bypass the KvK uniqueness rule), and a value with a trailing newline is a Dutch 400 naming the
field on both engines (it was a 201 on SQLite and a 500 on PostgreSQL)."""

from __future__ import annotations

import pytest

from register import validators as v
from register.services import zoeken
from tests import builders
from tests.helpers import auth, invalid_params

ARABISCH = "٠١٢٣٤٥٦٧"  # 01234567 in Arabic-Indic digits
VOLLE_BREEDTE = "１２３４５６７８"  # full-width digits


@pytest.mark.parametrize(
    "waarde", [ARABISCH, VOLLE_BREEDTE, "12345678\n", " 12345678", "1234567", "1234567a"]
)
def test_kvk_takes_eight_ascii_digits_only(waarde):
    assert v.check_kvk(waarde) is not None
    assert v.check_kvk("12345678") is None


@pytest.mark.parametrize("waarde", ["GM0600\n", "GM٠٦٠٠", "GM０６００", " GM0600", "gm0600", "GM060"])
def test_gemeente_code_exact_shape(waarde):
    assert v.check_gemeente_code(waarde) is not None
    assert v.check_gemeente_code("GM0600") is None


def test_postcode_and_registratienummer():
    assert v.normalize_postcode("١٢٣٤ AB") is None
    assert v.normalize_postcode(" 1234ab\n") == "1234 AB"  # a postcode is normalised, so trimmed
    assert v.check_registratienummer("JC-٠٠٠٠٠١") is not None
    assert v.check_registratienummer("JC-000001\n") is not None
    assert v.check_registratienummer("JC-000001") is None
    assert zoeken.registratienummer_in("JC-٠٠٠٠٠١") is None


def _organisatie(**change) -> dict:
    body = {"naam": "Werkfit", "kvkNummer": "12345678", "postcode": "3011 AB", "plaats": "Rotterdam"}
    return body | change


@pytest.mark.parametrize("kvk", [ARABISCH, VOLLE_BREEDTE, "12345678\n", "12345678 "])
async def test_the_api_refuses_a_kvk_number_in_another_shape(client, kvk):
    admin = await builders.beheerder()
    response = await client.post(
        "/api/v1/organisaties", headers=auth(admin), json=_organisatie(kvkNummer=kvk)
    )
    assert response.status_code == 400, response.text
    assert "kvkNummer" in invalid_params(response)


async def test_unicode_digits_cannot_bypass_kvk_uniqueness(client):
    admin = await builders.beheerder()
    first = await client.post(
        "/api/v1/organisaties", headers=auth(admin), json=_organisatie(kvkNummer="01234567")
    )
    assert first.status_code == 201, first.text
    again = await client.post(
        "/api/v1/organisaties", headers=auth(admin), json=_organisatie(kvkNummer=ARABISCH)
    )
    assert again.status_code == 400 and "kvkNummer" in invalid_params(again)


async def test_the_api_refuses_a_postcode_in_other_digits(client):
    admin = await builders.beheerder()
    response = await client.post(
        "/api/v1/organisaties", headers=auth(admin), json=_organisatie(postcode="٣٠١١ AB")
    )
    assert response.status_code == 400 and "postcode" in invalid_params(response)


@pytest.mark.parametrize("code", ["GM0600\n", "GM٠٦٠٠", " GM0600"])
async def test_the_api_refuses_a_gemeente_code_in_another_shape(client, code):
    admin = await builders.beheerder()
    await builders.gemeente("GM0600", "Rotterdam")
    gemeente = await client.post(
        "/api/v1/gemeenten", headers=auth(admin), json={"code": code, "naam": "Rotterdam"}
    )
    assert gemeente.status_code == 400, gemeente.text
    assert "code" in invalid_params(gemeente)
    coach = await client.post(
        "/api/v1/jobcoaches",
        headers=auth(admin),
        json={"voornaam": "Sanne", "achternaam": "Vries", "email": "s@voorbeeld.nl", "werkgebied": [code]},
    )
    assert coach.status_code == 400, coach.text
    assert any(k.startswith("werkgebied") for k in invalid_params(coach))
    zoek = await client.get("/api/v1/register/jobcoaches", params={"gemeente": code})
    # a search filter is trimmed (nothing is stored); other digits are still refused
    assert zoek.status_code == (200 if code.strip() == "GM0600" else 400), zoek.text


async def test_a_registratienummer_in_other_digits_is_no_coach(client):
    coach = await builders.jobcoach(status="actief")
    nummer = coach["registratienummer"]
    assert (await client.get(f"/api/v1/register/jobcoaches/{nummer}")).status_code == 200
    arabisch = nummer[:3] + "".join(chr(0x0660 + int(c)) for c in nummer[3:])
    assert (await client.get(f"/api/v1/register/jobcoaches/{arabisch}")).status_code == 404
