"""Pure audit rules, without a database: finding status, overdue findings, what a toetsing counts for."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audits import regels
from register.services.beoordelingen import check_besluit

T = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
D = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("oordeel", "afgerond", "gesloten", "status"),
    [
        ("conform", None, None, "conform"),
        ("conform", T, T, "conform"),
        ("minor", None, None, "open"),
        ("major", None, None, "open"),
        ("major", T, None, "uitgevoerd"),
        ("major", T, T, "gesloten"),
        ("minor", None, T, "gesloten"),
    ],
)
def test_bevinding_status(oordeel, afgerond, gesloten, status):
    assert regels.bevinding_status(oordeel, afgerond, gesloten) == status


@pytest.mark.parametrize(
    ("oordeel", "deadline", "gesloten", "today", "verlopen"),
    [
        ("major", D, None, D, False),  # due today: not yet late
        ("major", D, None, D + dt.timedelta(days=1), True),
        ("minor", D, None, D + dt.timedelta(days=1), True),
        ("major", D, T, D + dt.timedelta(days=30), False),  # closed
        ("conform", D, None, D + dt.timedelta(days=30), False),
        ("major", None, None, D + dt.timedelta(days=30), False),
    ],
)
def test_bevinding_verlopen(oordeel, deadline, gesloten, today, verlopen):
    assert regels.bevinding_verlopen(oordeel, deadline, gesloten, today) is verlopen


@given(
    oordeel=st.sampled_from(regels.OORDELEN),
    deadline=st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
    today=st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
    gesloten=st.booleans(),
)
def test_only_open_findings_past_their_deadline_are_overdue(oordeel, deadline, today, gesloten):
    result = regels.bevinding_verlopen(oordeel, deadline, T if gesloten else None, today)
    assert result == (oordeel != "conform" and not gesloten and today > deadline)


@pytest.mark.parametrize(
    ("status", "gecorrigeerd", "telt"),
    [
        ("concept", False, False),
        ("vastgesteld", False, True),
        ("vastgesteld", True, False),
        ("concept", True, False),
    ],
)
def test_what_counts_for_qualification(status, gecorrigeerd, telt):
    assert regels.telt_voor_kwalificatie({"status": status}, gecorrigeerd) is telt
    assert regels.toetsing_may_change(status) is (status == "concept")


@pytest.mark.parametrize(
    ("besluit", "toelichting", "fouten"),
    [
        ("geverifieerd", "", []),
        ("geverifieerd", "Diploma gezien", []),
        ("afgewezen", "", ["toelichting"]),
        ("afgewezen", "   ", ["toelichting"]),
        ("afgewezen", "Certificaat onleesbaar", []),
        ("afgewezen", "BSN 111222333 op het certificaat", ["toelichting"]),
        ("misschien", "x", ["besluit"]),
    ],
)
def test_a_rejection_needs_a_reason(besluit, toelichting, fouten):
    assert [e.name for e in check_besluit(besluit, toelichting)] == fouten
