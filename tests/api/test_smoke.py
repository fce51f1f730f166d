from tests import factories as f


async def test_trailing_slash_is_404(client):
    response = await client.get("/api/v1/organisaties/")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_invalid_organisation_lists_all_errors(client):
    admin = await f.beheerder()
    response = await client.post(
        "/api/v1/organisaties",
        headers=f.auth(admin),
        json={"naam": "", "kvkNummer": "12", "postcode": "1234 SS", "plaats": "X", "website": "ftp://x"},
    )
    assert response.status_code == 400, response.text
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"naam", "kvkNummer", "postcode", "website"}
