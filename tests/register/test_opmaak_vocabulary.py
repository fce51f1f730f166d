"""One presentation of dates, times and numbers (register/opmaak.py) and one vocabulary of codes, labels
and thresholds (register/vocabulary.py), without a database."""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api import schemas, schemas_audits, schemas_trajecten
from audits import regels
from register import opmaak, vocabulary
from register.rules import kader

# --- dates, times and numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 3, 3), "3 maart 2026"),
        (dt.date(2026, 12, 31), "31 december 2026"),
        ("2026-01-09", "9 januari 2026"),  # ISO text, as in stored evidence
        (None, "—"),
        ("", "—"),
        ("geen datum", "geen datum"),
    ],
)
def test_datum(value, expected):
    assert opmaak.datum(value) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # winter: UTC+1 (CET); summer: UTC+2 (CEST); the zone is always shown
        (dt.datetime(2026, 3, 3, 13, 5, tzinfo=dt.UTC), "3 maart 2026 om 14:05 (CET)"),
        (dt.datetime(2026, 7, 3, 13, 5, tzinfo=dt.UTC), "3 juli 2026 om 15:05 (CEST)"),
        # the calendar day is the Dutch one: 23:30 UTC on 31 December is 1 January in Amsterdam
        (dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), "1 januari 2027 om 00:30 (CET)"),
        # the last Sunday of March at 01:00 UTC: clocks go from 02:00 CET to 03:00 CEST
        (dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC), "29 maart 2026 om 01:59 (CET)"),
        (dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC), "29 maart 2026 om 03:00 (CEST)"),
        ("2026-07-03T13:05:00Z", "3 juli 2026 om 15:05 (CEST)"),
        (dt.datetime(2026, 3, 3, 13, 5), "3 maart 2026 om 14:05 (CET)"),  # a naive moment is UTC
    ],
)
def test_tijdstip_is_dutch_time_with_the_zone(moment, expected):
    assert opmaak.tijdstip(moment) == expected
    assert opmaak.datum(moment) == expected  # a moment given to datum() keeps its time


@pytest.mark.parametrize(
    ("value", "expected"),
    [(20, "20"), (20.0, "20"), (12.5, "12,5"), (3.25, "3,25"), (2 / 3, "0,67"), (6.5, "6,5"), (None, "—")],
)
def test_getal_uses_a_decimal_comma(value, expected):
    assert opmaak.getal(value) == expected


@given(st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False))
def test_getal_never_shows_a_decimal_point(value):
    text = opmaak.getal(value)
    assert "." not in text
    assert float(text.replace(",", ".")) == pytest.approx(float(value), abs=0.005)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_datum_never_shows_an_iso_or_numeric_date(d):
    text = opmaak.datum(d)
    assert text.split(" ")[1] in opmaak.MAANDEN
    assert "-" not in text and "/" not in text


def test_opsomming():
    assert opmaak.opsomming(["a"]) == "a"
    assert opmaak.opsomming(["a", "b", "c"], "of") == "a, b of c"


# --- the vocabulary ---------------------------------------------------------------------------------------


def test_every_list_has_unique_codes_and_a_label_for_each():
    for lijst in vocabulary.ALLE_LIJSTEN:
        assert len(set(lijst.codes)) == len(lijst.codes), lijst.naam
        for code in lijst.codes:
            assert lijst.label(code) and lijst.label(code) != code or code.isdigit(), (lijst.naam, code)
    # every list is looked up by its name: the domain lists and the audit log's own two (actions, record types)
    domein = {lijst.naam for lijst in vocabulary.ALLE_LIJSTEN}
    assert len(domein) == len(vocabulary.ALLE_LIJSTEN)
    assert set(vocabulary.LIJSTEN) == domein | {vocabulary.AUDIT_ACTIES.naam, vocabulary.AUDIT_OBJECTTYPEN.naam}


def test_one_label_per_code_across_lists():
    """The same code means the same thing in every list that holds it (klachtprocedure is one label)."""
    seen: dict[tuple[str, str], str] = {}
    same_meaning = [
        vocabulary.KWALITEITSBORGING_GEBIEDEN,
        vocabulary.CRITERIA,
    ]
    for lijst in same_meaning:
        for code in lijst.codes:
            seen.setdefault(("gedeeld", code), lijst.label(code))
            assert seen[("gedeeld", code)] == lijst.label(code), code
    assert vocabulary.label("gebied", "klachtprocedure") == vocabulary.label("criterium", "klachtprocedure")


def test_label_of_an_unknown_code_is_the_code_and_an_unknown_list_fails():
    assert vocabulary.label("verificatie", "afgewezen") == "Afgewezen"
    assert vocabulary.label("verificatie", "onbekend") == "onbekend"
    assert vocabulary.label("verificatie", None) == "—"
    with pytest.raises(KeyError):
        vocabulary.label("bestaat-niet", "x")


def test_zin_keeps_acronyms():
    assert vocabulary.KWALITEITSBORGING_GEBIEDEN.zin("privacy") == "privacy (AVG)"
    assert vocabulary.OPLEIDING_SOORTEN.zin("hbo-diploma") == "HBO-diploma"


def test_gemeente_naam():
    assert vocabulary.gemeente_naam("GM0599", {"GM0599": "Rotterdam"}) == "Rotterdam (GM0599)"
    assert vocabulary.gemeente_naam("GM9999", {}) == "GM9999"


def _literal(annotation) -> tuple[str, ...]:
    return tuple(typing.get_args(annotation))


def test_schemas_enumerate_the_vocabulary():
    """The API's enumerations are the vocabulary's codes, in the same order."""
    assert _literal(schemas.KeurmerkStatus) == vocabulary.KEURMERK_STATUSSEN.codes
    assert _literal(schemas.PersoonsSchema) == ("noloc", "nvs")
    assert _literal(schemas.OrganisatieSchema) == ("blik-op-werk", "oval", "uwv")
    assert _literal(schemas.Competentie) == vocabulary.COMPETENTIES.codes and len(schemas.COMPETENTIES) == 9
    assert _literal(schemas.Rol) == vocabulary.ROLLEN.codes
    assert _literal(schemas_audits.Gebied) == vocabulary.KWALITEITSBORGING_GEBIEDEN.codes
    assert _literal(schemas_audits.Vorm) == vocabulary.TOETSING_VORMEN.codes
    assert _literal(schemas_trajecten.Activiteit) == vocabulary.KERNACTIVITEITEN.codes
    assert _literal(schemas_trajecten.Regime) == ("licht", "midden")
    assert regels.GEBIEDEN == vocabulary.KWALITEITSBORGING_GEBIEDEN.codes


def test_the_national_kader_takes_its_defaults_from_the_vocabulary():
    """DOMAIN.md: at least 20 verified scholing hours, 12-month windows, a 90-day herregistratie grace."""
    standaard = kader.INGEBOUWD
    assert standaard.param("scholing", "urenMinimaal") == vocabulary.SCHOLING_NORM_UREN == 20
    for code in ("scholing", "intercollegiale-toetsing", "zelfevaluatie", "kwaliteitsborging"):
        assert standaard.param(code, "maanden") == vocabulary.VENSTER_MAANDEN == 12
    for code in ("persoonsregister", "organisatie-keurmerk"):
        assert standaard.param(code, "herregistratieDagen") == vocabulary.HERREGISTRATIE_DAGEN == 90
    assert kader.CRITERIA == vocabulary.CRITERIA.codes
    assert vocabulary.UWV_MINIMUM_SCORE == 6.5
