"""How a keurmerk shows on a date (register/rules/keurmerken.py): table-driven with the register's figures
(the 90-day "verloopt binnenkort" window, the 90-day herregistratie grace period of DOMAIN.md) plus
properties that tie the shown state to the verdict."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register.rules import keurmerken as rules
from register.rules.feiten import Keurmerk
from register.rules.kwalificatie import keurmerk_geldig
from register.vocabulary import (
    BINNENKORT_DAGEN,
    HERREGISTRATIE_DAGEN,
    KEURMERK_STATUSSEN,
    KEURMERK_WEERGAVEN,
    VERIFICATIE_STATUSSEN,
)

D = dt.date(2026, 6, 1)


def days(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


@pytest.mark.parametrize(
    ("status", "verificatie", "ingang", "einde", "code", "telt"),
    [
        # the 90-day boundary, decided once: day 91 geldig, day 90 and 89 verloopt binnenkort
        ("actief", "geverifieerd", days(-400), days(91), "geldig", True),
        ("actief", "geverifieerd", days(-400), days(90), "verloopt-binnenkort", True),
        ("actief", "geverifieerd", days(-400), days(89), "verloopt-binnenkort", True),
        ("actief", "geverifieerd", days(-400), days(0), "verloopt-binnenkort", True),  # last valid day
        ("actief", "geverifieerd", days(-400), days(-1), "verlopen", False),
        ("actief", "geverifieerd", days(-400), days(800), "geldig", True),
        # an unverified claim never shows as geldig, whatever its dates
        ("actief", "ingediend", days(-400), days(800), "niet-geverifieerd", False),
        ("actief", "ingediend", days(-400), days(30), "niet-geverifieerd", False),
        ("actief", "ingediend", days(-400), days(-30), "niet-geverifieerd", False),
        ("actief", "afgewezen", days(-400), days(800), "afgewezen", False),
        # scheme decisions
        ("geschorst", "geverifieerd", days(-400), days(800), "geschorst", False),
        ("geschorst", "geverifieerd", days(-400), days(-1), "geschorst", False),
        ("ingetrokken", "geverifieerd", days(-400), days(800), "ingetrokken", False),
        ("aangevraagd", "geverifieerd", days(-400), days(800), "aangevraagd", False),
        # not yet started
        ("actief", "geverifieerd", days(10), days(800), "nog-niet-ingegaan", False),
        # a recertification under assessment counts up to 90 days after the end date
        (
            "herregistratie-in-behandeling",
            "geverifieerd",
            days(-400),
            days(30),
            "herregistratie-in-behandeling",
            True,
        ),
        (
            "herregistratie-in-behandeling",
            "geverifieerd",
            days(-400),
            days(-90),
            "herregistratie-in-behandeling",
            True,
        ),
        ("herregistratie-in-behandeling", "geverifieerd", days(-400), days(-91), "verlopen", False),
    ],
)
def test_state_on_a_date(status, verificatie, ingang, einde, code, telt):
    w = rules.weergave(status=status, verificatie=verificatie, geldig_tot=einde, op=D, ingangsdatum=ingang)
    assert (w.code, w.telt) == (code, telt)
    assert w.label == KEURMERK_WEERGAVEN.label(code)


def test_labels_and_tones_of_the_main_states():
    staat = {
        c: rules.weergave(status="actief", verificatie="geverifieerd", geldig_tot=days(n), op=D)
        for c, n in (("geldig", 91), ("binnenkort", 90), ("verlopen", -1))
    }
    assert [(w.label, w.toon) for w in staat.values()] == [
        ("Geldig", "ok"),
        ("Verloopt binnenkort", "waarschuwing"),
        ("Verlopen", "fout"),
    ]
    assert staat["binnenkort"].dagen_over == 90
    assert staat["verlopen"].dagen_over is None
    ingediend = rules.weergave(status="actief", verificatie="ingediend", geldig_tot=days(91), op=D)
    assert (ingediend.label, ingediend.toon) == ("Niet geverifieerd", "neutraal")


def test_binnenkort_boundary_is_the_vocabulary_window():
    assert BINNENKORT_DAGEN == 90
    assert rules.binnenkort(days(BINNENKORT_DAGEN), D)
    assert not rules.binnenkort(days(BINNENKORT_DAGEN + 1), D)
    assert not rules.binnenkort(days(-1), D)


# --- properties -------------------------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2032, 12, 31))
statussen = st.sampled_from(KEURMERK_STATUSSEN.codes)
verificaties = st.sampled_from(VERIFICATIE_STATUSSEN.codes)


@given(statussen, verificaties, dates, dates, dates, st.integers(0, 365))
def test_the_shown_state_counts_exactly_when_the_verdict_counts_it(
    status, verificatie, ingang, einde, op, grace
):
    """`telt` of the shown state and the verdict's keurmerk_geldig never disagree."""
    w = rules.weergave(
        status=status,
        verificatie=verificatie,
        geldig_tot=einde,
        op=op,
        ingangsdatum=ingang,
        herregistratie_dagen=grace,
    )
    k = Keurmerk("k", "noloc", "1", ingang, einde, status, verificatie)
    assert w.telt == keurmerk_geldig(k, op, grace)
    assert w.code in KEURMERK_WEERGAVEN


@given(statussen, verificaties, dates, dates)
def test_only_a_verified_active_keurmerk_within_its_dates_shows_as_geldig_or_ending_soon(
    status, verificatie, einde, op
):
    w = rules.weergave(status=status, verificatie=verificatie, geldig_tot=einde, op=op)
    if w.code in ("geldig", "verloopt-binnenkort"):
        assert verificatie == "geverifieerd" and status == "actief" and op <= einde
    if w.code == "verloopt-binnenkort":
        assert (einde - op).days <= BINNENKORT_DAGEN
    if w.code == "geldig":
        assert (einde - op).days > BINNENKORT_DAGEN
    if verificatie != "geverifieerd":
        assert w.code in ("niet-geverifieerd", "afgewezen") and not w.telt


@given(dates, st.integers(0, 2000), st.integers(0, 2000))
def test_time_only_moves_a_keurmerk_forward(einde, a, b):
    """Geldig -> verloopt binnenkort -> verlopen, never back."""
    volgorde = ["geldig", "verloopt-binnenkort", "verlopen"]
    eerder, later = sorted((a, b))
    start = einde - dt.timedelta(days=1000)

    def code(n: int) -> str:
        return rules.weergave(
            status="actief", verificatie="geverifieerd", geldig_tot=einde, op=start + dt.timedelta(days=n)
        ).code

    assert volgorde.index(code(eerder)) <= volgorde.index(code(later))


@given(dates, st.integers(-200, 200))
def test_a_recertification_counts_for_the_grace_period_after_the_end(einde, n):
    op = einde + dt.timedelta(days=n)
    w = rules.weergave(
        status="herregistratie-in-behandeling", verificatie="geverifieerd", geldig_tot=einde, op=op
    )
    assert w.telt == (n <= HERREGISTRATIE_DAGEN)
    assert w.code == ("herregistratie-in-behandeling" if n <= HERREGISTRATIE_DAGEN else "verlopen")
