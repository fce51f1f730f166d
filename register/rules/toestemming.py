"""Consent on a dienstverband: who may confirm or refuse a proposal (pure; dates come in as parameters).

Source: DOMAIN.md, "Consent, access and history": a link between a coach and an organisation exists only
when both sides agree; the organisation proposes and the coach confirms, or the other way round; a
beheerder may confirm with a reason; a proposal dated more than 30 days back (vocabulary.
TERUGDATEREN_DAGEN) needs a beheerder.
"""

from __future__ import annotations

import datetime as dt

from register.vocabulary import TERUGDATEREN_DAGEN

# the sides of a link (vocabulary.DIENSTVERBAND_KANTEN)
ORGANISATIE = "organisatie"
JOBCOACH = "jobcoach"
BEHEERDER = "beheerder"


def teruggedateerd(van: dt.date, voorgesteld_op: dt.date) -> bool:
    """True when the link starts more than TERUGDATEREN_DAGEN (30) days before the day it was proposed
    (`voorgesteld_op`, a date in Europe/Amsterdam as the register's clock gives it)."""
    return (voorgesteld_op - van).days > TERUGDATEREN_DAGEN


def beslissers(voorgesteld_door: str | None, van: dt.date, voorgesteld_op: dt.date) -> frozenset[str]:
    """The sides that may confirm a proposal: the side that did not propose it (both sides when a
    beheerder proposed it), and always a beheerder (with a reason); only a beheerder when back-dated."""
    if teruggedateerd(van, voorgesteld_op):
        return frozenset({BEHEERDER})
    ander = {ORGANISATIE: {JOBCOACH}, JOBCOACH: {ORGANISATIE}}.get(
        voorgesteld_door or "", {JOBCOACH, ORGANISATIE}
    )
    return frozenset({*ander, BEHEERDER})


def weigeraars(voorgesteld_door: str | None) -> frozenset[str]:
    """The sides that may refuse a proposal: the side that did not propose it (back-dated or not: saying
    no is always allowed) and a beheerder (with a reason)."""
    ander = {ORGANISATIE: {JOBCOACH}, JOBCOACH: {ORGANISATIE}}.get(
        voorgesteld_door or "", {JOBCOACH, ORGANISATIE}
    )
    return frozenset({*ander, BEHEERDER})


def in_kracht(van: dt.date, tot: dt.date | None, op: dt.date) -> bool:
    """True when a link from `van` to `tot` (inclusive; open when None) runs on `op`."""
    return van <= op and (tot is None or op <= tot)
