"""Pure rules of the audit workflows (no I/O), shared by the services, pages and signals."""

from __future__ import annotations

import datetime as dt
from typing import Any

VORMEN = ("intercollegiale-toetsing", "intervisie", "casuistiekbespreking")
BEOORDELINGEN = ("voldoende", "onvoldoende", "niet-beoordeeld")
GEBIEDEN = ("continuiteit", "privacy", "klachtprocedure", "klanttevredenheid", "scholingsbeleid")
OORDELEN = ("conform", "minor", "major")
UITKOMSTEN = ("positief", "voorwaardelijk", "negatief")
AUDIT_SCHEMAS = ("blik-op-werk", "oval", "uwv")

GEBIED_NAMEN = {
    "continuiteit": "Primaire processen en continuïteit",
    "privacy": "Privacy (AVG)",
    "klachtprocedure": "Klachtafhandeling",
    "klanttevredenheid": "Klanttevredenheid",
    "scholingsbeleid": "Scholing en opleiding van medewerkers",
}
VORM_NAMEN = {
    "intercollegiale-toetsing": "Intercollegiale toetsing",
    "intervisie": "Intervisie",
    "casuistiekbespreking": "Casuïstiekbespreking",
}


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
