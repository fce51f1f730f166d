"""The jobcoach-register command line, run as a user would (a subprocess against a fresh database)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, SECRET, migrate


def run(args, db_url, data_dir, **env):
    environment = {
        **os.environ,
        "REGISTER_DATABASE_URL": db_url,
        "REGISTER_DATA_DIR": str(data_dir),
        "REGISTER_SECRET_KEY": SECRET,
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def fresh(tmp_path) -> tuple[str, Path]:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}", tmp_path


def test_commands_refuse_an_unmigrated_database(fresh):
    url, data = fresh
    result = run(["demo-data"], url, data)
    assert result.returncode != 0
    assert "jobcoach-register migrate" in result.stderr
    serve = run(["serve", "--port", "0"], url, data)
    assert serve.returncode != 0 and "jobcoach-register migrate" in serve.stderr


def test_import_gemeenten_all_or_nothing(fresh, tmp_path):
    url, data = fresh
    migrate(url, data)
    good = tmp_path / "gemeenten.csv"
    good.write_text("code;naam;ingangsdatum;einddatum\nGM0599;Rotterdam;;\nGM0363;Amsterdam;1900-01-01;\n")
    result = run(["import-gemeenten", str(good)], url, data)
    assert result.returncode == 0, result.stderr
    assert "2 toegevoegd" in result.stdout
    again = run(["import-gemeenten", str(good)], url, data)
    assert "0 toegevoegd, 0 bijgewerkt" in again.stdout

    bad = tmp_path / "fout.csv"
    bad.write_text(
        "code,naam,ingangsdatum,einddatum\nGM0772,Eindhoven,,\nGM12,Foutstad,,\nGM0344,,2020-13-01,\n"
    )
    result = run(["import-gemeenten", str(bad)], url, data)
    assert result.returncode == 1
    assert (
        "regel 3: code" in result.stderr
        and "regel 4: naam" in result.stderr
        and "regel 4: ingangsdatum" in result.stderr
    )
    import sqlite3

    conn = sqlite3.connect(url[len("sqlite:///") :])
    codes = sorted(r[0] for r in conn.execute("select code from gemeente"))
    conn.close()
    assert codes == ["GM0363", "GM0599"]  # the good line of the bad file was not imported either


def test_create_user_and_demo_data(fresh):
    url, data = fresh
    migrate(url, data)
    weak = run(
        ["create-user", "--username", "admin", "--role", "beheerder"], url, data, REGISTER_PASSWORD="kort"
    )
    assert weak.returncode == 1 and "wachtwoord" in weak.stderr
    ok = run(
        ["create-user", "--username", "admin", "--role", "beheerder"],
        url,
        data,
        REGISTER_PASSWORD="een-lang-genoeg-wachtwoord",
    )
    assert ok.returncode == 0, ok.stderr
    first = run(["demo-data"], url, data)
    assert first.returncode == 0 and "Demodata geladen" in first.stdout, first.stderr
    second = run(["demo-data"], url, data)
    assert second.returncode == 0 and "al geladen" in second.stdout
    verify = run(["auditlog", "verify"], url, data)
    assert verify.returncode == 0 and "intact" in verify.stdout
