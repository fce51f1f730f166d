"""Where a coach stands against a toetsingskader, line by line: met, waiting for an auditor, or not met,
with what to do next. For the coach's own overview (issue #17, point 5).

A line's standing on peildatum D, from the verdict's own rules (register.rules.kwalificatie):

| stand            | when                                                                              |
|------------------|-----------------------------------------------------------------------------------|
| `voldaan`        | the verdict on D meets the criterion                                              |
| `in-behandeling` | not met, but it would be once the auditors judge what waits for them: the claims  |
|                  | still `ingediend` counted as verified and the toetsingen in concept as vastgesteld |
| `niet-voldaan`   | otherwise: the coach has something to do                                          |

So `voldaan` agrees with a verification on the same day, and `in-behandeling` never promises more than
the coach has already handed in. Only the coach-level criteria (vocabulary.PERSOONSGEBONDEN_CRITERIA)
are judged: the organisation's criteria depend on the traject.

Pure: facts, kader and date come in as parameters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from register.rules.feiten import GEVERIFIEERD, CoachFeiten
from register.rules.kader import Kader
from register.rules.kwalificatie import Regel, beoordeel_persoonsgebonden, scholingsuren
from register.vocabulary import INGEDIEND, KADER_STANDEN, VOLGENDE_STAPPEN


@dataclass(frozen=True)
class Lijn:
    """One criterion of the kader for the coach: the verdict's `regel`, the `stand` (a code of
    KADER_STANDEN) and, unless met, the `volgende_stap` in Dutch and where it is done (`pagina`, as in
    vocabulary.VOLGENDE_STAPPEN: a section of the coach's own pages, an absolute path, or '')."""

    regel: Regel
    stand: str
    volgende_stap: str | None = None
    pagina: str | None = None

    @property
    def label(self) -> str:
        return KADER_STANDEN.label(self.stand)

    @property
    def toon(self) -> str:
        return KADER_STANDEN.toon(self.stand)


def als_beoordeeld(coach: CoachFeiten) -> CoachFeiten:
    """The coach's facts as they would be if the auditors approved everything waiting for them: claims
    `ingediend` verified, toetsingen in concept vastgesteld. Rejected claims stay rejected."""

    def goed(claims):
        return tuple(
            replace(c, verificatie=GEVERIFIEERD) if c.verificatie == INGEDIEND else c for c in claims
        )

    return replace(
        coach,
        opleidingen=goed(coach.opleidingen),
        keurmerken=goed(coach.keurmerken),
        scholingen=goed(coach.scholingen),
        toetsingen=tuple(replace(t, status="vastgesteld") for t in coach.toetsingen),
    )


def _stap(code: str, coach: CoachFeiten, kader: Kader, d: dt.date) -> tuple[str, str]:
    tekst, pagina = VOLGENDE_STAPPEN[code]
    if code == "scholing":
        # the hours still to follow beyond those verified or waiting for an auditor
        maanden = int(kader.param("scholing", "maanden"))
        nodig = float(kader.param("scholing", "urenMinimaal"))
        al = scholingsuren(als_beoordeeld(coach).scholingen, d, maanden)
        tekort = max(nodig - al, 0.0)
        tekst = tekst.format(uren=f"{tekort:g}".replace(".", ","), maanden=maanden)
    return tekst, pagina


def stand(coach: CoachFeiten, kader: Kader, peildatum: dt.date) -> tuple[Lijn, ...]:
    """The coach-level criteria of `kader` on `peildatum`, in the kader's order, each with its standing
    (see the module's table) and, when not met, the next step."""
    nu = beoordeel_persoonsgebonden(coach, kader, peildatum)
    straks = beoordeel_persoonsgebonden(als_beoordeeld(coach), kader, peildatum)
    lijnen = []
    for regel in nu.criteria:
        if regel.voldaan:
            lijnen.append(Lijn(regel, "voldaan"))
        elif straks.regel(regel.code).voldaan:
            lijnen.append(Lijn(regel, "in-behandeling", *VOLGENDE_STAPPEN["in-behandeling"]))
        else:
            lijnen.append(Lijn(regel, "niet-voldaan", *_stap(regel.code, coach, kader, peildatum)))
    return tuple(lijnen)


__all__ = ["Lijn", "als_beoordeeld", "stand"]
