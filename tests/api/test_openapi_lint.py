"""The generated OpenAPI document passes the Dutch API Design Rules linter (Spectral) with zero errors."""

import asyncio
import json
import shutil
import subprocess

import httpx
import pytest

from api.app import create_app
from api.settings import Settings
from tests.helpers import ROOT

RULESET = ROOT.parent / "shared" / "standards" / "adr-linter.yaml"
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"


def generated_document(tmp_path) -> dict:
    settings = Settings(
        database_url="sqlite:///unused.sqlite3",
        data_dir=tmp_path,
        secret_key="s" * 40,
        base_url="https://jobcoachregister.nl",
    )
    app = create_app(settings, manage_database=False)

    async def fetch() -> dict:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://t") as client:
            return (await client.get("/api/v1/openapi.json")).json()

    return asyncio.run(fetch())


@pytest.mark.skipif(not RULESET.exists(), reason="../shared/standards/adr-linter.yaml ontbreekt")
@pytest.mark.skipif(
    not SPECTRAL.exists() or not shutil.which("node"), reason="Spectral niet geïnstalleerd (npm ci)"
)
def test_openapi_has_no_adr_errors_or_warnings(tmp_path):
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(generated_document(tmp_path)))
    result = subprocess.run(
        [str(SPECTRAL), "lint", "-r", str(RULESET), str(path), "-f", "json", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    findings = json.loads(result.stdout or "[]")
    problems = [f"{f['code']} at {'/'.join(map(str, f['path']))}: {f['message']}" for f in findings]
    assert not problems, "\n".join(problems)


def _schemas_in(node, path=""):
    """Every dict in the document with its JSON path."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _schemas_in(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _schemas_in(value, f"{path}/{i}")


def test_schemas_are_plain_for_generated_clients(tmp_path):
    document = generated_document(tmp_path)
    one_element = [p for p, n in _schemas_in(document) if isinstance(n.get("oneOf"), list) and len(n["oneOf"]) == 1]
    assert one_element == []
    lookaround = [p for p, n in _schemas_in(document) if "(?" in str(n.get("pattern", ""))]
    assert lookaround == []
    properties = document["components"]["schemas"]
    # an optional field keeps its limits beside its type
    assert properties["AanvraagInvoer"]["properties"]["werkgever"] == {"type": "string", "maxLength": 200}
    assert properties["KlachtInvoer"]["properties"]["categorie"]["enum"][0] == "bejegening"
    assert properties["GemeenteInvoer"]["properties"]["code"]["pattern"] == "^GM[0-9]{4}$"


def test_every_path_parameter_has_a_dutch_description(tmp_path):
    document = generated_document(tmp_path)
    missing = [
        f"{method.upper()} {path} {parameter['name']}"
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict)
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "path" and not parameter.get("description", "").startswith(("Het ", "De "))
    ]
    assert missing == []


def test_the_server_still_refuses_a_gemeente_code_with_a_trailing_line_break():
    from api.schemas import GemeenteInvoer
    from api.validation import validate_payload
    from register.errors import InvalidInput

    assert validate_payload(GemeenteInvoer, {"code": "GM0599", "naam": "Rotterdam"}).code == "GM0599"
    for code in ("GM0599\n", "GM0599\r\n", "GM05999", "gm0599", "GM０５９９"):
        with pytest.raises(InvalidInput) as refused:
            validate_payload(GemeenteInvoer, {"code": code, "naam": "Rotterdam"})
        assert [e.name for e in refused.value.errors] == ["code"], repr(code)
