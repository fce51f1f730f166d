"""Messages for the beheerder (issue 15): what the outbox holds, which messages keep failing, and a new
series of attempts for a parked one (`opnieuw_proberen`, audit-logged).

Messages are written by the services whose change causes them (register.infra.outbox) and delivered by
the worker (api.worker).
"""

from __future__ import annotations

from dataclasses import dataclass

from register import db
from register.actor import Actor
from register.errors import Forbidden, NotFound
from register.infra import auditlog, outbox
from register.infra.outbox import BerichtRecord
from register.infra.records import as_uuid


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


async def opnieuw_proberen(actor: Actor, bericht_id: str) -> BerichtRecord:
    """A beheerder puts a parked message back in the queue: due now, with a fresh series of attempts
    (the worker retries with backoff and parks it again if it keeps failing). The audit log records who
    and which message (kind and channel, not its content). Raises Forbidden for anyone but a beheerder,
    NotFound when no parked message has this id."""
    if not actor.has("beheerder"):
        raise Forbidden("Alleen een beheerder biedt een geparkeerd bericht opnieuw aan.")
    uid = as_uuid(bericht_id, "Bericht")
    async with db.transaction():
        bericht = await outbox.opnieuw(uid)
        if bericht is None:
            raise NotFound("Er is geen geparkeerd bericht met deze id.")
        await auditlog.record(
            actor,
            "opnieuw",
            "bericht",
            uid,
            {
                "kanaal": bericht.kanaal,
                "soort": bericht.soort,
                "status": {"van": "geparkeerd", "naar": "wachtend"},
            },
        )
    return bericht
