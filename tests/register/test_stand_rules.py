"""The coach's standing on the national kader line by line (register/rules/stand.py): met, waiting for an
auditor, not met with the next step; and scholing hours apart per verification state. Table-driven cases
at a fixed date, and hypothesis properties tying the standing to the verdict itself."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from register.rules import kader as kaders
from register.rules.feiten import (
    CoachFeiten,
    Keurmerk,
    Opleiding,
    Scholing,
    Statusregel,
    Toetsing,
    Zelfevaluatie,
)
from register.rules.kwalificatie import beoordeel_persoonsgebonden, scholingsuren_per_verificatie
from register.rules.stand import als_beoordeeld, stand
from register.vocabulary import PERSOONSGEBONDEN_CRITERIA

D = dt.date(2026, 3, 2)
KADER = kaders.INGEBOUWD


def coach(**changes) -> CoachFeiten:
    """A coach meeting every coach-level criterion on D, changed by `changes`."""
    base = CoachFeiten(
        id="coach-1",
        registratienummer="JC-000123",
        statushistorie=(Statusregel("actief", dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC)),),
        opleidingen=(Opleiding("opl-1", "hbo-diploma", dt.date(2012, 6, 30)),),
        keurmerken=(Keurmerk("km-1", "noloc", "1", dt.date(2023, 4, 1), dt.date(2027, 4, 1), "actief"),),
        scholingen=(Scholing("sch-1", dt.date(2025, 11, 15), 24.0),),
        toetsingen=(Toetsing("ict-1", dt.date(2025, 10, 1), "voldoende"),),
        zelfevaluaties=(Zelfevaluatie("ze-1", dt.date(2026, 1, 10), True),),
    )
    return dataclasses.replace(base, **changes)


def standen(c: CoachFeiten) -> dict[str, str]:
    return {lijn.regel.code: lijn.stand for lijn in stand(c, KADER, D)}


def test_a_coach_meeting_everything_has_six_lines_met_without_next_steps():
    lijnen = stand(coach(), KADER, D)
    assert [lijn.regel.code for lijn in lijnen] == list(PERSOONSGEBONDEN_CRITERIA)
    assert {lijn.stand for lijn in lijnen} == {"voldaan"}
    assert all(lijn.volgende_stap is None for lijn in lijnen)


CASES = [
    # (name, changes, criterion, stand, words in the next step, page)
    (
        "unverified registration waits for the auditor",
        {
            "keurmerken": (
                Keurmerk("k", "noloc", "2", dt.date(2025, 1, 1), dt.date(2029, 1, 1), "actief", "ingediend"),
            )
        },
        "persoonsregister",
        "in-behandeling",
        "auditor beoordeelt",
        "",
    ),
    (
        "rejected registration is not met",
        {
            "keurmerken": (
                Keurmerk("k", "noloc", "2", dt.date(2025, 1, 1), dt.date(2029, 1, 1), "actief", "afgewezen"),
            )
        },
        "persoonsregister",
        "niet-voldaan",
        "Noloc of NVS",
        "keurmerken",
    ),
    ("no HBO at all", {"opleidingen": ()}, "hbo-niveau", "niet-voldaan", "HBO-diploma", "opleidingen"),
    (
        "HBO waiting",
        {"opleidingen": (Opleiding("o", "hbo-diploma", dt.date(2012, 6, 30), "ingediend"),)},
        "hbo-niveau",
        "in-behandeling",
        "niets te doen",
        "",
    ),
    (
        "scholing short by the hours neither verified nor waiting",
        {
            "scholingen": (
                Scholing("a", dt.date(2025, 11, 1), 8.0),
                Scholing("b", dt.date(2025, 12, 1), 5.5, "ingediend"),
                Scholing("c", dt.date(2025, 12, 2), 6.5, "afgewezen"),
            )
        },
        "scholing",
        "niet-voldaan",
        "nog 6,5 uur",
        "scholing",
    ),
    (
        "scholing met once the waiting hours are verified",
        {
            "scholingen": (
                Scholing("a", dt.date(2025, 11, 1), 8.0),
                Scholing("b", dt.date(2025, 12, 1), 12.0, "ingediend"),
            )
        },
        "scholing",
        "in-behandeling",
        "auditor",
        "",
    ),
    (
        "toetsing in concept waits for the auditor to lock it",
        {"toetsingen": (Toetsing("t", dt.date(2025, 10, 1), "voldoende", "concept"),)},
        "intercollegiale-toetsing",
        "in-behandeling",
        "auditor",
        "",
    ),
    (
        "toetsing judged onvoldoende is not met",
        {"toetsingen": (Toetsing("t", dt.date(2025, 10, 1), "onvoldoende"),)},
        "intercollegiale-toetsing",
        "niet-voldaan",
        "intercollegiale toetsing",
        "/mijn-toetsingen",
    ),
    (
        "self-assessment too old",
        {"zelfevaluaties": (Zelfevaluatie("z", dt.date(2024, 1, 10), True),)},
        "zelfevaluatie",
        "niet-voldaan",
        "negen competenties",
        "zelfevaluatie",
    ),
    (
        "suspended coach",
        {
            "statushistorie": (
                Statusregel("actief", dt.datetime(2025, 1, 6, tzinfo=dt.UTC)),
                Statusregel("geschorst", dt.datetime(2026, 2, 1, tzinfo=dt.UTC)),
            )
        },
        "jobcoach-actief",
        "niet-voldaan",
        "beheerder",
        "",
    ),
]


@pytest.mark.parametrize(
    ("name", "changes", "code", "verwacht", "woorden", "pagina"), CASES, ids=[c[0] for c in CASES]
)
def test_line(name, changes, code, verwacht, woorden, pagina):
    lijn = next(lijn for lijn in stand(coach(**changes), KADER, D) if lijn.regel.code == code)
    assert lijn.stand == verwacht
    assert woorden in lijn.volgende_stap
    assert lijn.pagina == pagina
    # the other lines are untouched by the change
    assert {c: s for c, s in standen(coach(**changes)).items() if c != code} == {
        c: "voldaan" for c in PERSOONSGEBONDEN_CRITERIA if c != code
    }


def test_hours_apart_per_verification_state_never_summed():
    scholingen = (
        Scholing("a", dt.date(2025, 11, 1), 18.0),
        Scholing("b", dt.date(2025, 12, 1), 6.0, "ingediend"),
        Scholing("c", dt.date(2025, 12, 2), 6.5, "afgewezen"),
        Scholing("d", dt.date(2024, 12, 2), 40.0),  # outside the 12 months
    )
    assert scholingsuren_per_verificatie(scholingen, D, 12) == {
        "geverifieerd": 18.0,
        "ingediend": 6.0,
        "afgewezen": 6.5,
    }
    assert scholingsuren_per_verificatie((), D, 12) == {
        "geverifieerd": 0.0,
        "ingediend": 0.0,
        "afgewezen": 0.0,
    }


verificaties = st.sampled_from(["geverifieerd", "ingediend", "afgewezen"])
dates = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2026, 3, 2))
coach_st = st.builds(
    coach,
    opleidingen=st.lists(
        st.builds(
            Opleiding, id=st.just("o"), soort=st.just("hbo-diploma"), datum=dates, verificatie=verificaties
        ),
        max_size=2,
    ).map(tuple),
    keurmerken=st.lists(
        st.builds(
            Keurmerk,
            id=st.text("abc", min_size=1, max_size=3),
            schema=st.sampled_from(["noloc", "nvs"]),
            nummer=st.just("1"),
            ingangsdatum=dates,
            geldig_tot=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 1, 1)),
            status=st.sampled_from(["actief", "herregistratie-in-behandeling", "geschorst"]),
            verificatie=verificaties,
        ),
        max_size=2,
    ).map(tuple),
    scholingen=st.lists(
        st.builds(
            Scholing,
            id=st.text("xyz", min_size=1, max_size=3),
            datum=dates,
            uren=st.floats(0.5, 30),
            verificatie=verificaties,
        ),
        max_size=4,
    ).map(tuple),
    toetsingen=st.lists(
        st.builds(
            Toetsing,
            id=st.just("t"),
            datum=dates,
            beoordeling=st.sampled_from(["voldoende", "onvoldoende"]),
            status=st.sampled_from(["vastgesteld", "concept"]),
        ),
        max_size=2,
    ).map(tuple),
)


@given(c=coach_st)
def test_met_exactly_when_the_verdict_meets_it(c):
    oordeel = beoordeel_persoonsgebonden(c, KADER, D)
    for lijn in stand(c, KADER, D):
        assert (lijn.stand == "voldaan") == oordeel.regel(lijn.regel.code).voldaan
        assert (lijn.volgende_stap is None) == (lijn.stand == "voldaan")


@given(c=coach_st)
def test_nothing_waits_for_an_auditor_when_nothing_was_handed_in(c):
    judged = als_beoordeeld(c)
    assert all(lijn.stand != "in-behandeling" for lijn in stand(judged, KADER, D))


def test_warnings_before_registering_a_traject():
    """Issue #17 point 6: only 'not active' and 'does not work for the organisation' on the start date."""
    from register.rules.feiten import Dienstverband, Feiten, OrganisatieFeiten
    from register.rules.kwalificatie import waarschuwingen_bij_registratie

    org = OrganisatieFeiten(id="org-1", naam="Werkfit")
    werkt = (Dienstverband("dv", "org-1", dt.date(2025, 1, 6), None),)

    def codes(c: CoachFeiten) -> list[str]:
        return [r.code for r in waarschuwingen_bij_registratie(Feiten(coach=c, organisatie=org), KADER, D)]

    assert codes(coach(dienstverbanden=werkt)) == []
    assert codes(coach(dienstverbanden=werkt, scholingen=())) == []  # other criteria never warn here
    assert codes(coach()) == ["dienstverband"]
    geschorst = (
        Statusregel("actief", dt.datetime(2025, 1, 6, tzinfo=dt.UTC)),
        Statusregel("geschorst", dt.datetime(2026, 2, 1, tzinfo=dt.UTC)),
    )
    assert codes(coach(dienstverbanden=werkt, statushistorie=geschorst)) == ["jobcoach-actief"]
    ended = (Dienstverband("dv", "org-1", dt.date(2025, 1, 6), dt.date(2026, 1, 31)),)
    regels = waarschuwingen_bij_registratie(
        Feiten(coach=coach(dienstverbanden=ended), organisatie=org), KADER, D
    )
    assert "eindigde op 31 januari 2026" in regels[0].toelichting
