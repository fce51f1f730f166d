"""CSV import reads the encoding Dutch spreadsheets are saved in (issue #16, case 11): UTF-8 with or without
BOM and Windows-1252, detected with charset-normalizer, so "’s-Hertogenbosch" is stored with its
apostrophe and never with a C1 control character; a line with a control character is refused with its
number and nothing is imported. Run as a user would (`jobcoach-register import-gemeenten`), on both
engines."""

from __future__ import annotations

import asyncio

import pytest

from register.rules import invoerbestand
from register.tables import Gemeente
from tests.helpers import cli, cli_env

REGELS = "code;naam;ingangsdatum;einddatum\nGM0796;’s-Hertogenbosch;1996-01-01;\nGM0599;Rotterdam;;\n"


@pytest.mark.parametrize(
    "inhoud",
    [
        pytest.param("\ufeff".encode() + REGELS.encode(), id="utf-8-met-bom"),
        pytest.param(REGELS.encode(), id="utf-8"),
        pytest.param(REGELS.encode("cp1252"), id="windows-1252"),
    ],
)
async def test_import_gemeenten_reads_utf8_and_windows_1252(db, database_url, data_dir, tmp_path, inhoud):
    bestand = tmp_path / "gemeenten.csv"
    bestand.write_bytes(inhoud)
    result = await asyncio.to_thread(cli, ["import-gemeenten", str(bestand)], cli_env(database_url, data_dir))
    assert result.returncode == 0, result.stderr
    namen = {r["code"]: r["naam"] for r in await Gemeente.select(Gemeente.code, Gemeente.naam)}
    assert namen == {"GM0796": "’s-Hertogenbosch", "GM0599": "Rotterdam"}


async def test_a_control_character_is_refused_with_its_line_number(db, database_url, data_dir, tmp_path):
    bestand = tmp_path / "gemeenten.csv"
    # what a Windows-1252 file read as Latin-1 and saved again as UTF-8 looks like
    bestand.write_text(
        "code,naam,ingangsdatum,einddatum\nGM0599,Rotterdam,,\nGM0796,\u0092s-Hertogenbosch,,\n",
        encoding="utf-8",
    )
    result = await asyncio.to_thread(cli, ["import-gemeenten", str(bestand)], cli_env(database_url, data_dir))
    assert result.returncode == 1
    assert "regel 3: bevat een stuurteken (U+0092)" in result.stderr
    assert await Gemeente.count() == 0  # the good line was not imported either


def test_the_rules_on_their_own():
    assert invoerbestand.lees_tekst("’s-Hertogenbosch;Sûdwest-Fryslân".encode("cp1252")) == (
        "’s-Hertogenbosch;Sûdwest-Fryslân"
    )
    assert invoerbestand.lees_tekst(b"\xef\xbb\xbfcode") == "code"
    assert invoerbestand.stuurtekens("a\tb\r\nc\x00d\ne\x1bf") == [(2, "U+0000"), (3, "U+001B")]
