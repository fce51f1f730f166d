"""Valid time: which version of a fact with history is in force on a date.

Every fact a verdict uses keeps its history as versions, each in force from its `ingangsdatum` until the
next one's (DOMAIN.md, "Consent, access and history"). A verdict for peildatum D, and every page or list
that shows "the current state" (D = today, Dutch time, see register.infra.historie.actueel), reads the
version in force on D, never simply the newest recorded one: a change dated in the future is not in
force yet. Pure functions, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def geldend_op(
    versies: Iterable[T],
    d: dt.date,
    *,
    begin: Callable[[T], dt.date],
    volgorde: Callable[[T], Any] | None = None,
) -> T | None:
    """The version in force on `d`: of those with `begin(v) <= d`, the one with the latest begin date; of
    two with the same begin date the higher `volgorde(v)` (the later recorded). None when no version
    had started on `d`. `begin` returns a calendar date (the Dutch day a version takes effect)."""
    beste: T | None = None
    beste_sleutel: tuple[dt.date, Any] | None = None
    for v in versies:
        start = begin(v)
        if start > d:
            continue
        sleutel = (start, volgorde(v) if volgorde is not None else 0)
        if beste_sleutel is None or sleutel >= beste_sleutel:
            beste, beste_sleutel = v, sleutel
    return beste


def loopt_op(van: dt.date, tot: dt.date | None, d: dt.date) -> bool:
    """Whether a period from `van` up to and including `tot` (None: open-ended) covers day `d`: a
    dienstverband in force on `d`."""
    return van <= d and (tot is None or tot >= d)
