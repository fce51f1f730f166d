from tests import builders
from tests.helpers import auth

"""API conventions: headers, problem+json, validation, pagination, OpenAPI."""



async def test_security_and_version_headers_on_every_response(client):
    for path in ("/api/v1/gemeenten", "/api/v1/bestaat-niet", "/", "/api/v1/openapi.json"):
        response = await client.get(path)
        assert response.headers["API-Version"] == "1.0.0", path
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert (await client.get("/api/v1/gemeenten")).headers["Cache-Control"] == "no-store"


async def test_errors_are_problem_json(client):
    response = await client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    body = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert {"type", "title", "status", "detail"} <= set(body) and body["status"] == 404
    response = await client.delete("/api/v1/gemeenten", headers=auth(await builders.beheerder()))
    assert response.status_code == 405 and response.json()["status"] == 405


async def test_non_json_wrong_types_and_oversized_bodies(client):
    admin = auth(await builders.beheerder())
    headers = {**admin, "content-type": "application/json"}
    not_json = await client.post("/api/v1/gemeenten", headers=headers, content=b"{niet json")
    assert not_json.status_code == 400
    assert not_json.json()["invalidParams"][0]["name"] == "body"
    wrong_types = await client.post("/api/v1/gemeenten", headers=admin, json={"code": 599, "naam": ["x"]})
    assert wrong_types.status_code == 400
    assert {p["name"] for p in wrong_types.json()["invalidParams"]} == {"code", "naam"}
    huge = await client.post(
        "/api/v1/gemeenten", headers=headers, content=b'{"naam": "' + b"x" * 400_000 + b'"}'
    )
    assert huge.status_code == 413
    assert huge.headers["content-type"].startswith("application/problem+json")
    invalid_utf8 = await client.post("/api/v1/gemeenten", headers=headers, content=b'{"code": "GM\xff\xfe"}')
    assert invalid_utf8.status_code == 400


async def test_pagination_links(client):
    admin = auth(await builders.beheerder())
    for i in range(5):
        await builders.gemeente(f"GM{1000 + i}", f"Gemeente {i}")
    page = (await client.get("/api/v1/gemeenten?paginaGrootte=2&pagina=2", headers=admin)).json()
    assert page["aantal"] == 5 and len(page["resultaten"]) == 2
    assert page["_links"]["next"]["href"].endswith("pagina=3&paginaGrootte=2")
    assert page["_links"]["prev"]["href"].endswith("pagina=1&paginaGrootte=2")
    last = (await client.get("/api/v1/gemeenten?paginaGrootte=2&pagina=3", headers=admin)).json()
    assert "next" not in last["_links"] and len(last["resultaten"]) == 1
    bad = await client.get("/api/v1/gemeenten?paginaGrootte=1000&pagina=0", headers=admin)
    assert bad.status_code == 400
    assert {p["name"] for p in bad.json()["invalidParams"]} == {"pagina", "paginaGrootte"}


async def test_openapi_document(client):
    response = await client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    doc = response.json()
    assert doc["openapi"].startswith("3.1")
    assert doc["info"]["version"] == "1.0.0"
    assert {"name", "url", "email"} <= set(doc["info"]["contact"])
    assert doc["servers"][0]["url"].endswith("/api/v1")
    assert "/jobcoaches" in doc["paths"] and not any(p.startswith("/api/v1") for p in doc["paths"])
    assert not any(p.endswith("/") for p in doc["paths"])
    for item in doc["paths"].values():
        for operation in item.values():
            for code, resp in operation.get("responses", {}).items():
                if code.startswith("2"):
                    assert "API-Version" in resp.get("headers", {})


async def test_gemeenten_api(client):
    admin = auth(await builders.beheerder())
    created = await client.post(
        "/api/v1/gemeenten", headers=admin, json={"code": "GM0599", "naam": "Rotterdam"}
    )
    assert created.status_code == 201
    again = await client.post(
        "/api/v1/gemeenten", headers=admin, json={"code": "GM0599", "naam": "Rotterdam"}
    )
    assert again.status_code == 400 and again.json()["invalidParams"][0]["name"] == "code"
    bad = await client.post(
        "/api/v1/gemeenten",
        headers=admin,
        json={"code": "GM59", "naam": "X", "ingangsdatum": "2026-01-01", "einddatum": "2025-01-01"},
    )
    assert {p["name"] for p in bad.json()["invalidParams"]} == {"code", "einddatum"}
