"""How a keurmerk is shown on a date, and whether it counts then: one rule for every page and the API.

The state (`weergave`) of a keurmerk on date D, first match wins:

| state                           | when                                                                   |
|---------------------------------|------------------------------------------------------------------------|
| `afgewezen`                     | an auditor rejected the claim                                          |
| `niet-geverifieerd`             | the claim is not (yet) verified by an auditor                          |
| `ingetrokken`, `geschorst`      | the scheme withdrew or suspended it                                    |
| `aangevraagd`                   | applied for, not granted                                               |
| `nog-niet-ingegaan`             | its start date lies after D                                            |
| `herregistratie-in-behandeling` | a recertification under assessment, up to the end of the grace period |
| `verlopen`                      | D is after its last valid day (for a recertification: after the grace) |
| `verloopt-binnenkort`           | its last valid day is at most BINNENKORT_DAGEN (90) days after D       |
| `geldig`                        | otherwise                                                              |

So an unverified claim never shows as `geldig`, and the 90-day boundary is decided here once: on the
90th day before the end a keurmerk "verloopt binnenkort", on the 91st it is "geldig" (DOMAIN.md: `verlopen`
is derived from the end date, never stored; the grace period of a recertification from DOMAIN.md,
"Consent, access and history"). `telt` says whether the keurmerk counts for a verdict on D; it agrees with
`geldig()`, which the verdict (register/rules/kwalificatie.py) uses.

Pure: dates come in as parameters (date objects, the end date inclusive), no clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from register.vocabulary import (
    BINNENKORT_DAGEN,
    GEVERIFIEERD,
    HERREGISTRATIE_DAGEN,
    KEURMERK_STATUSSEN,
    KEURMERK_WEERGAVEN,
)


@dataclass(frozen=True)
class Weergave:
    """A keurmerk's state on a date: `code` of KEURMERK_WEERGAVEN with its Dutch `label` and badge `toon`,
    whether it `telt` (counts for a verdict), and `dagen_over`: the days from the date to the last valid
    day (0 on that day itself), only while the keurmerk has not yet ended."""

    code: str
    label: str
    toon: str
    telt: bool
    dagen_over: int | None = None


def _weergave(code: str, telt: bool, dagen_over: int | None = None) -> Weergave:
    return Weergave(code, KEURMERK_WEERGAVEN.label(code), KEURMERK_WEERGAVEN.toon(code), telt, dagen_over)


def einde_coulance(geldig_tot: dt.date, dagen: int) -> dt.date:
    """The last day a recertification under assessment still counts."""
    return geldig_tot + dt.timedelta(days=dagen)


def binnenkort(geldig_tot: dt.date, op: dt.date, dagen: int = BINNENKORT_DAGEN) -> bool:
    """The last valid day lies 0 to `dagen` days (inclusive) after `op`."""
    return 0 <= (geldig_tot - op).days <= dagen


def geldig(
    *,
    status: str,
    verificatie: str,
    geldig_tot: dt.date,
    op: dt.date,
    ingangsdatum: dt.date | None = None,
    herregistratie_dagen: int = HERREGISTRATIE_DAGEN,
) -> bool:
    """Counts on `op`: verified, started, and `actief` up to its end date, or `herregistratie-in-behandeling`
    up to the end of the grace period after it."""
    if verificatie != GEVERIFIEERD or (ingangsdatum is not None and ingangsdatum > op):
        return False
    if status == "actief":
        return op <= geldig_tot
    if status == "herregistratie-in-behandeling":
        return op <= einde_coulance(geldig_tot, herregistratie_dagen)
    return False


def weergave(
    *,
    status: str,
    verificatie: str,
    geldig_tot: dt.date,
    op: dt.date,
    ingangsdatum: dt.date | None = None,
    herregistratie_dagen: int = HERREGISTRATIE_DAGEN,
) -> Weergave:
    """The state of a keurmerk on `op` (see the module's table). `ingangsdatum` None means "started"."""
    dagen = (geldig_tot - op).days
    over = dagen if dagen >= 0 else None
    if verificatie == "afgewezen":
        return _weergave("afgewezen", False, over)
    if verificatie != GEVERIFIEERD:
        return _weergave("niet-geverifieerd", False, over)
    if status in ("ingetrokken", "geschorst", "aangevraagd"):
        return _weergave(status, False, over)
    if ingangsdatum is not None and ingangsdatum > op:
        return _weergave("nog-niet-ingegaan", False, over)
    if status == "herregistratie-in-behandeling":
        if op <= einde_coulance(geldig_tot, herregistratie_dagen):
            return _weergave("herregistratie-in-behandeling", True, over)
        return _weergave("verlopen", False)
    if status == "actief":
        if op > geldig_tot:
            return _weergave("verlopen", False)
        if binnenkort(geldig_tot, op):
            return _weergave("verloopt-binnenkort", True, over)
        return _weergave("geldig", True, over)
    # A status this register does not know (never stored by its own validation): shown, never counted.
    return Weergave(status, KEURMERK_STATUSSEN.label(status), "neutraal", False, over)


def weergave_code(
    status: str,
    verificatie: str,
    geldig_tot: dt.date,
    op: dt.date,
    ingangsdatum: dt.date | None = None,
) -> str:
    """The code alone, as the public API's `weergave` field carries it."""
    return weergave(
        status=status, verificatie=verificatie, geldig_tot=geldig_tot, op=op, ingangsdatum=ingangsdatum
    ).code
