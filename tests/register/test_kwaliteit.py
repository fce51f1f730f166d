"""Pure rules about organisations' quality arrangements."""

import datetime as dt

from register import kwaliteit

D = dt.date


def test_verlopen_is_derived_from_end_date():
    assert not kwaliteit.keurmerk_verlopen(D(2026, 11, 23), D(2026, 11, 23))
    assert kwaliteit.keurmerk_verlopen(D(2026, 11, 22), D(2026, 11, 23))


def version(gebied, ingang, vastgelegd=1):
    return {"gebied": gebied, "ingangsdatum": ingang, "vastgelegd_op": vastgelegd, "gegevens": {}}


def test_in_force_takes_newest_started_version():
    versions = [
        version("privacy", D(2025, 1, 1)),
        version("privacy", D(2026, 6, 1), 2),
        version("continuiteit", D(2020, 1, 1)),
    ]
    assert kwaliteit.in_force(versions, "privacy", D(2026, 1, 1))["ingangsdatum"] == D(2025, 1, 1)
    assert kwaliteit.in_force(versions, "privacy", D(2026, 7, 1))["ingangsdatum"] == D(2026, 6, 1)
    assert kwaliteit.in_force(versions, "privacy", D(2024, 1, 1)) is None


def test_complaint_deadlines_and_lateness():
    procedure = {"gegevens": {"ontvangstbevestigingDagen": 5, "afhandelingWeken": 6}}
    bevestiging, afhandeling = kwaliteit.klacht_termijnen(D(2026, 1, 1), procedure)
    assert bevestiging == D(2026, 1, 6)
    assert afhandeling == D(2026, 2, 12)
    klacht = {"bevestigd_op": None, "afgehandeld_op": None}
    assert not kwaliteit.klacht_te_laat(klacht, bevestiging, afhandeling, D(2026, 1, 6))
    assert kwaliteit.klacht_te_laat(klacht, bevestiging, afhandeling, D(2026, 1, 7))
    klacht = {"bevestigd_op": D(2026, 1, 3), "afgehandeld_op": None}
    assert not kwaliteit.klacht_te_laat(klacht, bevestiging, afhandeling, D(2026, 2, 12))
    assert kwaliteit.klacht_te_laat(klacht, bevestiging, afhandeling, D(2026, 2, 13))
    assert (
        kwaliteit.klacht_status({"bevestigd_op": D(2026, 1, 3), "afgehandeld_op": None}) == "in-behandeling"
    )
    assert kwaliteit.klacht_termijnen(D(2026, 1, 1), None) == (None, None)
