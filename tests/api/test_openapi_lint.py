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
