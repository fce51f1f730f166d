"""The outbox (issue 15): messages written in the transaction of the change that causes them.

A service calls `schrijf` inside its `register.db.transaction()`, so the message exists exactly when the
change committed (all or nothing). `jobcoach-register worker` delivers them (api.worker): it `claim`s what is
due, which pushes each claimed message one lease (`BERICHT_LEASE_SECONDEN`) into the future and counts the
attempt, delivers outside any transaction, then marks it `verzonden` or `mislukt` (retried with exponential
backoff, parked after `BERICHT_MAX_POGINGEN`). A worker killed between delivering and marking leaves the
message due again once the lease ends: delivery is at least once, and the message keeps its id (a webhook
sends it as `webhook-id`, so receivers can drop the duplicate).

On PostgreSQL several workers claim with `SELECT ... FOR UPDATE SKIP LOCKED`, so no two take the same
message; on SQLite the claiming transaction holds the write lock (one worker is the supported setup).
Times are UTC.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from register import clock, db
from register.tables import Bericht
from register.vocabulary import (
    BERICHT_BACKOFF_BASIS_SECONDEN,
    BERICHT_BACKOFF_MAX_SECONDEN,
    BERICHT_KANALEN,
    BERICHT_LEASE_SECONDEN,
    BERICHT_MAX_POGINGEN,
    BERICHT_STATUSSEN,
)


@dataclass(frozen=True)
class BerichtRecord:
    """One outbox message as the worker and the beheerder's page see it. Times are aware UTC datetimes;
    `pogingen` counts delivery attempts started (a claimed message counts its current attempt)."""

    id: uuid.UUID
    kanaal: str
    soort: str
    ontvanger: str
    inhoud: dict[str, Any]
    status: str
    pogingen: int
    volgende_poging: dt.datetime
    laatste_fout: str | None
    aangemaakt_op: dt.datetime
    verzonden_op: dt.datetime | None


def _utc(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _record(row: dict[str, Any]) -> BerichtRecord:
    inhoud = row["inhoud"]
    if isinstance(inhoud, str):
        import json

        inhoud = json.loads(inhoud)
    return BerichtRecord(
        id=row["id"] if isinstance(row["id"], uuid.UUID) else uuid.UUID(str(row["id"])),
        kanaal=row["kanaal"],
        soort=row["soort"],
        ontvanger=row["ontvanger"],
        inhoud=inhoud,
        status=row["status"],
        pogingen=row["pogingen"],
        volgende_poging=_utc(row["volgende_poging"]),  # type: ignore[arg-type]
        laatste_fout=row["laatste_fout"],
        aangemaakt_op=_utc(row["aangemaakt_op"]),  # type: ignore[arg-type]
        verzonden_op=_utc(row["verzonden_op"]),
    )


def backoff(pogingen: int) -> dt.timedelta:
    """The wait after the `pogingen`-th failed attempt (1-based): BASIS * 2**(pogingen-1) seconds, at most
    BERICHT_BACKOFF_MAX_SECONDEN (30 s, 60 s, 120 s, ...)."""
    seconden = BERICHT_BACKOFF_BASIS_SECONDEN * 2 ** max(pogingen - 1, 0)
    return dt.timedelta(seconds=min(seconden, BERICHT_BACKOFF_MAX_SECONDEN))


async def schrijf(
    kanaal: str,
    soort: str,
    ontvanger: str,
    inhoud: dict[str, Any],
    *,
    bericht_id: uuid.UUID | None = None,
    vanaf: dt.datetime | None = None,
    eenmalig: bool = False,
) -> uuid.UUID:
    """Put one message in the outbox, inside the caller's transaction; returns its id.

    `eenmalig` (with a `bericht_id` derived from what the message is about): a message with this id that
    was ever written is not written again (at most once per cause, e.g. one reminder per threshold).

    Raises RuntimeError outside a `register.db.transaction()` (a message without its change, or the other
    way round, is exactly what the outbox exists to prevent) and ValueError for an unknown `kanaal`."""
    if kanaal not in BERICHT_KANALEN:
        raise ValueError(f"onbekend berichtkanaal {kanaal!r}")
    if db.engine().current_transaction.get() is None:
        raise RuntimeError("een bericht wordt alleen binnen de transactie van zijn wijziging geschreven")
    now = clock.now()
    new_id = bericht_id or uuid.uuid4()
    insert = Bericht.insert(
        Bericht(
            id=new_id,
            kanaal=kanaal,
            soort=soort,
            ontvanger=ontvanger,
            inhoud=inhoud,
            status="wachtend",
            pogingen=0,
            volgende_poging=vanaf or now,
            aangemaakt_op=now,
        )
    )
    if eenmalig:
        if bericht_id is None:
            raise ValueError("een eenmalig bericht heeft een vaste bericht_id")
        insert = insert.on_conflict(target=Bericht.id, action="DO NOTHING")
    await insert
    return new_id


async def claim(aantal: int = 20, *, kanalen: tuple[str, ...] | None = None) -> list[BerichtRecord]:
    """Take up to `aantal` due messages (oldest due first) for delivery, in one transaction: each counts one
    more attempt and is leased for BERICHT_LEASE_SECONDEN. Other PostgreSQL workers skip the locked rows."""
    now = clock.now()
    async with db.transaction():
        query = (
            Bericht.select(Bericht.id)
            .where((Bericht.status == "wachtend") & (Bericht.volgende_poging <= now))
            .order_by(Bericht.volgende_poging)
            .limit(aantal)
        )
        if kanalen:
            query = query.where(Bericht.kanaal.is_in(list(kanalen)))
        if db.is_postgres():
            query = query.lock_rows("UPDATE", skip_locked=True)
        ids = [row["id"] for row in await query]
        if not ids:
            return []
        await Bericht.update(
            {
                Bericht.pogingen: Bericht.pogingen + 1,
                Bericht.volgende_poging: now + dt.timedelta(seconds=BERICHT_LEASE_SECONDEN),
            }
        ).where(Bericht.id.is_in(ids))
        rows = await Bericht.select().where(Bericht.id.is_in(ids)).order_by(Bericht.aangemaakt_op)
    return [_record(row) for row in rows]


async def markeer_verzonden(bericht: BerichtRecord) -> None:
    """The message was delivered: it is never sent again, and a secret it carried for the delivery (the
    field `geheim`, e.g. a link's sealed token) is dropped."""
    inhoud = {k: v for k, v in bericht.inhoud.items() if k != "geheim"}
    async with db.transaction():
        await Bericht.update(
            {
                Bericht.status: "verzonden",
                Bericht.verzonden_op: clock.now(),
                Bericht.laatste_fout: None,
                Bericht.inhoud: inhoud,
            }
        ).where(Bericht.id == bericht.id)


async def markeer_mislukt(bericht: BerichtRecord, fout: str) -> str:
    """Delivery failed (`fout`: a short Dutch or technical reason, never the message's content): due again
    after the backoff, or parked after BERICHT_MAX_POGINGEN attempts. Returns the new status code."""
    status = "geparkeerd" if bericht.pogingen >= BERICHT_MAX_POGINGEN else "wachtend"
    async with db.transaction():
        await Bericht.update(
            {
                Bericht.status: status,
                Bericht.volgende_poging: clock.now() + backoff(bericht.pogingen),
                Bericht.laatste_fout: fout[:1000],
            }
        ).where(Bericht.id == bericht.id)
    return status


async def opnieuw(bericht_id: uuid.UUID) -> BerichtRecord | None:
    """A parked message due again now, with a fresh series of attempts (`pogingen` 0), inside the caller's
    transaction; returns it, or None when no parked message has this id (sent, waiting or unknown)."""
    rows = (
        await Bericht.update(
            {Bericht.status: "wachtend", Bericht.pogingen: 0, Bericht.volgende_poging: clock.now()}
        )
        .where((Bericht.id == bericht_id) & (Bericht.status == "geparkeerd"))
        .returning(*Bericht.all_columns())
    )
    return _record(rows[0]) if rows else None


async def lijst(status: str, *, limiet: int = 100) -> list[BerichtRecord]:
    """Messages with this status (a BERICHT_STATUSSEN code), newest first, at most `limiet`."""
    if status not in BERICHT_STATUSSEN:
        raise ValueError(f"onbekende berichtstatus {status!r}")
    rows = (
        await Bericht.select()
        .where(Bericht.status == status)
        .order_by(Bericht.aangemaakt_op, ascending=False)
        .limit(limiet)
    )
    return [_record(row) for row in rows]


async def tellingen() -> dict[str, int]:
    """How many messages there are per status code (every code present, zero included)."""
    counts = dict.fromkeys(BERICHT_STATUSSEN.codes, 0)
    for code in counts:
        counts[code] = await Bericht.count().where(Bericht.status == code)
    return counts
