"""Pure rules about an organisation's quality arrangements (no I/O)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from register.rules.historie import geldend_op


def keurmerk_verlopen(geldig_tot: dt.date, on: dt.date) -> bool:
    """`verlopen` is derived from the end date, never stored."""
    return geldig_tot < on


def in_force(versions: list[dict[str, Any]], gebied: str, on: dt.date) -> dict[str, Any] | None:
    """The newest version of an area whose ingangsdatum is on or before `on`."""
    return geldend_op(
        [v for v in versions if v["gebied"] == gebied],
        on,
        begin=lambda v: v["ingangsdatum"],
        volgorde=lambda v: v["vastgelegd_op"],
    )


def klacht_termijnen(
    ontvangen_op: dt.date, procedure: dict[str, Any] | None
) -> tuple[dt.date | None, dt.date | None]:
    """Deadlines for acknowledgement and decision from the klachtprocedure in force."""
    if not procedure:
        return None, None
    gegevens = procedure.get("gegevens") or {}
    dagen = gegevens.get("ontvangstbevestigingDagen")
    weken = gegevens.get("afhandelingWeken")
    bevestiging = ontvangen_op + dt.timedelta(days=int(dagen)) if dagen else None
    afhandeling = ontvangen_op + dt.timedelta(weeks=int(weken)) if weken else None
    return bevestiging, afhandeling


def klacht_status(klacht: dict[str, Any]) -> str:
    if klacht.get("afgehandeld_op"):
        return "afgehandeld"
    if klacht.get("bevestigd_op"):
        return "in-behandeling"
    return "ontvangen"


def klacht_te_laat(
    klacht: dict[str, Any], bevestiging: dt.date | None, afhandeling: dt.date | None, today: dt.date
) -> bool:
    if not klacht.get("bevestigd_op") and bevestiging and today > bevestiging:
        return True
    return bool(not klacht.get("afgehandeld_op") and afhandeling and today > afhandeling)
