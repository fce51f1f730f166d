"""The report schedule, toetsingskader validation and choice, and the signal conditions (pure rules)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register.rules import kader as kaders
from register.rules import rapportages
from register.rules import signalen as rules
from register.rules.datums import add_months

START = dt.date(2026, 1, 5)


def test_schedule_of_a_two_year_traject():
    plan = rapportages.plan(START, dt.date(2028, 1, 4))
    by_kind: dict[str, list[dt.date]] = {}
    for g in plan:
        by_kind.setdefault(g.soort, []).append(g.vervaldatum)
    assert by_kind["begeleidingsplan"] == [dt.date(2026, 2, 2)]  # four weeks after the start
    quarters = [add_months(START, 3 * n) for n in range(1, 8)]
    assert by_kind["voortgangsrapportage"] == quarters  # every quarter, up to 21 months
    assert by_kind["evaluatieverslag"] == quarters  # every 3 months
    assert by_kind["bijstelling-begeleidingsplan"] == [add_months(START, 6 * n) for n in range(1, 4)]
    assert by_kind["eindverslag"] == [dt.date(2028, 1, 4)]
    assert [g.vervaldatum for g in plan] == sorted(g.vervaldatum for g in plan)


def test_an_extension_adds_the_third_year():
    plan = rapportages.plan(START, dt.date(2029, 1, 4))
    assert len([g for g in plan if g.soort == "voortgangsrapportage"]) == 11
    assert [g.vervaldatum for g in plan if g.soort == "eindverslag"] == [dt.date(2029, 1, 4)]


@pytest.mark.parametrize(
    ("ingediend", "vandaag", "status"),
    [
        (None, dt.date(2026, 4, 5), "open"),
        (None, dt.date(2026, 4, 6), "te-laat"),
        (dt.date(2026, 4, 5), dt.date(2026, 5, 1), "ingediend"),
        (dt.date(2026, 4, 7), dt.date(2026, 5, 1), "te-laat-ingediend"),
    ],
)
def test_report_status(ingediend, vandaag, status):
    assert rapportages.status(dt.date(2026, 4, 5), ingediend, vandaag) == status


BAD_KADERS = [
    ({"onbekend": {"vereist": True}}, "criteria.onbekend", "onbekend criterium"),
    ({"scholing": {"urenMinimaal": -1}}, "criteria.scholing.urenMinimaal", "mag niet negatief zijn"),
    ({"scholing": {"maanden": 0}}, "criteria.scholing.maanden", "moet minstens 1 maand zijn"),
    (
        {"persoonsregister": {"herregistratieDagen": -5}},
        "criteria.persoonsregister.herregistratieDagen",
        "mag niet negatief zijn",
    ),
    (
        {"organisatie-keurmerk": {"schemas": ["keurmerk-x"]}},
        "criteria.organisatie-keurmerk.schemas",
        "onbekende waarde(n) keurmerk-x",
    ),
    (
        {"organisatie-keurmerk": {"schemas": []}},
        "criteria.organisatie-keurmerk.schemas",
        "minstens één waarde",
    ),
    ({"scholing": {"vereist": "ja"}}, "criteria.scholing.vereist", "moet true of false zijn"),
    ({"scholing": {"pePunten": 10}}, "criteria.scholing.pePunten", "onbekende instelling"),
    (
        {"kwaliteitsborging": {"minimaleScore": 11}},
        "criteria.kwaliteitsborging.minimaleScore",
        "tussen 1 en 10",
    ),
    ({"scholing": 20}, "criteria.scholing", "moet een object zijn"),
]


@pytest.mark.parametrize(("criteria", "name", "words"), BAD_KADERS)
def test_bad_kaders_are_refused_with_the_parameter_named(criteria, name, words):
    errors = kaders.validate(criteria)
    assert [e.name for e in errors] == [name]
    assert words in errors[0].reason


def test_every_problem_at_once():
    errors = kaders.validate({"x": {}, "scholing": {"urenMinimaal": -1, "maanden": -2}})
    assert {e.name for e in errors} == {
        "criteria.x",
        "criteria.scholing.urenMinimaal",
        "criteria.scholing.maanden",
    }


def test_merge_keeps_what_is_not_given():
    merged = kaders.merge(
        kaders.STANDAARD, {"organisatie-keurmerk": {"schemas": ["uwv"]}, "scholing": {"urenMinimaal": 30}}
    )
    assert merged["organisatie-keurmerk"] == {**kaders.STANDAARD["organisatie-keurmerk"], "schemas": ["uwv"]}
    assert merged["scholing"] == {"vereist": True, "urenMinimaal": 30, "maanden": 12}
    assert merged["persoonsregister"] == kaders.STANDAARD["persoonsregister"]
    assert kaders.validate(merged) == []


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "scholing": st.fixed_dictionaries(
                {}, optional={"urenMinimaal": st.integers(0, 100), "vereist": st.booleans()}
            ),
            "zelfevaluatie": st.fixed_dictionaries({}, optional={"maanden": st.integers(1, 60)}),
        },
    )
)
def test_merge_is_idempotent_and_complete(given_criteria):
    once = kaders.merge(kaders.STANDAARD, given_criteria)
    assert kaders.merge(once, given_criteria) == once
    assert set(once) == set(kaders.CRITERIA)


def test_the_version_in_force_on_the_peildatum():
    v1 = kaders.Kader("GM0599", 1, dt.date(2026, 1, 1), kaders.STANDAARD)
    v2 = kaders.Kader("GM0599", 2, dt.date(2026, 7, 1), kaders.STANDAARD)
    national = kaders.Kader(None, 1, dt.date(2025, 1, 1), kaders.STANDAARD)
    other = kaders.Kader("GM0363", 1, dt.date(2020, 1, 1), kaders.STANDAARD)
    all_ = [v1, v2, national, other]
    assert kaders.in_force(all_, "GM0599", dt.date(2026, 6, 30)) is v1
    assert kaders.in_force(all_, "GM0599", dt.date(2026, 7, 1)) is v2
    assert kaders.in_force(all_, "GM0599", dt.date(2025, 12, 31)) is national
    assert kaders.in_force(all_, "GM0599", dt.date(2024, 12, 31)) is kaders.INGEBOUWD


# --- signals -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("geldig_tot", "drempel"),
    [
        (dt.date(2026, 9, 3), None),
        (dt.date(2026, 9, 2), 6),
        (dt.date(2026, 6, 2), 3),
        (dt.date(2026, 4, 2), 1),
        (dt.date(2026, 3, 2), 1),
        (dt.date(2026, 3, 1), None),  # already expired: the verdict says so, no reminder
    ],
)
def test_keurmerk_reminders_at_6_3_and_1_months(geldig_tot, drempel):
    assert rules.keurmerk_drempel(geldig_tot, dt.date(2026, 3, 2)) == drempel


def test_keurmerk_signal_goes_to_the_holder():
    s = rules.keurmerk_verloopt(
        keurmerk_id="k",
        schema="noloc",
        nummer="1",
        geldig_tot=dt.date(2026, 4, 1),
        status="actief",
        verificatie="geverifieerd",
        vandaag=dt.date(2026, 3, 2),
        jobcoach="c",
    )
    assert (s.ontvanger_rol, s.jobcoach, s.sleutel) == ("jobcoach", "c", "keurmerk-verloopt:k:1")
    assert "Uw registratie Noloc Register Jobcoach (nummer 1) verloopt op 1 april 2026" in s.tekst
    withdrawn = rules.keurmerk_verloopt(
        keurmerk_id="k",
        schema="uwv",
        nummer="1",
        geldig_tot=dt.date(2026, 4, 1),
        status="ingetrokken",
        verificatie="geverifieerd",
        vandaag=dt.date(2026, 3, 2),
        organisatie="o",
    )
    assert withdrawn is None


def test_hours_budget_at_90_percent():
    common = dict(traject_id="t", gemeente="GM0599", referentie="R", jaar=1, maximaal=40.0)
    assert rules.urenbudget_bijna_op(**common, besteed=35.5) is None
    s = rules.urenbudget_bijna_op(**common, besteed=36.0)
    assert s.sleutel == "urenbudget-90:t:1" and "36 van 40 uur" in s.tekst


def test_traject_near_its_end():
    common = dict(
        traject_id="t", gemeente="GM0599", referentie="R", einddatum=dt.date(2028, 1, 4), verlengd=False
    )
    assert rules.traject_bijna_einde(**common, vandaag=dt.date(2027, 11, 4)) is None
    assert rules.traject_bijna_einde(**common, vandaag=dt.date(2027, 11, 5)) is not None
    assert rules.traject_bijna_einde(**common, vandaag=dt.date(2028, 1, 5)) is None


def test_self_assessment_nearly_a_year_old():
    common = dict(jobcoach="c", zelfevaluatie_id="z", vandaag=dt.date(2026, 3, 2))
    assert rules.zelfevaluatie_oud(**common, datum=dt.date(2025, 4, 3)) is None
    assert rules.zelfevaluatie_oud(**common, datum=dt.date(2025, 4, 2)).sleutel == "zelfevaluatie-oud:c:z"
    assert (
        rules.zelfevaluatie_oud(jobcoach="c", zelfevaluatie_id=None, datum=None, vandaag=dt.date(2026, 3, 2))
        is not None
    )


def test_complaint_and_finding_deadlines():
    klacht = dict(
        klacht_id="k",
        organisatie="o",
        ontvangen_op=dt.date(2026, 1, 1),
        bevestigd_op=None,
        afgehandeld_op=None,
        bevestiging_uiterlijk=dt.date(2026, 1, 6),
        afhandeling_uiterlijk=dt.date(2026, 2, 12),
    )
    assert rules.klacht_te_laat(**klacht, vandaag=dt.date(2026, 1, 6)) is None
    assert (
        rules.klacht_te_laat(**klacht, vandaag=dt.date(2026, 1, 7)).sleutel
        == "klacht-termijn:k:ontvangstbevestiging"
    )
    done = {**klacht, "bevestigd_op": dt.date(2026, 1, 2)}
    assert (
        rules.klacht_te_laat(**done, vandaag=dt.date(2026, 2, 13)).sleutel == "klacht-termijn:k:afhandeling"
    )
    finding = dict(
        bevinding_id="b",
        organisatie="o",
        gebied="privacy",
        deadline=dt.date(2026, 2, 1),
        audit_datum=dt.date(2025, 12, 1),
    )
    assert (
        rules.bevinding_te_laat(**finding, oordeel="major", afgerond=False, vandaag=dt.date(2026, 2, 2))
        is not None
    )
    assert (
        rules.bevinding_te_laat(**finding, oordeel="minor", afgerond=False, vandaag=dt.date(2026, 2, 2))
        is None
    )
    assert (
        rules.bevinding_te_laat(**finding, oordeel="major", afgerond=True, vandaag=dt.date(2026, 2, 2))
        is None
    )


# --- when a report can be submitted (issue #17) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("soort", "vervaldatum", "vanaf"),
    [
        (
            "begeleidingsplan",
            dt.date(2026, 2, 2),
            dt.date(2025, 12, 5),
        ),  # a month before the start (5 January)
        ("voortgangsrapportage", dt.date(2026, 4, 5), dt.date(2026, 3, 5)),
        ("eindverslag", dt.date(2028, 1, 4), dt.date(2027, 12, 4)),
        ("evaluatieverslag", dt.date(2026, 3, 31), dt.date(2026, 2, 28)),  # month end: 31 March - 1 month
    ],
)
def test_indienbaar_vanaf(soort, vervaldatum, vanaf):
    assert rapportages.indienbaar_vanaf(soort, vervaldatum) == vanaf
    assert not rapportages.indienbaar(soort, vervaldatum, None, vanaf - dt.timedelta(days=1))
    assert rapportages.indienbaar(soort, vervaldatum, None, vanaf)
    assert rapportages.indienbaar(soort, vervaldatum, None, vervaldatum + dt.timedelta(days=400))  # overdue
    assert not rapportages.indienbaar(soort, vervaldatum, vanaf, vervaldatum)  # submitted once


@given(
    start=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 1, 1)), dagen=st.integers(0, 900)
)
def test_timeline_puts_every_report_once_next_due_first(start, dagen):
    vandaag = start + dt.timedelta(days=dagen)
    plan = [
        {"soort": g.soort, "vervaldatum": g.vervaldatum, "ingediend_op": None}
        for g in rapportages.plan(start, start + dt.timedelta(days=730))
    ]
    # the first three of the schedule were submitted on their due date
    for r in plan[:3]:
        r["ingediend_op"] = r["vervaldatum"]
    nu, later, klaar = rapportages.volgorde_tijdlijn(plan, vandaag)
    assert sorted(map(id, nu + later + klaar)) == sorted(map(id, plan))
    assert klaar == sorted(plan[:3], key=lambda r: r["vervaldatum"], reverse=True)
    assert all(rapportages.indienbaar(r["soort"], r["vervaldatum"], None, vandaag) for r in nu)
    assert not any(rapportages.indienbaar(r["soort"], r["vervaldatum"], None, vandaag) for r in later)
    assert [r["vervaldatum"] for r in nu] == sorted(r["vervaldatum"] for r in nu)
    assert [r["vervaldatum"] for r in later] == sorted(r["vervaldatum"] for r in later)
    if nu and later:  # whatever is open now is due no later than what opens later
        assert nu[0]["vervaldatum"] <= later[0]["vervaldatum"]
