"""Pure rules of the public register, without a database: keurmerk badges and arbeidsmarktregio's."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register import arbeidsmarktregios
from register.services import publiek

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("status", "geldig_tot", "weergave"),
    [
        ("actief", dt.date(2028, 1, 1), "geldig"),
        ("actief", TODAY + dt.timedelta(days=90), "geldig"),
        ("actief", TODAY + dt.timedelta(days=89), "verloopt-binnenkort"),
        ("actief", TODAY, "verloopt-binnenkort"),  # still valid on its last day
        ("actief", TODAY - dt.timedelta(days=1), "verlopen"),
        ("geschorst", dt.date(2028, 1, 1), "geschorst"),
        ("geschorst", TODAY - dt.timedelta(days=1), "geschorst"),
        ("ingetrokken", dt.date(2028, 1, 1), "ingetrokken"),
        ("aangevraagd", dt.date(2028, 1, 1), "aangevraagd"),
        ("aangevraagd", TODAY - dt.timedelta(days=1), "verlopen"),
        ("herregistratie-in-behandeling", TODAY - dt.timedelta(days=10), "herregistratie-in-behandeling"),
    ],
)
def test_keurmerk_weergave(status, geldig_tot, weergave):
    assert publiek.keurmerk_weergave(status, geldig_tot, TODAY) == weergave


STATUSSEN = ["aangevraagd", "actief", "herregistratie-in-behandeling", "geschorst", "ingetrokken"]


@given(st.sampled_from(STATUSSEN), st.integers(min_value=-3000, max_value=3000))
def test_weergave_is_known_and_geldig_only_when_valid_long_enough(status, days):
    weergave = publiek.keurmerk_weergave(status, TODAY + dt.timedelta(days=days), TODAY)
    assert weergave in publiek.WEERGAVEN
    if weergave in ("geldig", "verloopt-binnenkort"):
        assert status == "actief" and days >= 0
    if weergave == "geldig":
        assert days >= publiek.VERLOOPT_BINNENKORT_DAGEN


def test_there_are_35_arbeidsmarktregios():
    assert len(arbeidsmarktregios.REGIOS) == 35
    assert all(r.code == code for code, r in arbeidsmarktregios.REGIOS.items())


def test_a_gemeente_lies_in_one_regio():
    seen: dict[str, str] = {}
    for regio in arbeidsmarktregios.REGIOS.values():
        assert regio.gemeenten, regio.naam
        for code in regio.gemeenten:
            assert code not in seen, f"{code} in {seen.get(code)} and {regio.naam}"
            seen[code] = regio.naam
            assert code.startswith("GM") and len(code) == 6 and code[2:].isdigit()


@pytest.mark.parametrize(
    ("gemeente", "regio"),
    [
        ("GM0599", "Rijnmond"),
        ("GM1930", "Rijnmond"),
        ("GM0363", "Groot Amsterdam"),
        ("GM0344", "Midden-Utrecht"),
        ("GM0518", "Haaglanden"),
        ("GM0772", "Zuidoost-Brabant"),
        ("GM0014", "Groningen"),
        ("GM0935", "Zuid-Limburg"),
    ],
)
def test_regio_of_known_gemeenten(gemeente, regio):
    assert arbeidsmarktregios.regio_van(gemeente).naam == regio


def test_regio_lookup_is_case_insensitive_and_partial_table_says_none():
    assert arbeidsmarktregios.get(" Rijnmond ").naam == "Rijnmond"
    assert arbeidsmarktregios.get("mars") is None
    assert arbeidsmarktregios.regio_van("GM1892") is None  # Zuidplas: left out on purpose


@pytest.mark.parametrize(
    ("filters", "verwacht"),
    [
        (publiek.Filters(), None),
        (publiek.Filters(gemeente="GM0599"), ("GM0599",)),
        (publiek.Filters(gemeente="GM0363", arbeidsmarktregio="rijnmond"), ()),
        (publiek.Filters(gemeente="GM1930", arbeidsmarktregio="rijnmond"), ("GM1930",)),
    ],
)
def test_gemeenten_filter(filters, verwacht):
    assert publiek._gemeenten_filter(filters) == verwacht


def test_regio_filter_is_all_its_gemeenten():
    codes = publiek._gemeenten_filter(publiek.Filters(arbeidsmarktregio="haaglanden"))
    assert "GM0518" in codes and "GM0503" in codes and "GM0599" not in codes
