"""Messages for the beheerder (issue 15): what the outbox holds and which messages keep failing.

Reading only; messages are written by the services whose change causes them (register.infra.outbox) and
delivered by the worker (api.worker).
"""

from __future__ import annotations

from dataclasses import dataclass

from register.infra import outbox
from register.infra.outbox import BerichtRecord


@dataclass(frozen=True)
class Berichtenoverzicht:
    """Counts per status code (BERICHT_STATUSSEN), the parked messages and the latest waiting ones (newest
    first, at most `limiet` each)."""

    aantallen: dict[str, int]
    geparkeerd: list[BerichtRecord]
    wachtend: list[BerichtRecord]


async def overzicht(limiet: int = 100) -> Berichtenoverzicht:
    """The outbox as the beheerder's page shows it."""
    return Berichtenoverzicht(
        aantallen=await outbox.tellingen(),
        geparkeerd=await outbox.lijst("geparkeerd", limiet=limiet),
        wachtend=await outbox.lijst("wachtend", limiet=limiet),
    )
