"""Which verification a funding decision may rest on, and which verdict is a traject's current one (pure).

Source: DOMAIN.md, "Consent, access and history": a funding decision must rest on the current verdict
(peildatum today or the traject's start), and not on a verification that a newer one for the same or a
later date contradicts; issue 12, part 5 (cases 6 and 8). Dates come in as parameters; `vandaag` is the
register's today (Europe/Amsterdam).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from register.opmaak import datum, tijdstip


@dataclass(frozen=True)
class Controle:
    """A stored verification as far as these rules need it: its peildatum, verdict and creation moment
    (UTC)."""

    id: str
    peildatum: dt.date
    gekwalificeerd: bool
    aangemaakt_op: dt.datetime


def bezwaar(gekozen: Controle, alle: list[Controle], vandaag: dt.date, startdatum: dt.date) -> str | None:
    """Why a decision `goedgekeurd` may not rest on `gekozen` (a Dutch sentence for a 409), or None.

    `alle` holds every verification of the traject. The cited one must have peildatum `vandaag` or the
    traject's `startdatum`, and no verification made after it for the same or a later peildatum may say
    the coach or organisation does not qualify."""
    if gekozen.peildatum not in (vandaag, startdatum):
        return (
            f"De gekozen verificatie heeft peildatum {datum(gekozen.peildatum)}. Een besluit rust op een "
            f"verificatie met peildatum vandaag ({datum(vandaag)}) of de startdatum van het traject "
            f"({datum(startdatum)}); verifieer het traject opnieuw."
        )
    tegen = [
        c
        for c in alle
        if c.id != gekozen.id
        and c.aangemaakt_op > gekozen.aangemaakt_op
        and c.peildatum >= gekozen.peildatum
        and not c.gekwalificeerd
    ]
    if tegen:
        nieuwste = max(tegen, key=lambda c: (c.aangemaakt_op, c.id))
        return (
            f"Een nieuwere verificatie (peildatum {datum(nieuwste.peildatum)}, gemaakt op "
            f"{tijdstip(nieuwste.aangemaakt_op)}) zegt dat de jobcoach of organisatie niet voldoet; het "
            "besluit kan niet rusten op de oudere verificatie."
        )
    return None


def actueel(alle: list[Controle], vandaag: dt.date) -> Controle | None:
    """The traject's current verdict: the newest verification for peildatum `vandaag`, else the newest
    for a later peildatum, else the one with the latest peildatum before today (newest first). A
    retrospective check for an earlier date never displaces it. Mirrors verificaties.current_sql."""
    if not alle:
        return None

    def rang(c: Controle) -> tuple:
        groep = 0 if c.peildatum == vandaag else 1 if c.peildatum > vandaag else 2
        terug = -c.peildatum.toordinal() if groep == 2 else 0
        return (groep, terug, -c.aangemaakt_op.timestamp(), c.id)

    return min(alle, key=rang)
