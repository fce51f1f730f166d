"""The generated OpenAPI document passes the Dutch API Design Rules linter (Spectral) with zero errors."""

import json
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from tests.conftest import ROOT, Settings

RULESET = ROOT.parent / "shared" / "standards" / "adr-linter.yaml"
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"


@pytest.mark.skipif(not RULESET.exists(), reason="../shared/standards/adr-linter.yaml ontbreekt")
@pytest.mark.skipif(
    not SPECTRAL.exists() or not shutil.which("node"), reason="Spectral niet geïnstalleerd (npm ci)"
)
async def test_openapi_has_no_adr_errors(tmp_path):
    settings = Settings(
        database_url="sqlite:///unused.sqlite3",
        data_dir=tmp_path,
        secret_key="s" * 40,
        base_url="https://jobcoachregister.nl",
    )
    app = create_app(settings, manage_database=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://t") as client:
        document = (await client.get("/api/v1/openapi.json")).json()
    path = Path(tmp_path) / "openapi.json"
    path.write_text(json.dumps(document))
    result = subprocess.run(
        [str(SPECTRAL), "lint", "-r", str(RULESET), str(path), "-f", "json", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    findings = json.loads(result.stdout or "[]")
    errors = [
        f"{f['code']} at {'/'.join(map(str, f['path']))}: {f['message']}"
        for f in findings
        if f["severity"] == 0
    ]
    assert not errors, "\n".join(errors)
    warnings = [f for f in findings if f["severity"] == 1]
    assert not warnings, [f"{f['code']}: {f['message']}" for f in warnings]
