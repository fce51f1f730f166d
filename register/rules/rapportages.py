"""The report schedule of a traject (voorne-putten-basisprocedure-jobcoach.txt).

- begeleidingsplan: drawn up at the start (due four weeks after the start date), shared with the
  werkadviseur;
- voortgangsrapportage: to the gemeente every quarter;
- evaluatieverslag: every 3 months;
- bijstelling-begeleidingsplan: the plan revised every 6 months, with the half-yearly check whether
  coaching is still needed;
- eindverslag: when the traject ends (after two years, three with an extension, or earlier).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from register.rules.datums import add_months
from register.vocabulary import RAPPORTAGE_SOORTEN

SOORTEN: tuple[str, ...] = RAPPORTAGE_SOORTEN.codes  # in the order of the schedule; labels in the vocabulary
BEGELEIDINGSPLAN_DAGEN = 28
INTERVALLEN = {"voortgangsrapportage": 3, "evaluatieverslag": 3, "bijstelling-begeleidingsplan": 6}


@dataclass(frozen=True)
class Gepland:
    soort: str
    volgnummer: int
    vervaldatum: dt.date


def plan(startdatum: dt.date, einddatum: dt.date) -> list[Gepland]:
    """Every report due between the start and the last day, in due-date order."""
    out = [Gepland("begeleidingsplan", 1, startdatum + dt.timedelta(days=BEGELEIDINGSPLAN_DAGEN))]
    for soort, maanden in INTERVALLEN.items():
        n = 1
        while (due := add_months(startdatum, n * maanden)) < einddatum:
            out.append(Gepland(soort, n, due))
            n += 1
    out.append(Gepland("eindverslag", 1, einddatum))
    order = list(SOORTEN)
    return sorted(out, key=lambda g: (g.vervaldatum, order.index(g.soort), g.volgnummer))


def status(vervaldatum: dt.date, ingediend_op: dt.date | None, vandaag: dt.date) -> str:
    """`ingediend`, `te-laat-ingediend`, `te-laat` (overdue) or `open`."""
    if ingediend_op is not None:
        return "ingediend" if ingediend_op <= vervaldatum else "te-laat-ingediend"
    return "te-laat" if vandaag > vervaldatum else "open"
