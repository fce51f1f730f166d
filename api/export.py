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
from register.services import jobcoaches


async def export(actor: Actor, jobcoach_id: str) -> dict[str, Any]:
    """The coach's own data as one JSON-ready dict: `jobcoach`, `uren`, `toetsingen`, `inzage`,
    `geexporteerdOp` (UTC). Raises Forbidden for anyone but the coach, NotFound for an unknown id."""
    data = await jobcoaches.export(actor, jobcoach_id)
    data["toetsingen"] = await toetsingen.participations(uuid.UUID(data["jobcoach"]["id"]), locked_only=True)
    return data
