"""The coach's export of everything the register holds about them (AVG art. 15, right of access).

It spans two areas that never import each other, so it is put together here, above both: the register's
dossier, hours and access log (`register.services.jobcoaches.export`) and the coach's locked toetsingen
with feedback (`audits.toetsingen`).
"""

from __future__ import annotations

import uuid
from typing import Any

from audits import toetsingen
from register.actor import Actor
from register.services import aanvragen, jobcoaches, trajecten

# Everything: a coach's export is never cut off at a page (the lists are the coach's own, tens of rows).
ALLES = 100_000


async def export(actor: Actor, jobcoach_id: str) -> dict[str, Any]:
    """The coach's own data as one JSON-ready dict: `jobcoach`, `uren`, `klachten`, `inzage`, `documenten`,
    `oordelen`, `accounts`, `trajecten` and `aanvragen` (as the coach sees them), `toetsingen`,
    `geexporteerdOp` (UTC). Raises Forbidden for anyone but the coach, NotFound for an unknown id."""
    data = await jobcoaches.export(actor, jobcoach_id)
    coach = data["jobcoach"]["id"]
    eigen, _ = await trajecten.list_trajecten(actor, 0, ALLES, jobcoach=coach)
    data["trajecten"] = eigen
    data["aanvragen"] = [
        a for a in (await aanvragen.list_aanvragen(actor, 0, ALLES))[0] if str(a.jobcoach) == coach
    ]
    data["toetsingen"] = await toetsingen.participations(uuid.UUID(coach), locked_only=True)
    return data
