"""Pure rules of the public register, without a database: arbeidsmarktregio's. (How a keurmerk shows is
one rule for every page: tests/register/test_keurmerken_rules.py.)"""

from __future__ import annotations

import pytest

from register import arbeidsmarktregios
from register.services import publiek


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
