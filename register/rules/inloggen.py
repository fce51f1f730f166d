"""Log-in throttling (pure): how long a client must wait after failed log-ins.

Two counters, both kept per client address, never per account alone: per account+client (someone guessing
one account's password) and per client (someone trying many accounts). An account is never locked for
everyone, so a stranger cannot lock out the right password typed on another client (issue 13, finding 7;
OWASP ASVS 5.0, V6.3 "account lockout" replaced by throttling). Each counter allows a number of free
failures; after that every further failure doubles the wait, up to a maximum.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Drempel:
    """`vrij` failures without waiting; then `basis_seconden` * 2^(failures - vrij), at most `max_seconden`."""

    vrij: int
    basis_seconden: float = 1.0
    max_seconden: float = 900.0


def wachttijd(mislukt: int, drempel: Drempel) -> float:
    """Seconds a client waits after its latest failure, given `mislukt` recent failures (0 when still free)."""
    if mislukt < drempel.vrij:
        return 0.0
    return min(drempel.basis_seconden * 2 ** (mislukt - drempel.vrij), drempel.max_seconden)


def nog_wachten(mislukt: int, laatste: dt.datetime | None, nu: dt.datetime, drempel: Drempel) -> int:
    """Whole seconds from `nu` until the next attempt may be tried (0: now). Both moments in UTC."""
    if laatste is None:
        return 0
    rest = wachttijd(mislukt, drempel) - (nu - laatste).total_seconds()
    return max(0, math.ceil(rest))
