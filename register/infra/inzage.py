"""The personal-data access log: who read a coach's non-public data, when, and for what purpose."""

from __future__ import annotations

import uuid
from typing import Any

from audits.tables import Inzagelog
from register import clock
from register.actor import Actor


async def record_read(actor: Actor, jobcoach_id: Any, doel: str) -> None:
    """Log a read by anyone but the coach themselves (their own reads are not 'someone else')."""
    if actor.is_coach(str(jobcoach_id)):
        return
    await Inzagelog(
        tijdstip=clock.now(), account=actor.account_id, rol=actor.rol_label, jobcoach=jobcoach_id, doel=doel
    ).save()


async def record_reads(actor: Actor, jobcoach_ids: list[Any], doel: str) -> None:
    """Log one read per distinct coach in a few multi-row inserts (bulk verification reads many coaches)."""
    from register.infra.bulk import insert_rows

    now = clock.now()
    await insert_rows(
        Inzagelog,
        ("id", "tijdstip", "account", "rol", "jobcoach", "doel"),
        [
            (uuid.uuid4(), now, actor.account_id, actor.rol_label, uuid.UUID(jobcoach_id), doel)
            for jobcoach_id in dict.fromkeys(str(j) for j in jobcoach_ids)
            if not actor.is_coach(jobcoach_id)
        ],
    )


async def reads_of(jobcoach_id: Any) -> list[dict[str, Any]]:
    """Who read the coach's data, newest first: time, account and its name, role, purpose."""
    import uuid

    from register.tables import Account

    rows = (
        await Inzagelog.select()
        .where(Inzagelog.jobcoach == jobcoach_id)
        .order_by(Inzagelog.tijdstip, ascending=False)
    )
    ids = []
    for r in rows:
        try:
            ids.append(uuid.UUID(r["account"]))
        except (TypeError, ValueError):
            continue
    names = {
        str(a["id"]): a["gebruikersnaam"]
        for a in await Account.select(Account.id, Account.gebruikersnaam).where(
            Account.id.is_in(ids or [None])
        )
    }
    return [
        {
            "tijdstip": r["tijdstip"],
            "account": r["account"],
            "gebruikersnaam": names.get(r["account"] or ""),
            "rol": r["rol"],
            "doel": r["doel"],
        }
        for r in rows
    ]
