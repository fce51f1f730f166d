"""The aanvraag's pure rules (register.rules.aanvraag) and the maintained list of diagnosis terms."""

from __future__ import annotations

import datetime as dt

import pytest

from register import validators
from register.rules import aanvraag as regels

START = dt.date(2026, 4, 1)


def _doel(**overrides):
    doel = {
        "omschrijving": "Werkt zelfstandig een ochtenddienst af",
        "indicator": "ochtenddiensten per week zonder hulp",
        "streefwaarde": "4",
        "streefdatum": dt.date(2026, 9, 1),
        "kernactiviteit": "training-on-the-job",
        "betreft": "werknemer",
    }
    doel.update(overrides)
    return doel


def _aanvraag(**overrides):
    body = {
        "werkgever": "Bakkerij",
        "regime": "licht",
        "regimeMotivatie": "Korte inwerkperiode volstaat",
        "contracturen": 20.0,
        "gewensteStartdatum": START,
        "positie": "met-uitkering",
        "werknemerprofiel": {k: "ingevuld" for k, _ in regels.WERKNEMERPROFIEL},
        "werkprofiel": {k: "ingevuld" for k, _ in regels.WERKPROFIEL},
        "match": {"ondersteuningsbehoefte": "structuur", "kloof": "planning", "coachingsdoelen": [_doel()]},
    }
    body.update(overrides)
    return body


def test_a_complete_smart_aanvraag_has_no_gaps():
    assert regels.gebreken(_aanvraag()) == []


def test_every_gap_is_listed_at_once():
    found = regels.gebreken(
        _aanvraag(
            regimeMotivatie="",
            werkprofiel={},
            match={
                "ondersteuningsbehoefte": "structuur",
                "kloof": "",
                "ondersteuningWerkgever": "ploegleider kondigt wijzigingen aan",
                "coachingsdoelen": [
                    _doel(omschrijving="beter werken", indicator=" ", streefdatum=None),
                    _doel(streefdatum=dt.date(2028, 4, 1), kernactiviteit="", betreft=None),
                ],
            },
        )
    )
    velden = [g.veld for g in found]
    assert "regimeMotivatie" in velden
    assert {f"werkprofiel.{k}" for k, _ in regels.WERKPROFIEL} <= set(velden)
    assert "match.kloof" in velden
    assert {
        "match.coachingsdoelen[0].omschrijving",
        "match.coachingsdoelen[0].indicator",
        "match.coachingsdoelen[0].streefdatum",
        "match.coachingsdoelen[1].streefdatum",
        "match.coachingsdoelen[1].kernactiviteit",
        "match.coachingsdoelen[1].betreft",
        "match.coachingsdoelen",
    } <= set(velden)


def test_target_date_on_the_last_day_of_the_period_is_inside():
    van, tot = regels.periode(START)
    assert (van, tot) == (START, dt.date(2028, 3, 31))
    assert (
        regels.gebreken(
            _aanvraag(match={**_aanvraag()["match"], "coachingsdoelen": [_doel(streefdatum=tot)]})
        )
        == []
    )
    late = regels.gebreken(
        _aanvraag(
            match={**_aanvraag()["match"], "coachingsdoelen": [_doel(streefdatum=tot + dt.timedelta(days=1))]}
        )
    )
    assert [g.veld for g in late] == ["match.coachingsdoelen[0].streefdatum"]


@pytest.mark.parametrize(
    ("omschrijving", "vaag"),
    [
        ("beter werken", True),
        ("meer zelfstandig worden", True),
        ("Werkt zelfstandig een ochtenddienst af", False),
        ("Kondigt wijzigingen in de planning een dag vooraf aan", False),
    ],
)
def test_vague_descriptions(omschrijving, vaag):
    found = regels.gebreken(
        _aanvraag(match={**_aanvraag()["match"], "coachingsdoelen": [_doel(omschrijving=omschrijving)]})
    )
    assert bool(found) is vaag


def test_lifecycle():
    assert regels.mag_naar("concept", "ingediend")
    assert regels.mag_naar("aanvulling-gevraagd", "ingediend")
    assert regels.mag_naar("in-behandeling", "toegekend")
    assert not regels.mag_naar("concept", "toegekend")
    assert not regels.mag_naar("toegekend", "ingetrokken")
    assert not regels.mag_naar("afgewezen", "ingediend")


def test_beslistermijn_and_extension():
    assert regels.beslistermijn(dt.date(2026, 3, 2)) == dt.date(2026, 4, 27)
    assert regels.beslistermijn(dt.date(2026, 3, 2), 4) == dt.date(2026, 5, 25)
    assert regels.verdaging_fout(False, 4, "advies nodig") == []
    assert {g.veld for g in regels.verdaging_fout(True, 0, "")} == {"weken", "reden"}
    assert not regels.termijn_verstreken("ingediend", dt.date(2026, 4, 27), dt.date(2026, 4, 27))
    assert regels.termijn_verstreken("ingediend", dt.date(2026, 4, 27), dt.date(2026, 4, 28))
    assert not regels.termijn_verstreken("toegekend", dt.date(2026, 4, 27), dt.date(2026, 5, 28))


# --- the diagnosis terms -------------------------------------------------------------------------------


def test_the_term_file_is_a_clean_sorted_list():
    termen = validators.diagnosetermen()
    assert len(termen) >= 30
    assert list(termen) == sorted(termen, key=str.lower)
    assert len({t.lower() for t in termen}) == len(termen)
    assert all(t == t.strip() and not t.startswith("#") for t in termen)


@pytest.mark.parametrize(
    ("tekst", "term"),
    [
        ("Heeft autisme", "autisme"),
        ("Sinds de DEPRESSIE minder energie", "depressie"),
        ("ptss na een ongeval", "PTSS"),
        ("Kent een niet-aangeboren hersenletsel", "niet-aangeboren hersenletsel"),
        # abbreviations and word forms (the tester's cases)
        ("Bekend met ASS", "ASS"),
        ("Heeft autistische trekken", "autisti*"),
        ("Is autistisch", "autisti*"),
        ("Een licht verstandelijke beperking", "verstandelijke beperking"),
        ("verstandelijke\nbeperking", "verstandelijke beperking"),
        ("IQ 65, leert door voordoen", "IQ"),
        ("Heeft een LVB-indicatie", "LVB"),
    ],
)
def test_a_diagnosis_is_refused_with_the_uwv_message(tekst, term):
    reason = validators.check_geen_diagnose(tekst)
    assert reason is not None
    assert term in reason
    assert reason.endswith("beschrijf wat iemand wel en niet kan in het werk, niet de diagnose")


@pytest.mark.parametrize(
    "tekst",
    [
        "Raakt het overzicht kwijt bij onverwachte wijzigingen",
        "Kan twee uur achter elkaar geconcentreerd werken",
        "Reumatische klachten? Nee: tilt niet meer dan tien kilo",  # a term inside a longer word is no match
        "Past de assemblage van fietsen aan; werkt in de klasse van de opleiding",  # ASS inside words
        "Leert het liefst door voordoen en herhalen; kan drie taken na elkaar",
    ],
)
def test_functioning_is_fine(tekst):
    assert validators.check_geen_diagnose(tekst) is None
    assert validators.check_geen_geboortedatum(tekst) is None


@pytest.mark.parametrize(
    "tekst", ["Geboren op 12-03-1990 in Delft", "geboren: 1/2/1985", "Geboren 03.04.2001"]
)
def test_a_date_of_birth_is_refused(tekst):
    reason = validators.check_geen_geboortedatum(tekst)
    assert reason is not None and "geboortedatum" in reason


def test_a_date_without_geboren_is_fine():
    assert validators.check_geen_geboortedatum("Start op 01-04-2026 in de bakkerij") is None


def test_a_goal_id_that_looks_like_a_bsn_is_no_bsn():
    """A goal's id in a report is a UUID; its digits (11122233-3...) can pass the 11-test and must not be
    refused as a BSN, while the same number in a text still is (found by a flaky page test)."""
    from register.services.doelen import _tekstfouten

    doel = "11122233-3000-4000-8000-000000000000"
    assert _tekstfouten({"doelen": [{"doel": doel, "toelichting": "Op schema"}]}) == []
    [fout] = _tekstfouten({"doelen": [{"doel": doel, "toelichting": "BSN 111222333"}]})
    assert fout.name == "doelen[0].toelichting"
