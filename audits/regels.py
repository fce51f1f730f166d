"""Pure rules of the audit workflows (no I/O), shared by the services, pages and signals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from register.vocabulary import (
    AUDIT_UITKOMSTEN,
    BEVINDING_OORDELEN,
    KWALITEITSBORGING_GEBIEDEN,
    MEDEONDERTEKENING_DAGEN,
    ORGANISATIE_SCHEMAS,
    TOETSING_VORMEN,
)
from register.vocabulary import BEOORDELINGEN as BEOORDELING_LIJST

# The codes of the audit workflows; their labels live in register.vocabulary.
VORMEN = TOETSING_VORMEN.codes
BEOORDELINGEN = BEOORDELING_LIJST.codes
GEBIEDEN = KWALITEITSBORGING_GEBIEDEN.codes
OORDELEN = BEVINDING_OORDELEN.codes
UITKOMSTEN = AUDIT_UITKOMSTEN.codes
AUDIT_SCHEMAS = ORGANISATIE_SCHEMAS.codes


def bevinding_status(oordeel: str, afgerond_op: Any, gesloten_op: Any) -> str:
    """`conform` needs no action; otherwise `open` -> `uitgevoerd` (by the organisation) -> `gesloten`."""
    if oordeel == "conform":
        return "conform"
    if gesloten_op is not None:
        return "gesloten"
    if afgerond_op is not None:
        return "uitgevoerd"
    return "open"


def bevinding_verlopen(oordeel: str, deadline: dt.date | None, gesloten_op: Any, today: dt.date) -> bool:
    """A minor or major finding whose deadline has passed while an auditor has not closed it."""
    return oordeel != "conform" and deadline is not None and gesloten_op is None and deadline < today


def toetsing_may_change(status: str) -> bool:
    """Only a draft (`concept`) changes; a locked (`vastgesteld`) session is immutable."""
    return status == "concept"


def telt_voor_kwalificatie(toetsing: dict[str, Any], gecorrigeerd: bool) -> bool:
    """A session counts when it is locked and not superseded by a locked correction."""
    return toetsing.get("status") == "vastgesteld" and not gecorrigeerd


def medeondertekening_nodig(datum: dt.date, vastgelegd_op: dt.date) -> bool:
    """A session or audit dated more than MEDEONDERTEKENING_DAGEN (30) days before the day it was
    recorded (`vastgelegd_op`, a Dutch calendar day) needs a second auditor's co-signature (DOMAIN.md,
    Consent, access and history: "a session dated more than 30 days before it is recorded needs a second
    auditor")."""
    return (vastgelegd_op - datum).days > MEDEONDERTEKENING_DAGEN
