"""Log-in, tokens and revocation."""

import datetime as dt

import jwt
import pyotp
import pytest

from api.tokens import AUDIENCE, TokenService
from register import clock
from register.services import accounts, tweedefactor
from tests import builders
from tests.helpers import BASE_URL, SECRET, auth

GEHEIM = "TESTBEHEERDERJCR234567AB"  # noqa: S105 - the TOTP secret of this module's beheerders
_laatste_stap: dict[str, int] = {}


async def login(client, username, password=builders.PASSWORD, otp=None):
    data = {"username": username, "password": password, **({"otp": otp} if otp else {})}
    return await client.post("/api/v1/token", data=data)


async def beheerder_met_tweede_factor() -> dict:
    """A beheerder whose second factor is on (the API's password grant needs it for this role)."""
    admin = await builders.beheerder()
    await tweedefactor.zet_aan_met_geheim(builders.BEHEER, admin["id"], GEHEIM)
    return admin


def code(account: dict) -> str:
    """The next unused TOTP code of `account`: the register accepts the step before, now and after, each
    once and in order, so three log-ins fit in one 30 s step."""
    nu = int(clock.now().timestamp()) // 30
    stap = max(nu - 1, _laatste_stap.get(account["id"], nu - 2) + 1)
    _laatste_stap[account["id"]] = stap
    return pyotp.TOTP(GEHEIM).at(stap * 30)


async def inloggen(client, account: dict):
    return await login(client, account["gebruikersnaam"], otp=code(account))


async def test_login_returns_a_bearer_token_of_15_minutes(client):
    admin = await beheerder_met_tweede_factor()
    response = await inloggen(client, admin)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 900
    claims = jwt.decode(
        body["access_token"], SECRET, algorithms=["HS256"], audience=AUDIENCE, issuer=BASE_URL
    )
    assert claims["sub"] == admin["id"]
    assert claims["exp"] - claims["iat"] == 900
    me = await client.get("/api/v1/gebruikers", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200


async def test_unknown_user_and_wrong_password_look_the_same(client):
    admin = await builders.beheerder()
    wrong_password = await login(client, admin["gebruikersnaam"], "niet-het-goede-wachtwoord")
    unknown_user = await login(client, "bestaat-niet", "niet-het-goede-wachtwoord")
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json() == unknown_user.json()
    assert wrong_password.headers["content-type"].startswith("application/problem+json")


async def test_repeated_failures_are_rate_limited(client, monkeypatch):
    now = clock.now()
    monkeypatch.setattr(clock, "now", lambda: now)  # the wait after five failures has not passed
    admin = await builders.beheerder()
    statuses = [
        (await login(client, admin["gebruikersnaam"], "fout-wachtwoord-123")).status_code for _ in range(6)
    ]
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429
    # even the right password is refused from this client while the wait lasts
    assert (await login(client, admin["gebruikersnaam"])).status_code == 429


async def test_logout_revokes_the_token(client):
    admin = await beheerder_met_tweede_factor()
    token = (await inloggen(client, admin)).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.post("/api/v1/token/intrekken", headers=headers)).status_code == 204
    assert (await client.get("/api/v1/gebruikers", headers=headers)).status_code == 401


async def test_deactivation_and_role_change_invalidate_tokens(client):
    admin = await builders.beheerder()
    other = await beheerder_met_tweede_factor()
    token = (await inloggen(client, other)).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/gebruikers", headers=headers)).status_code == 200
    response = await client.patch(
        f"/api/v1/gebruikers/{other['id']}", headers=auth(admin), json={"rollen": [{"rol": "auditor"}]}
    )
    assert response.status_code == 200, response.text
    assert (await client.get("/api/v1/gebruikers", headers=headers)).status_code == 401

    token = (await inloggen(client, other)).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/gemeenten", headers=headers)).status_code == 200
    response = await client.patch(
        f"/api/v1/gebruikers/{other['id']}", headers=auth(admin), json={"actief": False}
    )
    assert response.json()["actief"] is False
    assert (await client.get("/api/v1/gemeenten", headers=headers)).status_code == 401
    assert (await inloggen(client, other)).status_code == 401


@pytest.mark.parametrize("rol", ["beheerder", "auditor"])
async def test_no_api_token_for_a_role_that_needs_a_second_factor_it_has_not_enrolled(client, rol):
    """Outsider finding (2026-11-30): the password grant gave a beheerder or auditor without a second factor
    a full token, while the pages let such an account in only to enrol one."""
    account = await (builders.beheerder() if rol == "beheerder" else builders.auditor())
    response = await login(client, account["gebruikersnaam"])
    assert response.status_code == 401
    body = response.json()
    assert "access_token" not in body and body["error"] == "invalid_grant"
    assert "tweede factor inrichten" in body["detail"]
    # a wrong password still gets the one answer of every failed log-in
    wrong = await login(client, account["gebruikersnaam"], "niet-het-goede-wachtwoord")
    assert wrong.status_code == 401 and "inrichten" not in wrong.json()["detail"]


async def test_a_missing_code_is_answered_as_a_wrong_password(client):
    """Outsider finding: "this account uses a second factor" after the right password told an attacker the
    password was right. Now a missing code, a wrong code and a wrong password get the same answer."""
    admin = await beheerder_met_tweede_factor()
    missing = await login(client, admin["gebruikersnaam"])
    wrong_code = await login(client, admin["gebruikersnaam"], otp="000000")
    wrong_password = await login(client, admin["gebruikersnaam"], "niet-het-goede-wachtwoord")
    assert missing.status_code == wrong_code.status_code == wrong_password.status_code == 401
    assert missing.json() == wrong_code.json() == wrong_password.json()
    assert (await inloggen(client, admin)).status_code == 200


def forge(claims, key=SECRET, algorithm="HS256", headers=None):
    return jwt.encode(claims, key, algorithm=algorithm, headers=headers)


def base_claims(account_id, **changes):
    now = int(dt.datetime.now(dt.UTC).timestamp())
    claims = {
        "iss": BASE_URL,
        "aud": AUDIENCE,
        "sub": account_id,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "ver": 1,
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda a, kid: forge(base_claims(a, exp=1), headers={"kid": kid}), id="expired"),
        pytest.param(lambda a, kid: forge(base_claims(a, exp=None), headers={"kid": kid}), id="missing-exp"),
        pytest.param(
            lambda a, kid: forge(base_claims(a, iss="https://evil.example"), headers={"kid": kid}),
            id="wrong-iss",
        ),
        pytest.param(
            lambda a, kid: forge(base_claims(a, aud="iets-anders"), headers={"kid": kid}), id="wrong-aud"
        ),
        pytest.param(lambda a, kid: forge(base_claims(a), headers={"kid": "onbekend"}), id="unknown-kid"),
        pytest.param(
            lambda a, kid: forge(base_claims(a), key="x" * 40, headers={"kid": kid}), id="wrong-key"
        ),
        pytest.param(
            lambda a, kid: forge(base_claims(a), headers={"kid": kid, "jku": "https://evil.example/k"}),
            id="jku",
        ),
        pytest.param(
            lambda a, kid: forge(base_claims(a), headers={"kid": kid, "jwk": {"kty": "oct", "k": "eA"}}),
            id="jwk",
        ),
        pytest.param(lambda a, kid: _unsigned(base_claims(a), "none", kid), id="alg-none"),
        pytest.param(lambda a, kid: _unsigned(base_claims(a), "NoNe", kid), id="alg-NoNe"),
        pytest.param(lambda a, kid: _tampered(a, kid), id="tampered-payload"),
    ],
)
async def test_forged_tokens_are_refused(client, make):
    admin = await builders.beheerder()
    kid = TokenService(SECRET, BASE_URL).kid
    response = await client.get(
        "/api/v1/gebruikers", headers={"Authorization": f"Bearer {make(admin['id'], kid)}"}
    )
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


def _b64(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(claims, alg, kid):
    import json

    header = _b64(json.dumps({"alg": alg, "typ": "JWT", "kid": kid}).encode())
    return f"{header}.{_b64(json.dumps(claims).encode())}."


def _tampered(account_id, kid):
    import json

    token = forge(base_claims(account_id), headers={"kid": kid})
    header, _, signature = token.split(".")
    claims = base_claims(account_id, ver=99)
    return f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"


async def test_password_rules(client):
    admin = await builders.beheerder()
    response = await client.post(
        "/api/v1/gebruikers",
        headers=auth(admin),
        json={"gebruikersnaam": "nieuw", "wachtwoord": "kort", "email": "geen-email", "rollen": []},
    )
    assert response.status_code == 400
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert {"wachtwoord", "email", "rollen"} <= names


async def test_account_with_roles_and_scopes(client, db):
    admin = await builders.beheerder()
    await builders.gemeente("GM0599")
    coach = await builders.jobcoach()
    response = await client.post(
        "/api/v1/gebruikers",
        headers=auth(admin),
        json={
            "gebruikersnaam": "Multi.Rol",
            "wachtwoord": "een-lang-wachtwoord",
            "email": "m@voorbeeld.nl",
            "rollen": [
                {"rol": "jobcoach", "jobcoach": coach["id"]},
                {"rol": "gemeente", "gemeente": "GM0599"},
            ],
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["gebruikersnaam"] == "multi.rol"
    assert {r["rol"] for r in body["rollen"]} == {"jobcoach", "gemeente"}
    # a scope that does not exist is refused, naming the field
    response = await client.post(
        "/api/v1/gebruikers",
        headers=auth(admin),
        json={
            "gebruikersnaam": "x-gem",
            "wachtwoord": "een-lang-wachtwoord",
            "email": "m@voorbeeld.nl",
            "rollen": [{"rol": "gemeente", "gemeente": "GM9999"}, {"rol": "jobcoach"}],
        },
    )
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == {
        "rollen[0].gemeente",
        "rollen[1].jobcoach",
    }
    duplicate = await client.post(
        "/api/v1/gebruikers",
        headers=auth(admin),
        json={
            "gebruikersnaam": "MULTI.rol",
            "wachtwoord": "een-lang-wachtwoord",
            "email": "m@voorbeeld.nl",
            "rollen": [{"rol": "auditor"}],
        },
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["invalidParams"][0]["name"] == "gebruikersnaam"


async def test_password_is_stored_with_argon2(db):
    from register.tables import Account

    view = await builders.beheerder()
    row = await Account.select(Account.wachtwoord_hash).where(Account.id == view["id"]).first()
    assert row["wachtwoord_hash"].startswith("$argon2")
    assert builders.PASSWORD not in row["wachtwoord_hash"]
    assert accounts.check_password_strength("x" * 11) is not None
