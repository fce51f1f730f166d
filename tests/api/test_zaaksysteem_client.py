"""A gemeente's case system as its developer would build it (issue 16, part 4): a client generated with
openapi-python-client from the live OpenAPI document, and a journey with it on both engines.

The generator runs in a subprocess with `--fail-on-warning`, so a construct it cannot turn into code (an
untyped body, an undeclared parameter it would drop) fails this test instead of producing a client with
holes. The generated package is imported from a temporary directory.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import httpx
import jwt
import time_machine

from register.services import applicaties
from register.vocabulary import DOCUMENT_EXTENSIES
from tests import builders
from tests.builders import T0
from tests.helpers import BASE_URL, LiveServer, token_for

PAKKET = "zaaksysteem_client"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"


async def _genereer(client: httpx.AsyncClient, tmp_path: Path) -> tuple[dict, ModuleType]:
    """The live document, written to `tmp_path`, turned into the package `zaaksysteem_client`."""
    response = await client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    (tmp_path / "openapi.json").write_text(json.dumps(document), encoding="utf-8")
    (tmp_path / "config.json").write_text(
        json.dumps(
            {
                "package_name_override": PAKKET,
                "post_hooks": [],
                # the generator reads binary answers only as application/octet-stream: a document download
                # (PDF, PNG or JPEG, as the document declares) is read as bytes, the generator's own setting
                "content_type_overrides": dict.fromkeys(DOCUMENT_EXTENSIES, "application/octet-stream"),
            }
        ),
        encoding="utf-8",
    )
    run = await asyncio.to_thread(
        subprocess.run,
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(tmp_path / "openapi.json"),
            "--output-path",
            str(tmp_path / PAKKET),
            "--meta",
            "none",
            "--config",
            str(tmp_path / "config.json"),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for name in [n for n in sys.modules if n == PAKKET or n.startswith(PAKKET + ".")]:
        del sys.modules[name]  # the other engine's run generated it into another directory
    sys.path.insert(0, str(tmp_path))
    try:
        return document, importlib.import_module(PAKKET)
    finally:
        sys.path.remove(str(tmp_path))


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{PAKKET}.{name}")


def _verbind(gegenereerd: ModuleType, app, server: str, token: str | None = None):
    """A generated client whose httpx client talks to the app in this process (ASGI). A client given its
    own httpx client does not add the token itself, so the header goes on that httpx client."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    if token is None:
        client, headers = gegenereerd.Client(base_url=server), {}
    else:
        client = gegenereerd.AuthenticatedClient(base_url=server, token=token)
        headers = {client.auth_header_name: f"{client.prefix} {token}"}
    client.set_async_httpx_client(httpx.AsyncClient(transport=transport, base_url=server, headers=headers))
    return client


async def test_a_generated_client_runs_the_case_system_journey(app, client, tmp_path):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        beheerder = await builders.beheerder()
        document, gegenereerd = await _genereer(client, tmp_path)
        server = document["servers"][0]["url"]
        assert server == f"{BASE_URL}/api/v1"
        models = _module("models")

        # the beheerder registers the case system; the schema offers only the role the server accepts
        beheer = _verbind(gegenereerd, app, server, token_for(beheerder))
        rol = document["components"]["schemas"]["ApplicatieRolInvoer"]["properties"]["rol"]
        assert [rol["const"]] == list(applicaties.ROLLEN_VOOR_APPLICATIES)
        made = await _module("api.accounts.applicatie_registreren").asyncio_detailed(
            client=beheer,
            body=models.ApplicatieInvoer(
                naam="Zaaksysteem Rotterdam",
                rollen=[models.ApplicatieRolInvoer(rol="gemeente", gemeente="GM0599")],
            ),
        )
        assert made.status_code == 201, made.content
        assert made.headers["location"].endswith(f"/api/v1/applicaties/{made.parsed.id}")
        client_id, client_secret = made.parsed.client_id, made.parsed.client_secret

        # client credentials (RFC 6749 4.4); a wrong secret is a 401 in the RFC's error format
        anoniem = _verbind(gegenereerd, app, server)
        token_api = _module("api.authenticatie.token_aanvragen")
        grant = models.TokenVerzoekGrantType.CLIENT_CREDENTIALS
        fout = await token_api.asyncio_detailed(
            client=anoniem,
            body=models.TokenVerzoek(grant_type=grant, client_id=client_id, client_secret="fout"),
        )
        assert fout.status_code == 401
        assert isinstance(fout.parsed, models.TokenProbleem)
        assert fout.parsed.error == "invalid_client" and fout.parsed.detail
        token = await token_api.asyncio(
            client=anoniem,
            body=models.TokenVerzoek(grant_type=grant, client_id=client_id, client_secret=client_secret),
        )
        assert isinstance(token, models.TokenAntwoord), token
        zaaksysteem = _verbind(gegenereerd, app, server, token.access_token)

        # the coach by registratienummer in the public register, the organisation by KvK number
        nummer = o.coach_a["registratienummer"]
        publiek = await _module("api.openbaar_register.openbare_jobcoach_ophalen").asyncio(
            nummer, client=anoniem
        )
        assert isinstance(publiek, models.PubliekeJobcoach) and publiek.id == o.coach_a["id"]
        organisaties = await _module("api.openbaar_register.openbare_organisaties_zoeken").asyncio(
            client=anoniem, kvk_nummer=o.org_a["kvk_nummer"]
        )
        assert [e.id for e in organisaties.resultaten] == [o.org_a["id"]]

        # a traject with the public numbers; its Location names it
        traject = await _module("api.trajecten.traject_registreren").asyncio_detailed(
            client=zaaksysteem,
            body=models.TrajectInvoer(
                gemeente="GM0599",
                referentie="WMO-2026-0042",
                werkgever="Bakkerij Van Dam",
                startdatum=builders.TRAJECT_START,
                regime=models.TrajectInvoerRegime.MIDDEN,
                contracturen=16,
                jobcoach_registratienummer=nummer,
                organisatie_kvk_nummer=o.org_a["kvk_nummer"],
            ),
            idempotency_key="zaak-4711",
        )
        assert traject.status_code == 201, traject.content
        traject_id = traject.parsed.id
        assert traject.headers["location"] == f"{server}/trajecten/{traject_id}"

        # found again by its reference, with the paging the document declares
        gevonden = await _module("api.trajecten.trajecten_lijst").asyncio(
            client=zaaksysteem, referentie="WMO-2026-0042", pagina=1, pagina_grootte=10
        )
        assert [s.id for s in gevonden.resultaten] == [traject_id]

        # verified once without a body (the peildatum is optional), then in bulk
        enkel = await _module("api.trajecten.traject_verifieren").asyncio_detailed(
            traject_id, client=zaaksysteem
        )
        assert enkel.status_code == 201, enkel.content
        assert enkel.parsed.gekwalificeerd is True
        assert enkel.headers["location"] == f"{server}/verificaties/{enkel.parsed.id}"
        bulk = await _module("api.verificaties.trajecten_bulk_verifieren").asyncio(
            client=zaaksysteem,
            body=models.BulkInvoer(trajecten=[traject_id], peildatum=builders.VANDAAG),
        )
        assert isinstance(bulk, models.BulkUitvoer), bulk
        assert bulk.aantal == 1 and bulk.verificaties[0].traject == traject_id

        # the signed statement, read back and checked offline against the JWKS
        opgeslagen = await _module("api.verificaties.verificatie_ophalen").asyncio(
            bulk.verificaties[0].id, client=zaaksysteem
        )
        assert isinstance(opgeslagen, models.Verificatie)
        assert opgeslagen.peildatum == builders.VANDAAG
        jwks = (await client.get("/.well-known/jwks.json")).json()
        header = jwt.get_unverified_header(opgeslagen.attestatie)
        sleutel = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
        claims = jwt.decode(
            opgeslagen.attestatie,
            jwt.PyJWK(sleutel),
            algorithms=["ES256", "EdDSA"],
            audience="GM0599",
            issuer=BASE_URL,
            options={"require": ["iss", "sub", "aud", "iat", "nbf", "exp", "jti"]},
        )
        assert claims["sub"] == nummer
        assert claims["jti"] == opgeslagen.id
        assert claims["traject"] == "WMO-2026-0042"
        assert claims["gekwalificeerd"] is True


# --- what the generated client relies on, each on its own ----------------------------------------------


async def test_every_201_of_the_document_declares_and_can_fill_its_location(client):
    from api.controllers.meta import ZONDER_LOCATIE
    from api.strikt import EIGEN_ADRES

    document = (await client.get("/api/v1/openapi.json")).json()
    schemas = document["components"]["schemas"]
    made = 0
    for path, item in document["paths"].items():
        created = item.get("post", {}).get("responses", {}).get("201")
        if created is not None and path in ZONDER_LOCATIE:
            # a bulk answer lists the many verifications it made; a beoordeling (and its herziening) is a
            # decision on the claim it names (`object`), not a resource with an address of its own
            assert "Location" not in created.get("headers", {}), path
            continue
        if created is None:
            continue
        made += 1
        assert "Location" in created.get("headers", {}), path
        name = created["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        properties = schemas[name]["properties"]
        assert name in EIGEN_ADRES or "id" in properties or "code" in properties, (path, name)
    assert made >= 20


async def test_created_resources_answer_with_a_location_that_finds_them(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        beheerder = await builders.beheerder()
        beheer = {"Authorization": f"Bearer {token_for(beheerder)}"}
        gemeente = {"Authorization": f"Bearer {token_for(o.gemeente_account)}"}
        coach = await client.post(
            "/api/v1/jobcoaches",
            headers=beheer,
            json={
                "voornaam": "Ada",
                "achternaam": "Jansen",
                "email": "ada@example.nl",
                "werkgebied": ["GM0599"],
            },
        )
        traject = await client.post("/api/v1/trajecten", headers=gemeente, json=builders.traject_body(o))
        verificatie = await client.post(
            f"/api/v1/trajecten/{traject.json()['id']}/verificaties", headers=gemeente
        )
        keurmerk = await client.post(
            f"/api/v1/jobcoaches/{o.coach_a['id']}/keurmerken",
            headers={"Authorization": f"Bearer {token_for(o.coach_a_account)}"},
            json={
                "schema": "noloc",
                "nummer": "N-1",
                "ingangsdatum": "2026-01-01",
                "geldigTot": "2027-01-01",
                "status": "actief",
            },
        )
        gemeente_gemaakt = await client.post(
            "/api/v1/gemeenten", headers=beheer, json={"code": "GM0363", "naam": "Amsterdam"}
        )
        assert keurmerk.status_code == 201, keurmerk.text
        cases = [
            (coach, beheer, f"/api/v1/jobcoaches/{coach.json()['id']}"),
            (traject, gemeente, f"/api/v1/trajecten/{traject.json()['id']}"),
            (verificatie, gemeente, f"/api/v1/verificaties/{verificatie.json()['id']}"),
            (keurmerk, None, f"/api/v1/jobcoaches/{o.coach_a['id']}/keurmerken/{keurmerk.json()['id']}"),
            (gemeente_gemaakt, None, "/api/v1/gemeenten/GM0363"),
        ]
        for response, headers, path in cases:
            assert response.status_code == 201, response.text
            assert response.headers["location"] == BASE_URL + path
            if headers is not None:
                assert (await client.get(path, headers=headers)).status_code == 200, path


async def test_a_verification_needs_no_body(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        traject = await builders.traject(o)
        headers = {"Authorization": f"Bearer {token_for(o.gemeente_account)}"}
        path = f"/api/v1/trajecten/{traject['id']}/verificaties"
        for kwargs in (
            {},
            {"content": b""},
            {"content": b"", "headers": {**headers, "Content-Type": "application/json"}},
            {"json": {}},
        ):
            response = await client.post(path, **{"headers": headers, **kwargs})
            assert response.status_code == 201, (kwargs, response.text)
            assert response.json()["peildatum"] == builders.VANDAAG.isoformat()
        document = (await client.get("/api/v1/openapi.json")).json()
    body = document["paths"]["/trajecten/{traject_id}/verificaties"]["post"]["requestBody"]
    assert body["required"] is False
    assert body["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/VerificatieInvoer"}


async def test_token_errors_carry_the_oauth2_error_codes(client):
    with time_machine.travel(T0, tick=False):
        await builders.gemeente()
        cases = [
            (
                {"grant_type": "client_credentials", "client_id": "app-x", "client_secret": "fout"},
                401,
                "invalid_client",
            ),
            ({"username": "niemand", "password": "fout"}, 401, "invalid_grant"),
            ({"grant_type": "implicit"}, 400, "unsupported_grant_type"),
            ({"grant_type": "password"}, 400, "invalid_request"),
        ]
        for form, status, error in cases:
            response = await client.post("/api/v1/token", data=form)
            assert response.status_code == status, response.text
            body = response.json()
            assert response.headers["content-type"].startswith("application/problem+json")
            assert body["error"] == error and body["status"] == status and body["detail"]
            assert body["error_description"].isascii()
        basic = await client.post(
            "/api/v1/token",
            data={"grant_type": "client_credentials"},
            headers={"Authorization": "Basic YXBwLXg6Zm91dA=="},
        )
    assert basic.status_code == 401
    assert basic.headers["www-authenticate"].startswith("Basic")
    assert basic.json()["error"] == "invalid_client"


async def test_the_token_endpoint_is_an_oauth2_flow_in_the_document(client):
    document = (await client.get("/api/v1/openapi.json")).json()
    flows = document["components"]["securitySchemes"]["oauth2"]["flows"]
    assert flows["clientCredentials"]["tokenUrl"] == f"{BASE_URL}/api/v1/token"
    assert flows["password"]["tokenUrl"] == f"{BASE_URL}/api/v1/token"
    token = document["paths"]["/token"]["post"]
    form = token["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    form = document["components"]["schemas"][form["$ref"].rsplit("/", 1)[1]]  # TokenVerzoek
    assert {"grant_type", "username", "password", "client_id", "client_secret", "otp"} <= set(
        form["properties"]
    )
    assert token["responses"]["401"]["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/TokenProbleem"
    }


async def test_english_reason_phrases_never_reach_the_document_or_a_detail(client):
    document = (await client.get("/api/v1/openapi.json")).json()
    english = {"OK", "Created", "Accepted", "No Content", "Bad Request", "Forbidden", "Not Found"}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for code, response in operation.get("responses", {}).items():
                assert response["description"] not in english, (path, method, code)
    too_big = await client.post(
        "/api/v1/token",
        content=b"username=" + b"x" * (300 * 1024),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert too_big.status_code == 413
    assert too_big.json()["detail"] == "De body van het verzoek is te groot."


def test_serve_without_a_base_url_documents_its_own_port(database_url, data_dir):
    server = LiveServer(database_url, data_dir, workers=1)
    del server.env["REGISTER_BASE_URL"]
    with server:
        document = server.request("GET", "/api/v1/openapi.json").json()
    assert document["servers"][0]["url"] == f"http://127.0.0.1:{server.port}/api/v1"


async def test_every_operation_has_its_dutch_operation_id_and_the_token_form_its_name(client):
    """Outsider finding: generated names such as api_v1_trajecten_index and ApiV1TokenTokenBody. Every
    operation has its own explicit camelCase operationId (api.operaties), and the token form is TokenVerzoek."""
    import re

    from api.operaties import OPERATIES

    document = (await client.get("/api/v1/openapi.json")).json()
    gezien = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                naam = operation["operationId"]
                assert naam == OPERATIES[(method, path)], (method, path)
                assert re.fullmatch(r"[a-z][a-zA-Z]+", naam) and not naam.startswith("api"), naam
                gezien[(method, path)] = naam
    assert set(gezien) == set(OPERATIES)
    assert len(set(gezien.values())) == len(gezien)
    assert gezien[("get", "/trajecten")] == "trajectenLijst"
    assert gezien[("post", "/trajecten/{traject_id}/verificaties")] == "trajectVerifieren"
    form = document["paths"]["/token"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
    assert form["schema"] == {"$ref": "#/components/schemas/TokenVerzoek"}
    assert "grant_type" in document["components"]["schemas"]["TokenVerzoek"]["properties"]
    typen = document["components"]["schemas"]["Abonnement"]["properties"]["typen"]
    assert typen["type"] == "array" and "alle typen" in typen["description"]
