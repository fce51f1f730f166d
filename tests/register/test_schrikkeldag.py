"""29 February (issue #16, case 13): one convention for "plus one year" and "plus two years"
(register.rules.datums): 29 February in a common year becomes 28 February, and a period of n years ends
the day before. The traject's end date, the year boundaries of its hours budget, the report schedule and
the retention period all follow it."""

from __future__ import annotations

import datetime as dt

import pytest

from register.rules import datums, rapportages, uren
from register.services import retentie, trajecten
from tests import builders

D = dt.date


@pytest.mark.parametrize(
    ("start", "jaren", "verwacht"),
    [
        (D(2024, 2, 29), 1, D(2025, 2, 28)),
        (D(2024, 2, 29), 2, D(2026, 2, 28)),
        (D(2024, 2, 29), 4, D(2028, 2, 29)),
        (D(2028, 2, 29), -2, D(2026, 2, 28)),
        (D(2023, 3, 1), 1, D(2024, 3, 1)),
        (D(2023, 2, 28), 1, D(2024, 2, 28)),
    ],
)
def test_add_years(start, jaren, verwacht):
    assert datums.add_years(start, jaren) == verwacht


def test_a_period_ends_the_day_before():
    assert datums.periode_einde(D(2024, 2, 29), 2) == D(2026, 2, 27)
    assert datums.periode_einde(D(2024, 3, 1), 2) == D(2026, 2, 28)
    assert datums.periode_einde(D(2024, 2, 28), 2) == D(2026, 2, 27)
    # a two-year period has 730 or 731 days, whatever the start
    start = D(2023, 1, 1)
    for i in range(4 * 366):
        day = start + dt.timedelta(days=i)
        assert (datums.periode_einde(day, 2) - day).days + 1 in (730, 731)


def test_traject_years_and_end_date_from_29_february():
    start = D(2024, 2, 29)
    assert uren.jaar_periode(start, 1) == (D(2024, 2, 29), D(2025, 2, 27))
    assert uren.jaar_periode(start, 2) == (D(2025, 2, 28), D(2026, 2, 27))
    assert uren.jaar_periode(start, 3) == (D(2026, 2, 28), D(2027, 2, 27))
    assert uren.einddatum(start, verlengd=False) == D(2026, 2, 27)
    assert uren.einddatum(start, verlengd=True) == D(2027, 2, 27)
    assert uren.jaar_van(start, D(2025, 2, 27)) == 1
    assert uren.jaar_van(start, D(2025, 2, 28)) == 2
    # the years are contiguous: each starts the day after the one before ends
    for jaar in (1, 2):
        assert (
            uren.jaar_periode(start, jaar)[1] + dt.timedelta(days=1) == uren.jaar_periode(start, jaar + 1)[0]
        )


def test_the_report_schedule_lands_on_the_year_boundary():
    start = D(2024, 2, 29)
    plan = rapportages.plan(start, uren.einddatum(start, verlengd=False))
    due = {(g.soort, g.volgnummer): g.vervaldatum for g in plan}
    assert due[("voortgangsrapportage", 4)] == D(2025, 2, 28) == uren.jaar_periode(start, 2)[0]
    assert due[("bijstelling-begeleidingsplan", 2)] == D(2025, 2, 28)
    assert plan[-1].vervaldatum == D(2026, 2, 27)


def test_retention_counts_back_the_same_way():
    assert retentie.grensdatum(D(2028, 2, 29)) == D(2026, 2, 28)
    assert retentie.grensdatum(D(2027, 3, 1)) == D(2025, 3, 1)


async def test_a_traject_starting_on_29_february(db):
    world = await builders.build_world()
    traject = await builders.traject(world, startdatum=D(2028, 2, 29))  # the next leap day
    detail = await trajecten.get(world.actor("gemeente"), traject["id"])
    assert detail["einddatum"] == D(2030, 2, 27)
    assert [(y["van"], y["tot"]) for y in detail["urenbudget"]] == [
        (D(2028, 2, 29), D(2029, 2, 27)),
        (D(2029, 2, 28), D(2030, 2, 27)),
    ]
    reports = {(r["soort"], r["volgnummer"]): r["vervaldatum"] for r in detail["rapportages"]}
    assert reports[("voortgangsrapportage", 4)] == D(2029, 2, 28)
    assert reports[("eindverslag", 1)] == D(2030, 2, 27)
