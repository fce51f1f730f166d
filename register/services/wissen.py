"""Erasure requests (AVG art. 17) for the audit log: destroy the data key of one data subject.

The audit log cannot change, so its personal values were written encrypted with a key per data subject
(register.infra.shredding). Destroying that key erases them for good: the beheerder's audit-log page shows
`[gewist]` where they were, and the hash chain, the Merkle tree and every checkpoint still verify. The
record itself (the coach, the klacht) is corrected or anonymised the usual way; this only reaches the log.
Backups made before the erasure still hold the key until they are rotated away.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from register import db
from register.actor import Actor
from register.errors import FieldError, Forbidden, InvalidInput
from register.infra import auditlog, shredding
from register.validators import check_no_bsn

OBJECTTYPE = re.compile(r"[a-z][a-z-]{1,39}")


def onderwerp(objecttype: str, object_id: str) -> str:
    """`type:id`, the form data keys are filed under (ids normalised when they are UUIDs)."""
    object_id = object_id.strip()
    try:
        object_id = str(uuid.UUID(object_id))
    except ValueError:
        pass
    return f"{objecttype.strip()}:{object_id}"


async def wis(actor: Actor, objecttype: str, object_id: str, reden: str) -> dict[str, Any]:
    """Destroy the live data key of `objecttype:object_id` (beheerder, or the command line) and record the
    erasure in the audit log. Returns `{"onderwerp", "vernietigd": number of keys}`."""
    if not actor.has("beheerder", "systeem"):
        raise Forbidden("Alleen een beheerder voert een wisverzoek uit.")
    errors = []
    if not OBJECTTYPE.fullmatch(objecttype.strip()):
        errors.append(FieldError("objecttype", "is een soort record zoals jobcoach, account of klacht"))
    if not object_id.strip() or len(object_id.strip()) > 36:
        errors.append(FieldError("objectId", "is het id van het record (hoogstens 36 tekens)"))
    reden = reden.strip()
    if not reden or len(reden) > 500:
        errors.append(FieldError("reden", "is verplicht (hoogstens 500 tekens)"))
    elif problem := check_no_bsn(reden):
        errors.append(FieldError("reden", problem))
    if errors:
        raise InvalidInput(errors)
    subject = onderwerp(objecttype, object_id)
    async with db.transaction():
        count = await shredding.destroy([subject], "wisverzoek")
        await auditlog.record(
            actor,
            "wis",
            objecttype.strip(),
            subject.split(":", 1)[1],
            {"vernietigd": count, "reden": reden},
            betrokkene=f"wisverzoek:{uuid.uuid4()}",  # the reason gets a key of its own
        )
    return {"onderwerp": subject, "vernietigd": count}
