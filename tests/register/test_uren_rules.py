"""Hours budget and registration, figure by figure from voorne-putten-basisprocedure-jobcoach.txt."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register.rules import uren

# The seed's table: maximum hours per year for a contract of 24 hours a week or more.
SEED = [
    ("licht", 1, 36.0),
    ("licht", 2, 18.0),
    ("licht", 3, 18.0),
    ("midden", 1, 60.0),
    ("midden", 2, 36.0),
    ("midden", 3, 24.0),
]


@pytest.mark.parametrize(("regime", "jaar", "maximaal"), SEED)
@pytest.mark.parametrize("contracturen", [24, 32, 40])
def test_seed_table_at_24_hours_or_more(regime, jaar, maximaal, contracturen):
    assert uren.jaarbudget(regime, contracturen, jaar) == maximaal


# Below 24 contract hours: pro rata (contract hours / 24).
PRO_RATA = [
    ("midden", 16, 1, 40.0),  # the example in DOMAIN.md
    ("midden", 16, 2, 24.0),
    ("midden", 16, 3, 16.0),
    ("licht", 16, 1, 24.0),
    ("licht", 16, 2, 12.0),
    ("licht", 16, 3, 12.0),
    ("midden", 12, 1, 30.0),
    ("licht", 12, 2, 9.0),
    ("midden", 20, 1, 50.0),
    ("licht", 8, 1, 12.0),
    ("midden", 6, 2, 9.0),
    ("midden", 13, 1, 32.5),
    ("licht", 23.5, 1, 35.25),
]


@pytest.mark.parametrize(("regime", "contracturen", "jaar", "maximaal"), PRO_RATA)
def test_pro_rata_below_24_hours(regime, contracturen, jaar, maximaal):
    assert uren.jaarbudget(regime, contracturen, jaar) == maximaal


@given(
    regime=st.sampled_from(["licht", "midden"]),
    jaar=st.integers(min_value=1, max_value=3),
    a=st.floats(min_value=0.5, max_value=40),
    b=st.floats(min_value=0.5, max_value=40),
)
def test_budget_grows_with_contract_hours_and_never_exceeds_the_table(regime, jaar, a, b):
    low, high = sorted((a, b))
    assert uren.jaarbudget(regime, low, jaar) <= uren.jaarbudget(regime, high, jaar)
    assert 0 < uren.jaarbudget(regime, high, jaar) <= uren.BASISBUDGET[regime][jaar - 1]


START = dt.date(2026, 1, 5)


def test_traject_years_and_end():
    assert uren.jaar_periode(START, 1) == (dt.date(2026, 1, 5), dt.date(2027, 1, 4))
    assert uren.jaar_periode(START, 2) == (dt.date(2027, 1, 5), dt.date(2028, 1, 4))
    assert uren.jaar_van(START, dt.date(2026, 1, 4)) == 0
    assert uren.jaar_van(START, dt.date(2027, 1, 4)) == 1
    assert uren.jaar_van(START, dt.date(2027, 1, 5)) == 2
    assert uren.einddatum(START, False) == dt.date(2028, 1, 4)
    assert uren.einddatum(START, True) == dt.date(2029, 1, 4)
    assert uren.einddatum(START, False, dt.date(2026, 9, 1)) == dt.date(2026, 9, 1)
    assert uren.jaar_van(dt.date(2024, 2, 29), dt.date(2025, 2, 28)) == 2  # a leap-day start


def test_budget_spent_and_carried_over():
    hours = [(dt.date(2026, 2, 1), 10.0), (dt.date(2026, 12, 1), 5.5), (dt.date(2027, 2, 1), 3.0)]
    budget = uren.urenbudget(START, "midden", 16, False, hours, [uren.Overheveling(2, 4.0)])
    assert [(y.jaar, y.maximaal, y.besteed, y.resterend) for y in budget] == [
        (1, 36.0, 15.5, 20.5),
        (2, 28.0, 3.0, 25.0),
    ]
    assert len(uren.urenbudget(START, "midden", 16, True, [], [])) == 3


def check(**overrides):
    budget = uren.urenbudget(START, "licht", 24, False, [(dt.date(2026, 2, 2), 30.0)], [])
    values = dict(
        startdatum=START,
        verlengd=False,
        beeindigd_op=None,
        vandaag=dt.date(2026, 3, 2),
        datum=dt.date(2026, 3, 2),
        uren=2.0,
        budget=budget,
        al_op_dag=0.0,
    )
    values.update(overrides)
    return {(e.name, e.reason.split(";")[0]) for e in uren.check_uren(**values)}


BAD_HOURS = [
    ("future date", {"datum": dt.date(2026, 3, 3)}, ("datum", "mag niet in de toekomst liggen")),
    (
        "before the start",
        {"datum": dt.date(2026, 1, 4)},
        ("datum", "mag niet voor de startdatum van het traject (5 januari 2026) liggen"),
    ),
    (
        "past the budget",
        {"uren": 6.5},
        (
            "uren",
            "past niet meer in het urenbudget van trajectjaar 1: 30 van 36 uur is al besteed, er resteert 6 uur",
        ),
    ),
    (
        "not in quarter hours",
        {"uren": 1.1},
        ("uren", "geef de uren op in kwartieren (een veelvoud van 0,25)"),
    ),
    (
        "over the daily bound across trajecten",
        {"al_op_dag": 9.0},
        ("uren", "op 2 maart 2026 staat al 9 uur jobcoaching geregistreerd voor deze jobcoach"),
    ),
    (
        "year three needs an extension",
        {"datum": dt.date(2028, 2, 1), "vandaag": dt.date(2028, 2, 1)},
        ("datum", "valt in het derde trajectjaar"),
    ),
    (
        "after an early end",
        {"datum": dt.date(2026, 3, 2), "beeindigd_op": dt.date(2026, 2, 28)},
        ("datum", "valt na het einde van het traject (28 februari 2026)"),
    ),
]


@pytest.mark.parametrize(("name", "overrides", "error"), BAD_HOURS, ids=[b[0] for b in BAD_HOURS])
def test_bad_hours(name, overrides, error):
    assert error in check(**overrides)


def test_good_hours_and_the_exact_remaining_budget():
    assert check() == set()
    assert check(uren=6.0) == set()  # 30 + 6 = 36: exactly the budget
    assert check(al_op_dag=8.0) == set()  # 8 + 2 = 10: exactly the daily bound


def test_carry_over_rules():
    budget = uren.urenbudget(START, "licht", 24, False, [(dt.date(2026, 2, 2), 30.0)], [])
    assert uren.check_overheveling(budget, 2, 6.0, False) == []
    reasons = {e.name: e.reason for e in uren.check_overheveling(budget, 2, 6.5, False)}
    assert reasons == {"uren": "in trajectjaar 1 zijn nog maar 6 uur ongebruikt"}
    reasons = {e.name: e.reason for e in uren.check_overheveling(budget, 3, 1.0, False)}
    assert reasons["naarJaar"].startswith("een derde trajectjaar bestaat alleen")
