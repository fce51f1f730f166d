"""The qualification verdict as a pure rule: table-driven cases with the seed letter's demands (HBO,
a personal register, 20 hours of scholing a year, peer review, self-assessment, the organisation's
keurmerk, klachtprocedure and quality arrangements), and hypothesis properties."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from register.rules import kader as kaders
from register.rules.feiten import (
    Borging,
    CoachFeiten,
    Dienstverband,
    Feiten,
    Keurmerk,
    Meting,
    Opleiding,
    OrganisatieFeiten,
    Scholing,
    Statusregel,
    Toetsing,
    Zelfevaluatie,
)
from register.rules.kwalificatie import beoordeel

D = dt.date(2026, 3, 2)
ORG = "org-1"


def moment(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def qualified() -> Feiten:
    """A coach and organisation that meet every criterion of the national kader on D."""
    coach = CoachFeiten(
        id="coach-1",
        registratienummer="JC-000123",
        statushistorie=(
            Statusregel("aangemeld", moment(dt.date(2025, 1, 6))),
            Statusregel("actief", moment(dt.date(2025, 1, 6), 10)),
        ),
        opleidingen=(Opleiding("opl-1", "hbo-diploma", dt.date(2012, 6, 30)),),
        keurmerken=(Keurmerk("km-1", "noloc", "123", dt.date(2023, 4, 1), dt.date(2027, 4, 1), "actief"),),
        dienstverbanden=(Dienstverband("dv-1", ORG, dt.date(2025, 1, 6), None, "in-dienst"),),
        scholingen=(Scholing("sch-1", dt.date(2025, 11, 15), 24.0),),
        toetsingen=(Toetsing("ict-1", dt.date(2025, 10, 1), "voldoende"),),
        zelfevaluaties=(Zelfevaluatie("ze-1", dt.date(2026, 1, 10), True),),
    )
    org = OrganisatieFeiten(
        id=ORG,
        naam="Werkfit",
        keurmerken=(
            Keurmerk("km-o", "blik-op-werk", "BOW-7", dt.date(2025, 1, 1), dt.date(2027, 1, 1), "actief"),
        ),
        kwaliteitsborging=tuple(
            Borging(
                f"kb-{g}", g, dt.date(2025, 1, 1), {"ontvangstbevestigingDagen": 5, "afhandelingWeken": 6}
            )
            for g in ("privacy", "continuiteit", "scholingsbeleid", "klachtprocedure")
        ),
        metingen=(Meting("m-1", dt.date(2025, 6, 1), dt.date(2025, 12, 31), 7.8, 40),),
    )
    return Feiten(coach=coach, organisatie=org)


def coach(**changes) -> Callable[[Feiten], Feiten]:
    return lambda f: dataclasses.replace(f, coach=dataclasses.replace(f.coach, **changes))


def org(**changes) -> Callable[[Feiten], Feiten]:
    return lambda f: dataclasses.replace(f, organisatie=dataclasses.replace(f.organisatie, **changes))


def kader(**criteria) -> kaders.Kader:
    return kaders.Kader("GM0599", 1, dt.date(2020, 1, 1), kaders.merge(kaders.STANDAARD, criteria))


NOLOC = Keurmerk("km-1", "noloc", "123", dt.date(2023, 4, 1), dt.date(2026, 2, 1), "actief")

# (name, change, kader, peildatum, criterion, voldaan, words in the explanation)
CASES = [
    ("all met", lambda f: f, None, D, "jobcoach-actief", True, "actief"),
    (
        "suspended before the peildatum",
        coach(
            statushistorie=(
                Statusregel("actief", moment(dt.date(2025, 1, 6))),
                Statusregel("geschorst", moment(dt.date(2026, 2, 1))),
            )
        ),
        None,
        D,
        "jobcoach-actief",
        False,
        "geschorst (sinds 1 februari 2026)",
    ),
    (
        "suspended a moment ago on the peildatum itself",
        coach(
            statushistorie=(
                Statusregel("actief", moment(dt.date(2025, 1, 6))),
                Statusregel("geschorst", moment(D, 9)),
            )
        ),
        None,
        D,
        "jobcoach-actief",
        False,
        "geschorst",
    ),
    (
        "suspended after a past peildatum: that day's status counts",
        coach(
            statushistorie=(
                Statusregel("actief", moment(dt.date(2025, 1, 6))),
                Statusregel("geschorst", moment(dt.date(2026, 2, 1))),
            )
        ),
        None,
        dt.date(2026, 1, 15),
        "jobcoach-actief",
        True,
        "actief",
    ),
    (
        "not yet admitted",
        coach(statushistorie=(Statusregel("aangemeld", moment(dt.date(2025, 1, 6))),)),
        None,
        D,
        "jobcoach-actief",
        False,
        "aangemeld",
    ),
    (
        "not yet registered on the peildatum",
        lambda f: f,
        None,
        dt.date(2024, 12, 1),
        "jobcoach-actief",
        False,
        "nog niet in het register",
    ),
    ("hbo diploma verified", lambda f: f, None, D, "hbo-niveau", True, "HBO-diploma van 30 juni 2012"),
    (
        "hbo werk- en denkniveau counts too",
        coach(opleidingen=(Opleiding("o", "hbo-werk-en-denkniveau", dt.date(2024, 5, 1)),)),
        None,
        D,
        "hbo-niveau",
        True,
        "werk- en denkniveau",
    ),
    (
        "hbo claim not verified does not count",
        coach(opleidingen=(Opleiding("o", "hbo-diploma", dt.date(2012, 6, 30), "ingediend"),)),
        None,
        D,
        "hbo-niveau",
        False,
        "nog niet geverifieerd",
    ),
    (
        "hbo claim rejected",
        coach(opleidingen=(Opleiding("o", "hbo-diploma", dt.date(2012, 6, 30), "afgewezen"),)),
        None,
        D,
        "hbo-niveau",
        False,
        "afgewezen",
    ),
    (
        "kader accepts only the diploma",
        coach(opleidingen=(Opleiding("o", "hbo-werk-en-denkniveau", dt.date(2024, 5, 1)),)),
        kader(**{"hbo-niveau": {"soorten": ["hbo-diploma"]}}),
        D,
        "hbo-niveau",
        False,
        "geen geverifieerd HBO-diploma",
    ),
    (
        "noloc valid",
        lambda f: f,
        None,
        D,
        "persoonsregister",
        True,
        "Noloc Register Jobcoach (nummer 123) is geldig tot en met 1 april 2027",
    ),
    (
        "noloc expired",
        coach(keurmerken=(NOLOC,)),
        None,
        D,
        "persoonsregister",
        False,
        "Noloc Register Jobcoach (nummer 123) is verlopen op 1 februari 2026.",
    ),
    (
        "noloc valid on its last day",
        coach(keurmerken=(NOLOC,)),
        None,
        dt.date(2026, 2, 1),
        "persoonsregister",
        True,
        "geldig tot en met 1 februari 2026",
    ),
    (
        "herregistratie in behandeling within the grace period",
        coach(keurmerken=(dataclasses.replace(NOLOC, status="herregistratie-in-behandeling"),)),
        None,
        D,
        "persoonsregister",
        True,
        "telt mee tot en met 2 mei 2026",
    ),
    (
        "herregistratie in behandeling past the grace period",
        coach(keurmerken=(dataclasses.replace(NOLOC, status="herregistratie-in-behandeling"),)),
        None,
        dt.date(2026, 5, 3),
        "persoonsregister",
        False,
        "termijn van 90 dagen",
    ),
    (
        "grace period from the kader",
        coach(keurmerken=(dataclasses.replace(NOLOC, status="herregistratie-in-behandeling"),)),
        kader(persoonsregister={"herregistratieDagen": 14}),
        D,
        "persoonsregister",
        False,
        "termijn van 14 dagen",
    ),
    (
        "suspended by the scheme",
        coach(keurmerken=(dataclasses.replace(NOLOC, geldig_tot=dt.date(2027, 1, 1), status="geschorst"),)),
        None,
        D,
        "persoonsregister",
        False,
        "geschorst door de registerhouder",
    ),
    (
        "claimed but not verified",
        coach(
            keurmerken=(dataclasses.replace(NOLOC, geldig_tot=dt.date(2027, 1, 1), verificatie="ingediend"),)
        ),
        None,
        D,
        "persoonsregister",
        False,
        "nog niet geverifieerd",
    ),
    (
        "nvs counts nationally",
        coach(
            keurmerken=(Keurmerk("n", "nvs", "NVS-9", dt.date(2022, 1, 1), dt.date(2027, 1, 1), "actief"),)
        ),
        None,
        D,
        "persoonsregister",
        True,
        "NVS / Nationaal Jobcoach Register (nummer NVS-9)",
    ),
    (
        "a gemeente that accepts only noloc",
        coach(
            keurmerken=(Keurmerk("n", "nvs", "NVS-9", dt.date(2022, 1, 1), dt.date(2027, 1, 1), "actief"),)
        ),
        kader(persoonsregister={"schemas": ["noloc"]}),
        D,
        "persoonsregister",
        False,
        "NVS / Nationaal Jobcoach Register telt in dit toetsingskader niet mee",
    ),
    (
        "no registration at all",
        coach(keurmerken=()),
        None,
        D,
        "persoonsregister",
        False,
        "geen Noloc Register Jobcoach of NVS / Nationaal Jobcoach Register",
    ),
    (
        "works for the organisation",
        lambda f: f,
        None,
        D,
        "dienstverband",
        True,
        "werkt op 2 maart 2026 voor Werkfit",
    ),
    (
        "dienstverband ended",
        coach(
            dienstverbanden=(
                Dienstverband("dv", ORG, dt.date(2025, 1, 6), dt.date(2026, 1, 31), "in-dienst"),
            )
        ),
        None,
        D,
        "dienstverband",
        False,
        "eindigde op 31 januari 2026",
    ),
    (
        "works for another organisation",
        coach(dienstverbanden=(Dienstverband("dv", "org-2", dt.date(2025, 1, 6), None, "in-dienst"),)),
        None,
        D,
        "dienstverband",
        False,
        "geen dienstverband met Werkfit",
    ),
    (
        "kader excludes zzp",
        coach(dienstverbanden=(Dienstverband("dv", ORG, dt.date(2025, 1, 6), None, "zzp"),)),
        kader(dienstverband={"soorten": ["in-dienst"]}),
        D,
        "dienstverband",
        False,
        "van de soort zzp",
    ),
    (
        "organisation keurmerk valid",
        lambda f: f,
        None,
        D,
        "organisatie-keurmerk",
        True,
        "Blik op Werk Keurmerk (nummer BOW-7)",
    ),
    (
        "kader asks for uwv only",
        lambda f: f,
        kader(**{"organisatie-keurmerk": {"schemas": ["uwv"]}}),
        D,
        "organisatie-keurmerk",
        False,
        "geen UWV-erkenning jobcoachorganisatie geregistreerd voor Werkfit (Blik op Werk Keurmerk telt",
    ),
    (
        "organisation suspended in the register",
        org(
            statushistorie=(
                Statusregel("actief", moment(dt.date(2024, 1, 1))),
                Statusregel("geschorst", moment(dt.date(2026, 2, 20))),
            )
        ),
        None,
        D,
        "organisatie-keurmerk",
        False,
        "geschorst in het register",
    ),
    ("24 hours of scholing", lambda f: f, None, D, "scholing", True, "24 geverifieerde scholingsuren"),
    (
        "exactly 20 hours is enough",
        coach(scholingen=(Scholing("s", dt.date(2025, 3, 3), 20.0),)),
        None,
        D,
        "scholing",
        True,
        "20 geverifieerde",
    ),
    (
        "19.5 hours is not",
        coach(scholingen=(Scholing("s", dt.date(2025, 11, 1), 19.5),)),
        None,
        D,
        "scholing",
        False,
        "Slechts 19,5 geverifieerde scholingsuren",
    ),
    (
        "scholing of exactly 12 months ago no longer counts",
        coach(scholingen=(Scholing("s", dt.date(2025, 3, 2), 24.0),)),
        None,
        D,
        "scholing",
        False,
        "Slechts 0",
    ),
    (
        "unverified hours do not count but are named",
        coach(
            scholingen=(
                Scholing("s", dt.date(2025, 11, 1), 12.0),
                Scholing("t", dt.date(2025, 12, 1), 12.0, "ingediend"),
            )
        ),
        None,
        D,
        "scholing",
        False,
        "Nog 12 uur wacht op verificatie",
    ),
    (
        "kader asks 30 hours",
        lambda f: f,
        kader(scholing={"urenMinimaal": 30}),
        D,
        "scholing",
        False,
        "minimaal 30 nodig",
    ),
    (
        "peer review voldoende",
        lambda f: f,
        None,
        D,
        "intercollegiale-toetsing",
        True,
        "Vastgestelde intercollegiale toetsing op 1 oktober 2025 met beoordeling voldoende",
    ),
    (
        "peer review onvoldoende",
        coach(toetsingen=(Toetsing("t", dt.date(2025, 10, 1), "onvoldoende"),)),
        None,
        D,
        "intercollegiale-toetsing",
        False,
        "had als beoordeling onvoldoende",
    ),
    (
        "peer review not locked",
        coach(toetsingen=(Toetsing("t", dt.date(2025, 10, 1), "voldoende", status="concept"),)),
        None,
        D,
        "intercollegiale-toetsing",
        False,
        "geen vastgestelde intercollegiale toetsing",
    ),
    (
        "peer review too old",
        coach(toetsingen=(Toetsing("t", dt.date(2024, 10, 1), "voldoende"),)),
        None,
        D,
        "intercollegiale-toetsing",
        False,
        "meer dan 12 maanden voor 2 maart 2026",
    ),
    ("self-assessment recent", lambda f: f, None, D, "zelfevaluatie", True, "10 januari 2026"),
    (
        "self-assessment incomplete",
        coach(zelfevaluaties=(Zelfevaluatie("z", dt.date(2026, 1, 10), False),)),
        None,
        D,
        "zelfevaluatie",
        False,
        "niet alle negen competenties",
    ),
    (
        "self-assessment 13 months old",
        coach(zelfevaluaties=(Zelfevaluatie("z", dt.date(2025, 2, 1), True),)),
        None,
        D,
        "zelfevaluatie",
        False,
        "meer dan 12 maanden",
    ),
    (
        "klachtprocedure in force",
        lambda f: f,
        None,
        D,
        "klachtprocedure",
        True,
        "binnen 5 dagen en afhandeling binnen 6 weken",
    ),
    (
        "klachtprocedure missing",
        org(
            kwaliteitsborging=tuple(
                b for b in qualified().organisatie.kwaliteitsborging if b.gebied != "klachtprocedure"
            )
        ),
        None,
        D,
        "klachtprocedure",
        False,
        "geen klachtenreglement en klachtprocedure",
    ),
    (
        "klachtprocedure starts later",
        org(kwaliteitsborging=(Borging("k", "klachtprocedure", dt.date(2026, 6, 1)),)),
        None,
        D,
        "klachtprocedure",
        False,
        "gaat pas in op 1 juni 2026",
    ),
    ("quality arrangements complete", lambda f: f, None, D, "kwaliteitsborging", True, "gemiddeld 7,8"),
    (
        "privacy missing",
        org(
            kwaliteitsborging=tuple(
                b for b in qualified().organisatie.kwaliteitsborging if b.gebied != "privacy"
            )
        ),
        None,
        D,
        "kwaliteitsborging",
        False,
        "niet van kracht: privacy (AVG)",
    ),
    (
        "no satisfaction measurement",
        org(metingen=()),
        None,
        D,
        "kwaliteitsborging",
        False,
        "geen klanttevredenheidsmeting",
    ),
    (
        "uwv norm of 6.5 from the kader",
        org(metingen=(Meting("m", dt.date(2025, 6, 1), dt.date(2025, 12, 31), 6.2),)),
        kader(kwaliteitsborging={"minimaleScore": 6.5}),
        D,
        "kwaliteitsborging",
        False,
        "onder het minimum van 6,5",
    ),
]


@pytest.mark.parametrize(
    ("name", "change", "the_kader", "peildatum", "code", "voldaan", "words"), CASES, ids=[c[0] for c in CASES]
)
def test_criterion(name, change, the_kader, peildatum, code, voldaan, words):
    oordeel = beoordeel(change(qualified()), the_kader or kaders.INGEBOUWD, peildatum)
    regel = oordeel.regel(code)
    assert regel.voldaan is voldaan, regel.toelichting
    assert words in regel.toelichting
    assert oordeel.gekwalificeerd is all(r.voldaan for r in oordeel.criteria if r.vereist)


def test_all_met_gives_ten_lines_in_order_with_evidence():
    oordeel = beoordeel(qualified(), kaders.INGEBOUWD, D)
    assert oordeel.gekwalificeerd
    assert [r.code for r in oordeel.criteria] == list(kaders.CRITERIA)
    assert all(r.vereist and r.voldaan for r in oordeel.criteria)
    bewijs = oordeel.regel("persoonsregister").bewijs
    assert bewijs == (
        {
            "soort": "keurmerk",
            "id": "km-1",
            "schema": "noloc",
            "nummer": "123",
            "status": "actief",
            "geldigTot": "2027-04-01",
        },
    )


def test_expired_registration_names_the_keurmerk_as_evidence():
    regel = beoordeel(coach(keurmerken=(NOLOC,))(qualified()), kaders.INGEBOUWD, D).regel("persoonsregister")
    assert regel.bewijs[0]["id"] == "km-1" and regel.bewijs[0]["geldigTot"] == "2026-02-01"


def test_a_criterion_that_is_not_required_does_not_decide():
    relaxed = kader(scholing={"vereist": False})
    oordeel = beoordeel(coach(scholingen=())(qualified()), relaxed, D)
    line = oordeel.regel("scholing")
    assert (line.vereist, line.voldaan) == (False, False)
    assert oordeel.gekwalificeerd


# --- properties --------------------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2027, 12, 31))
verificaties = st.sampled_from(["geverifieerd", "geverifieerd", "ingediend", "afgewezen"])
ids = st.uuids().map(str)

keurmerk_st = st.builds(
    Keurmerk,
    id=ids,
    schema=st.sampled_from(["noloc", "nvs", "blik-op-werk", "oval", "uwv"]),
    nummer=st.just("K"),
    ingangsdatum=dates,
    geldig_tot=dates,
    status=st.sampled_from(
        ["aangevraagd", "actief", "herregistratie-in-behandeling", "geschorst", "ingetrokken"]
    ),
    verificatie=verificaties,
)
coach_st = st.builds(
    CoachFeiten,
    id=st.just("coach-1"),
    registratienummer=st.just("JC-000001"),
    statushistorie=st.lists(
        st.builds(
            Statusregel,
            status=st.sampled_from(["aangemeld", "actief", "geschorst"]),
            vanaf=st.datetimes(
                min_value=dt.datetime(2021, 1, 1),
                max_value=dt.datetime(2027, 12, 31),
                timezones=st.just(dt.UTC),
            ),
        ),
        max_size=3,
    ).map(tuple),
    opleidingen=st.lists(
        st.builds(
            Opleiding,
            id=ids,
            soort=st.sampled_from(["hbo-diploma", "hbo-werk-en-denkniveau"]),
            datum=dates,
            verificatie=verificaties,
        ),
        max_size=2,
    ).map(tuple),
    keurmerken=st.lists(keurmerk_st, max_size=3).map(tuple),
    dienstverbanden=st.lists(
        st.builds(
            Dienstverband,
            id=ids,
            organisatie=st.sampled_from([ORG, "org-2"]),
            van=dates,
            tot=st.none() | dates,
            soort=st.sampled_from(["in-dienst", "zzp", "inhuur"]),
        ),
        max_size=2,
    ).map(tuple),
    scholingen=st.lists(
        st.builds(
            Scholing,
            id=ids,
            datum=dates,
            uren=st.floats(min_value=0.5, max_value=40),
            verificatie=verificaties,
        ),
        max_size=4,
    ).map(tuple),
    toetsingen=st.lists(
        st.builds(
            Toetsing,
            id=ids,
            datum=dates,
            beoordeling=st.sampled_from(["voldoende", "onvoldoende", "niet-beoordeeld"]),
            status=st.sampled_from(["vastgesteld", "concept"]),
        ),
        max_size=2,
    ).map(tuple),
    zelfevaluaties=st.lists(
        st.builds(Zelfevaluatie, id=ids, datum=dates, volledig=st.booleans()), max_size=2
    ).map(tuple),
)
org_st = st.builds(
    OrganisatieFeiten,
    id=st.just(ORG),
    naam=st.just("Werkfit"),
    keurmerken=st.lists(keurmerk_st, max_size=3).map(tuple),
    kwaliteitsborging=st.lists(
        st.builds(
            Borging,
            id=ids,
            gebied=st.sampled_from(["privacy", "continuiteit", "scholingsbeleid", "klachtprocedure"]),
            ingangsdatum=dates,
        ),
        max_size=5,
    ).map(tuple),
    metingen=st.lists(
        st.builds(
            Meting,
            id=ids,
            periode_van=dates,
            periode_tot=dates,
            gemiddelde_score=st.floats(min_value=1, max_value=10),
        ),
        max_size=2,
    ).map(tuple),
)
feiten_st = st.builds(Feiten, coach=coach_st, organisatie=org_st)
kader_st = st.builds(
    lambda scholing, schemas, dagen, vereist: kader(
        scholing={"urenMinimaal": scholing, "vereist": vereist},
        persoonsregister={"schemas": schemas, "herregistratieDagen": dagen},
    ),
    st.sampled_from([0, 10, 20, 40]),
    st.sampled_from([["noloc"], ["nvs"], ["noloc", "nvs"]]),
    st.integers(min_value=0, max_value=120),
    st.booleans(),
) | st.just(kaders.INGEBOUWD)
peildata = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2027, 6, 30))

CLAIM_FIELDS = {
    "coach": ("opleidingen", "keurmerken", "dienstverbanden", "scholingen", "toetsingen", "zelfevaluaties"),
    "organisatie": ("keurmerken", "kwaliteitsborging", "metingen"),
}


def remove_some(feiten: Feiten, data) -> Feiten:
    """The same facts with an arbitrary subset of the claims left out (status histories kept)."""
    parts = {}
    for side, names in CLAIM_FIELDS.items():
        holder = getattr(feiten, side)
        changes = {}
        for name in names:
            items = getattr(holder, name)
            keep = data.draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items)))
            changes[name] = tuple(x for x, k in zip(items, keep, strict=True) if k)
        parts[side] = dataclasses.replace(holder, **changes)
    return Feiten(**parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feiten=feiten_st, the_kader=kader_st, peildatum=peildata, data=st.data())
def test_removing_facts_never_turns_a_verdict_true(feiten, the_kader, peildatum, data):
    full = beoordeel(feiten, the_kader, peildatum)
    fewer = beoordeel(remove_some(feiten, data), the_kader, peildatum)
    for before, after in zip(full.criteria, fewer.criteria, strict=True):
        assert not (after.voldaan and not before.voldaan), (after.code, after.toelichting, before.toelichting)
    assert not (fewer.gekwalificeerd and not full.gekwalificeerd)


def only_verified(feiten: Feiten) -> Feiten:
    c, o = feiten.coach, feiten.organisatie
    return Feiten(
        coach=dataclasses.replace(
            c,
            opleidingen=tuple(x for x in c.opleidingen if x.verificatie == "geverifieerd"),
            keurmerken=tuple(x for x in c.keurmerken if x.verificatie == "geverifieerd"),
            scholingen=tuple(x for x in c.scholingen if x.verificatie == "geverifieerd"),
            toetsingen=tuple(x for x in c.toetsingen if x.status == "vastgesteld"),
        ),
        organisatie=dataclasses.replace(
            o, keurmerken=tuple(x for x in o.keurmerken if x.verificatie == "geverifieerd")
        ),
    )


@settings(max_examples=300, deadline=None)
@given(feiten=feiten_st, the_kader=kader_st, peildatum=peildata)
def test_only_verified_facts_count(feiten, the_kader, peildatum):
    with_claims = beoordeel(feiten, the_kader, peildatum)
    verified = beoordeel(only_verified(feiten), the_kader, peildatum)
    assert [r.voldaan for r in with_claims.criteria] == [r.voldaan for r in verified.criteria]


@settings(max_examples=200, deadline=None)
@given(feiten=feiten_st, the_kader=kader_st, peildatum=peildata)
def test_verdict_shape(feiten, the_kader, peildatum):
    oordeel = beoordeel(feiten, the_kader, peildatum)
    assert [r.code for r in oordeel.criteria] == list(kaders.CRITERIA)
    assert oordeel.gekwalificeerd == all(r.voldaan for r in oordeel.criteria if r.vereist)
    assert all(r.toelichting.strip() for r in oordeel.criteria)
    # evidence is never an unverified claim
    for r in oordeel.criteria:
        for b in r.bewijs:
            if b["soort"] in ("keurmerk", "opleiding", "scholing"):
                claims = {
                    "keurmerk": (*feiten.coach.keurmerken, *feiten.organisatie.keurmerken),
                    "opleiding": feiten.coach.opleidingen,
                    "scholing": feiten.coach.scholingen,
                }[b["soort"]]
                assert any(c.id == b["id"] and c.verificatie == "geverifieerd" for c in claims)


@settings(max_examples=200, deadline=None)
@given(feiten=feiten_st, peildatum=peildata, code=st.sampled_from(kaders.CRITERIA))
def test_relaxing_a_criterion_never_disqualifies(feiten, peildatum, code):
    strict = beoordeel(feiten, kaders.INGEBOUWD, peildatum)
    relaxed = beoordeel(feiten, kader(**{code: {"vereist": False}}), peildatum)
    assert not (strict.gekwalificeerd and not relaxed.gekwalificeerd)
