"""Case-system integration (issue 16, parts 1-7): strict input, lookups by public number, and the rest of
what a gemeente's case system needs. Every case of the issue is a test here, on both engines."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json

import openpyxl
import time_machine

from audits.tables import AuditlogRegel, Inzagelog
from register.tables import Applicatie, Jobcoach
from tests import builders
from tests.builders import T0
from tests.helpers import auth, invalid_params

PROBLEM = "application/problem+json"


def _problem(response, field: str, words: str) -> None:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert words in invalid_params(response).get(field, ""), response.json()


# --- part 3: strict input (issue case 3) ---------------------------------------------------------------


async def test_patch_with_a_field_that_cannot_be_patched_is_refused(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        coach_id = o.coach_a["id"]
        before = (
            await Jobcoach.select(Jobcoach.versie, Jobcoach.status).where(Jobcoach.id == coach_id).first()
        )
        response = await client.patch(
            f"/api/v1/jobcoaches/{coach_id}", headers=auth(o.coach_a_account), json={"status": "actief"}
        )
        _problem(response, "status", "geen bekend veld")
        after = await Jobcoach.select(Jobcoach.versie, Jobcoach.status).where(Jobcoach.id == coach_id).first()
    assert after == before


async def test_an_extra_field_such_as_a_bsn_is_refused_and_nothing_is_made(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        headers = auth(o.gemeente_account)
        response = await client.post(
            "/api/v1/trajecten", headers=headers, json=builders.traject_body(o, bsn="111222333")
        )
        _problem(response, "bsn", "geen bekend veld")
        listed = await client.get("/api/v1/trajecten", headers=headers)
    assert listed.json()["aantal"] == 0


async def test_a_string_is_not_a_number(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        response = await client.post(
            "/api/v1/trajecten",
            headers=auth(o.gemeente_account),
            json=builders.traject_body(o, contracturen="16"),
        )
    _problem(response, "contracturen", "moet een getal zijn")


async def test_a_json_body_sent_as_plain_text_is_refused(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        response = await client.post(
            "/api/v1/trajecten",
            headers={**auth(o.gemeente_account), "Content-Type": "text/plain"},
            content=json.dumps(builders.traject_body(o)),
        )
    _problem(response, "Content-Type", "application/json")


async def test_an_unknown_query_parameter_is_refused(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        response = await client.get(
            "/api/v1/trajecten?referentei=WMO-2026-0042", headers=auth(o.gemeente_account)
        )
    _problem(response, "referentei", "geen bekende parameter")


async def test_public_lists_refuse_unknown_parameters_but_take_paging(client):
    await builders.gemeente()
    assert (await client.get("/api/v1/register/jobcoaches?pagina=1&paginaGrootte=5")).status_code == 200
    _problem(await client.get("/api/v1/register/jobcoaches?naam=x"), "naam", "geen bekende parameter")


async def test_nested_unknown_fields_are_named_with_their_path(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        response = await client.post(
            "/api/v1/verificaties/_bulk",
            headers=auth(o.gemeente_account),
            json={"trajecten": ["x"], "extra": {"a": 1}},
        )
    _problem(response, "extra", "geen bekend veld")


async def test_trajecten_are_found_by_referentie_status_jobcoach_and_peildatum(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        await builders.traject(o, referentie="WMO-2026-0042")
        await builders.traject(o, referentie="WMO-2026-0043")
        headers = auth(o.gemeente_account)

        async def found(query: str) -> list[str]:
            response = await client.get(f"/api/v1/trajecten?{query}", headers=headers)
            assert response.status_code == 200, response.text
            return sorted(r["referentie"] for r in response.json()["resultaten"])

        assert await found("referentie=WMO-2026-0042") == ["WMO-2026-0042"]
        assert await found("referentie=WMO-2026-9999") == []
        both = ["WMO-2026-0042", "WMO-2026-0043"]
        assert await found("status=aangevraagd") == both
        assert await found("status=beeindigd") == []
        assert await found(f"jobcoach={o.coach_a['registratienummer']}") == both
        assert await found(f"jobcoach={o.coach_a['id']}") == both
        assert await found("jobcoach=JC-999999") == []
        start = builders.TRAJECT_START
        assert await found(f"peildatum={start.isoformat()}") == both
        assert await found(f"peildatum={start.replace(year=start.year - 1).isoformat()}") == []
        assert await found("referentie=WMO-2026-0043&jobcoach=JC-999999") == []
        _problem(
            await client.get("/api/v1/trajecten?peildatum=morgen", headers=headers), "peildatum", "JJJJ-MM-DD"
        )
        _problem(await client.get("/api/v1/trajecten?status=zwaar", headers=headers), "status", "aangevraagd")


async def test_the_filters_are_declared_in_openapi(client):
    document = (await client.get("/api/v1/openapi.json")).json()
    names = {p["name"] for p in document["paths"]["/trajecten"]["get"]["parameters"]}
    assert {"referentie", "status", "jobcoach", "peildatum"} <= names


# --- part 1: lookups by public number (issue case 1) ---------------------------------------------------


async def test_a_case_system_finds_the_ids_by_public_numbers_and_creates_a_traject_with_them(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        nummer = o.coach_a["registratienummer"]
        entry = await client.get(f"/api/v1/register/jobcoaches/{nummer}")
        assert entry.status_code == 200, entry.text
        assert entry.json()["id"] == o.coach_a["id"]
        listed = await client.get("/api/v1/register/jobcoaches")
        assert {e["id"] for e in listed.json()["resultaten"]} == {o.coach_a["id"]}
        kvk = o.org_a["kvk_nummer"]
        orgs = await client.get(f"/api/v1/register/organisaties?kvkNummer={kvk}")
        assert orgs.status_code == 200, orgs.text
        assert [e["id"] for e in orgs.json()["resultaten"]] == [o.org_a["id"]]
        assert (await client.get("/api/v1/register/organisaties?kvkNummer=99999999")).json()["aantal"] == 0
        _problem(await client.get("/api/v1/register/organisaties?kvkNummer=12ab"), "kvkNummer", "8 cijfers")

        body = builders.traject_body(o, jobcoachRegistratienummer=nummer, organisatieKvkNummer=kvk)
        del body["jobcoach"], body["organisatie"]
        made = await client.post("/api/v1/trajecten", headers=auth(o.gemeente_account), json=body)
    assert made.status_code == 201, made.text
    assert (
        made.json()["jobcoach"]["id"] == o.coach_a["id"]
        if isinstance(made.json()["jobcoach"], dict)
        else True
    )


async def test_the_numbers_must_exist_and_name_one_party_once(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        headers = auth(o.gemeente_account)
        unknown = builders.traject_body(
            o, jobcoachRegistratienummer="JC-999999", organisatieKvkNummer="99999999"
        )
        del unknown["jobcoach"], unknown["organisatie"]
        response = await client.post("/api/v1/trajecten", headers=headers, json=unknown)
        _problem(response, "jobcoachRegistratienummer", "bestaat niet")
        assert "bestaat niet" in invalid_params(response)["organisatieKvkNummer"]
        both = builders.traject_body(o, jobcoachRegistratienummer=o.coach_a["registratienummer"])
        _problem(
            await client.post("/api/v1/trajecten", headers=headers, json=both),
            "jobcoachRegistratienummer",
            "niet allebei",
        )
        neither = builders.traject_body(o)
        del neither["jobcoach"]
        _problem(
            await client.post("/api/v1/trajecten", headers=headers, json=neither), "jobcoach", "is verplicht"
        )


# --- part 6: HEAD and unusable paths (issue case 6) ----------------------------------------------------


async def test_head_answers_every_get_route_like_get_without_a_body(client):
    await builders.gemeente()
    for path in ("/.well-known/jwks.json", "/api/v1/register/jobcoaches", "/register"):
        get = await client.get(path)
        head = await client.head(path)
        assert head.status_code == get.status_code == 200, (path, head.status_code)
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]
    assert (await client.head("/api/v1/trajecten")).status_code == 401  # guarded like the GET


async def test_head_through_a_real_server_logs_no_error_and_keeps_the_get_headers(app, caplog):
    """Uvicorn drops a HEAD's body itself, by the request's method; the app must leave that method as it
    is (it routes a copy as GET), or the server expects the GET's body and logs "Response content shorter
    than Content-Length" for every HEAD. A page, a JSON resource and a 401, through uvicorn."""
    import asyncio
    import logging

    import httpx
    import uvicorn

    await builders.gemeente()
    config = uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", log_config=None, access_log=False)
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:  # noqa: ASYNC110 (uvicorn offers a flag, no event)
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        caplog.set_level(logging.INFO)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as live:
            for path, status, content_type in (
                ("/privacy", 200, "text/html"),
                ("/api/v1/openapi.json", 200, "application/json"),
                ("/api/v1/trajecten", 401, PROBLEM),
            ):
                get = await live.get(path)
                head = await live.head(path)
                assert head.status_code == get.status_code == status, (path, head.status_code)
                assert head.content == b""
                assert head.headers["content-type"].startswith(content_type)
                assert head.headers["content-type"] == get.headers["content-type"]
                assert head.headers["content-length"] == str(len(get.content))
    finally:
        server.should_exit = True
        await serving
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]


async def test_a_nul_or_undecodable_character_in_a_path_is_a_404_not_a_500(client):
    for path in (
        "/static/%00",
        "/nlds/tokens/%00",
        "/api/v1/jobcoaches/%00",
        "/register/%FF%FE",
        "/static/a%0Ab",
    ):
        response = await client.get(path)
        assert response.status_code in (400, 404), (path, response.status_code)
    api = await client.get("/api/v1/jobcoaches/%00")
    assert api.headers["content-type"].startswith(PROBLEM)


# --- part 2: API clients with client credentials (issue case 2) ----------------------------------------


async def _register_app(client, o, code: str = "GM0599") -> dict:
    response = await client.post(
        "/api/v1/applicaties",
        headers=auth(o.beheerder),
        json={"naam": "Zaaksysteem Rotterdam", "rollen": [{"rol": "gemeente", "gemeente": code}]},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _token(client, app: dict, secret: str | None = None):
    return await client.post(
        "/api/v1/token",
        data={
            "grant_type": "client_credentials",
            "client_id": app["clientId"],
            "client_secret": secret or app["clientSecret"],
        },
    )


async def test_an_application_logs_in_with_client_credentials_and_acts_as_itself(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        o.accounts["beheerder"] = await builders.beheerder()
        app = await _register_app(client, o)
        assert app["clientId"].startswith("app-") and len(app["clientSecret"]) >= 40
        stored = await Applicatie.select().first()
        assert app["clientSecret"] not in str(stored)
        listed = await client.get("/api/v1/applicaties", headers=auth(o.beheerder))
        assert "clientSecret" not in listed.json()["resultaten"][0]

        token = await _token(client, app)
        assert token.status_code == 200, token.text
        bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
        made = await client.post("/api/v1/trajecten", headers=bearer, json=builders.traject_body(o))
        assert made.status_code == 201, made.text
        regel = await AuditlogRegel.select().where(AuditlogRegel.objecttype == "traject").first()
        assert regel["actor"] == str(stored["account"])

        basic = base64.b64encode(f"{app['clientId']}:{app['clientSecret']}".encode()).decode()
        via_basic = await client.post(
            "/api/v1/token",
            data={"grant_type": "client_credentials"},
            headers={"Authorization": f"Basic {basic}"},
        )
        assert via_basic.status_code == 200, via_basic.text
        assert (await _token(client, app, "fout-geheim")).status_code == 401
        # the account of an application cannot log in with the password grant
        password = await client.post(
            "/api/v1/token", data={"username": app["clientId"], "password": app["clientSecret"]}
        )
        assert password.status_code == 401
        refused = await client.post(
            "/api/v1/applicaties",
            headers=auth(o.beheerder),
            json={"naam": "x", "rollen": [{"rol": "beheerder"}]},
        )
        _problem(refused, "rollen[0].rol", "moet een van deze waarden zijn: gemeente")
        _problem(
            await client.post("/api/v1/token", data={"grant_type": "implicit"}),
            "grant_type",
            "client_credentials",
        )


async def test_revoking_one_token_leaves_the_other_workers_logged_in(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        o.accounts["beheerder"] = await builders.beheerder()
        app = await _register_app(client, o)
        first = {"Authorization": f"Bearer {(await _token(client, app)).json()['access_token']}"}
        second = {"Authorization": f"Bearer {(await _token(client, app)).json()['access_token']}"}
        assert (await client.post("/api/v1/token/intrekken", headers=first)).status_code == 204
        assert (await client.get("/api/v1/trajecten", headers=first)).status_code == 401
        assert (await client.get("/api/v1/trajecten", headers=second)).status_code == 200


async def test_rotating_and_revoking_an_application(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        o.accounts["beheerder"] = await builders.beheerder()
        app = await _register_app(client, o)
        old = {"Authorization": f"Bearer {(await _token(client, app)).json()['access_token']}"}
        rotated = await client.post(f"/api/v1/applicaties/{app['id']}/geheim", headers=auth(o.beheerder))
        assert rotated.status_code == 200, rotated.text
        new_secret = rotated.json()["clientSecret"]
        assert new_secret != app["clientSecret"]
        assert (await _token(client, app)).status_code == 401
        assert (await client.get("/api/v1/trajecten", headers=old)).status_code == 401
        fresh = await _token(client, app, new_secret)
        assert fresh.status_code == 200
        bearer = {"Authorization": f"Bearer {fresh.json()['access_token']}"}
        assert (
            await client.post(f"/api/v1/applicaties/{app['id']}/intrekken", headers=auth(o.beheerder))
        ).status_code == 204
        assert (await client.get("/api/v1/trajecten", headers=bearer)).status_code == 401
        assert (await _token(client, app, new_secret)).status_code == 401


async def test_retry_after_tells_how_long_the_lock_really_lasts(client):
    """Issue 16 case 2: Retry-After said 60 while the lock lasted about 5 minutes. The first wait after the
    free failures is 30 s (register.rules.inloggen); 20 s later, 10 s are left."""
    with time_machine.travel(T0, tick=False) as t:
        await builders.beheerder(name="iemand")
        for _ in range(5):
            assert (
                await client.post("/api/v1/token", data={"username": "iemand", "password": "fout"})
            ).status_code == 401
        locked = await client.post("/api/v1/token", data={"username": "iemand", "password": "fout"})
        assert locked.status_code == 429
        assert locked.headers["Retry-After"] == "30"
        t.shift(20)
        later = await client.post("/api/v1/token", data={"username": "iemand", "password": "fout"})
        assert later.status_code == 429
        assert later.headers["Retry-After"] == "10"


# --- part 5: safe retries (issue case 5) ---------------------------------------------------------------


async def test_duplicate_ids_in_a_bulk_request_are_refused(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        made = await builders.traject(o)
        response = await client.post(
            "/api/v1/verificaties/_bulk",
            headers=auth(o.gemeente_account),
            json={"trajecten": [made["id"], made["id"]]},
        )
    _problem(response, "trajecten[1]", "al eerder")


async def test_if_match_with_the_etag_is_honoured(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        made = await builders.traject(o)
        headers = auth(o.gemeente_account)
        url = f"/api/v1/trajecten/{made['id']}"
        shown = await client.get(url, headers=headers)
        tag = shown.headers["ETag"]
        assert tag == f'"{shown.json()["versie"]}"'
        changed = await client.patch(
            url, headers={**headers, "If-Match": tag}, json={"werkgever": "Bakkerij Jansen"}
        )
        assert changed.status_code == 200, changed.text
        assert changed.headers["ETag"] != tag
        stale = await client.patch(
            url, headers={**headers, "If-Match": tag}, json={"werkgever": "Bakkerij De Wit"}
        )
        assert stale.status_code == 412, stale.text
        assert stale.headers["content-type"].startswith(PROBLEM)
        both = await client.patch(
            url,
            headers={**headers, "If-Match": changed.headers["ETag"]},
            json={"werkgever": "X", "versie": 1},
        )
        assert both.status_code == 412
        _problem(
            await client.patch(url, headers={**headers, "If-Match": "*x"}, json={"werkgever": "X"}),
            "If-Match",
            "ETag",
        )
        assert (await client.get(url, headers=headers)).json()["werkgever"] == "Bakkerij Jansen"


async def test_a_retried_post_with_the_same_idempotency_key_replays_the_first_answer(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        headers = {**auth(o.gemeente_account), "Idempotency-Key": "zaak-4711-aanmaken"}
        body = builders.traject_body(o)
        first = await client.post("/api/v1/trajecten", headers=headers, json=body)
        again = await client.post("/api/v1/trajecten", headers=headers, json=body)
        assert first.status_code == again.status_code == 201, again.text
        assert again.json() == first.json()
        assert again.headers["content-type"] == first.headers["content-type"]
        listed = await client.get("/api/v1/trajecten", headers=auth(o.gemeente_account))
        assert listed.json()["aantal"] == 1
        other = await client.post("/api/v1/trajecten", headers=headers, json={**body, "referentie": "WMO-2"})
        assert other.status_code == 409
        assert other.json()["type"].endswith("/idempotency-key-hergebruikt")
        # keys are per caller: another account of the gemeente may use the same key for its own request
        colleague = await builders.gemeente_account("GM0599", name="gemeente-2")
        made_y = await client.post(
            "/api/v1/trajecten",
            headers={**auth(colleague), "Idempotency-Key": "zaak-4711-aanmaken"},
            json={**body, "referentie": "WMO-3"},
        )
        assert made_y.status_code == 201, made_y.text
        t.shift(24 * 3600 + 1)
        headers = {**auth(o.gemeente_account), "Idempotency-Key": "zaak-4711-aanmaken"}  # a fresh token
        expired = await client.post(
            "/api/v1/trajecten", headers=headers, json={**body, "referentie": "WMO-2"}
        )
        assert expired.status_code == 201, expired.text


async def test_a_retry_sent_the_moment_the_first_answer_arrived_gets_that_answer(app, client):
    """The answer is stored before it is sent: a retry made as soon as the caller has the first answer
    (here from inside the ASGI send of that answer) is a replay of it, never "still running" (409)."""
    import httpx

    retries: list[httpx.Response] = []
    pending: list[dict] = []

    async def retry_on_answer(scope, receive, send):
        async def send_then_retry(message):
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body") and pending:
                retries.append(await client.post("/api/v1/trajecten", **pending.pop()))

        await app(scope, receive, send_then_retry)

    transport = httpx.ASGITransport(app=retry_on_answer, client=("127.0.0.1", 50000))
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        async with httpx.AsyncClient(transport=transport, base_url=str(client.base_url)) as first_client:
            for n in range(20):
                request = {
                    "headers": {**auth(o.gemeente_account), "Idempotency-Key": f"zaak-snel-{n}"},
                    "json": builders.traject_body(o, referentie=f"WMO-2026-{n:04d}"),
                }
                pending.append(request)
                first = await first_client.post("/api/v1/trajecten", **request)
                assert first.status_code == 201, first.text
                retry = retries[-1]
                assert retry.status_code == 201, retry.text
                assert retry.json() == first.json()
                assert retry.headers["idempotent-replay"] == "true"
        listed = await client.get("/api/v1/trajecten", headers=auth(o.gemeente_account))
    assert listed.json()["aantal"] == 20


async def test_a_change_that_committed_is_never_run_again_even_when_its_answer_was_lost(client, monkeypatch):
    """The key's mark commits in the change's own transaction: a failure after the commit (here the answer
    cannot be built: a 500) leaves the key taken, so a retry cannot make a second traject; a failure
    before any change releases the key for a retry."""
    from api.controllers import trajecten as controller

    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        headers = {**auth(o.gemeente_account), "Idempotency-Key": "zaak-4712"}
        body = builders.traject_body(o)

        def kapot(*args, **kwargs):
            raise RuntimeError("het antwoord kon niet worden gemaakt")

        with monkeypatch.context() as patched:
            patched.setattr(controller, "to_struct", kapot)
            lost = await client.post("/api/v1/trajecten", headers=headers, json=body)
        assert lost.status_code == 500
        retry = await client.post("/api/v1/trajecten", headers=headers, json=body)
        assert retry.status_code == 409, retry.text
        listed = await client.get("/api/v1/trajecten", headers=auth(o.gemeente_account))
        assert listed.json()["aantal"] == 1  # made once

        async def onbereikbaar(*args, **kwargs):
            raise RuntimeError("mislukt voor er iets veranderde")

        headers = {**auth(o.gemeente_account), "Idempotency-Key": "zaak-4713"}
        other = {**body, "referentie": "WMO-2026-0043"}
        with monkeypatch.context() as patched:
            patched.setattr(controller.trajecten, "create", onbereikbaar)
            failed = await client.post("/api/v1/trajecten", headers=headers, json=other)
        assert failed.status_code == 500
        retried = await client.post("/api/v1/trajecten", headers=headers, json=other)
        assert retried.status_code == 201, retried.text


# --- part 4: an OpenAPI document a client can be generated from (issue case 4, in part) ------------------


async def test_openapi_declares_paging_idempotency_if_match_and_the_token_form(client):
    document = (await client.get("/api/v1/openapi.json")).json()
    lijst = {p["name"] for p in document["paths"]["/trajecten"]["get"]["parameters"]}
    assert {"pagina", "paginaGrootte"} <= lijst
    assert "Idempotency-Key" in {p["name"] for p in document["paths"]["/trajecten"]["post"]["parameters"]}
    patch = document["paths"]["/trajecten/{traject_id}"]["patch"]
    assert "If-Match" in {p["name"] for p in patch["parameters"]}
    assert "412" in patch["responses"]
    token = document["paths"]["/token"]["post"]
    form = token["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    form = document["components"]["schemas"][form["$ref"].rsplit("/", 1)[1]]  # TokenVerzoek
    assert form["properties"]["grant_type"]["enum"] == ["password", "client_credentials"]
    assert "401" in token["responses"]
    for item in document["paths"].values():
        for operation in item.values():
            for response in operation["responses"].values():
                assert response["description"] not in (
                    "Request fulfilled, document follows",
                    "Document created, URL follows",
                )


async def test_refusals_by_a_guard_are_in_dutch(client):
    await builders.gemeente()
    coach = await builders.jobcoach()
    account = await builders.coach_account(coach["id"])
    response = await client.get("/api/v1/gebruikers", headers=auth(account))
    assert response.status_code == 403
    assert response.json()["detail"] == "U heeft geen toegang tot deze bron."


# --- part 7: exports (issue case 7, trajecten) ---------------------------------------------------------


async def test_a_gemeente_exports_its_trajecten_as_csv_and_xlsx_without_formulas(client):
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        await builders.traject(o, referentie="WMO-1", werkgever='=HYPERLINK("http://x")')
        await builders.traject(o, referentie="WMO-2", werkgever="Bakkerij Van Dam", contracturen=10.5)
        reads_before = await Inzagelog.count()
        headers = auth(o.gemeente_account)
        response = await client.get("/api/v1/trajecten", headers={**headers, "Accept": "text/csv"})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert response.content.startswith("\ufeff".encode())
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("Referentie;Gemeente;Werkgever")
        assert len(lines) == 3
        werkgevers = {
            row[2] for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
        }
        assert '\'=HYPERLINK("http://x")' in werkgevers
        # decimals with a decimal comma, which Dutch Excel reads as numbers (outsider: 16.0 and 10.5)
        tabel = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        uren = {r[0]: r[tabel[0].index("Contracturen")] for r in tabel[1:]}
        assert uren == {"WMO-1": "16", "WMO-2": "10,5"}, uren
        startdatum = tabel[1][tabel[0].index("Startdatum")]
        assert dt.date.fromisoformat(startdatum)
        assert await Inzagelog.count() == reads_before + 1  # one coach read, access-logged
        xlsx = await client.get(
            "/api/v1/trajecten?referentie=WMO-1",
            headers={
                **headers,
                "Accept": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            },
        )
        assert xlsx.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == "Referentie" and len(rows) == 2
        # in XLSX the value is kept as it is, as text with the quotePrefix style (no apostrophe added)
        werkgever = sheet.cell(row=2, column=3)
        assert werkgever.value == '=HYPERLINK("http://x")'
        assert werkgever.data_type == "s" and werkgever.quotePrefix
        assert not sheet.cell(row=2, column=1).quotePrefix
        # numbers and dates as real cells, not text
        kop = [c.value for c in sheet[1]]
        assert sheet.cell(row=2, column=kop.index("Contracturen") + 1).value == 16
        assert sheet.cell(row=2, column=kop.index("Contracturen") + 1).data_type == "n"
        start = sheet.cell(row=2, column=kop.index("Startdatum") + 1)
        assert start.is_date and start.number_format == "yyyy-mm-dd"
        assert (
            (await client.get("/api/v1/trajecten", headers=headers))
            .headers["content-type"]
            .startswith("application/json")
        )


async def test_a_registratienummer_is_read_the_same_way_as_the_public_lookup(client):
    """Found by the outsider test: `JC-1` and lower case found the coach on the public lookup but were a 400
    on POST /trajecten."""
    with time_machine.travel(T0, tick=False) as t:
        o = await builders.qualified_world(traveller=t)
        nummer = o.coach_a["registratienummer"]
        kort = "jc-" + str(int(nummer.split("-")[1]))
        body = {
            "gemeente": "GM0599",
            "referentie": "WMO-KORT",
            "werkgever": "Bakkerij",
            "startdatum": "2026-03-02",
            "regime": "midden",
            "contracturen": 16.0,
            "jobcoachRegistratienummer": kort,
            "organisatie": o.org_a["id"],
        }
        response = await client.post("/api/v1/trajecten", headers=auth(o.gemeente_account), json=body)
    assert response.status_code == 201, response.text
    assert response.json()["jobcoach"] == o.coach_a["id"]
