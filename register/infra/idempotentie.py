"""Stored first answers for `Idempotency-Key` (IETF httpapi, "The Idempotency-Key HTTP Header Field").

Not a domain change, so no audit-log entry: a cache of answers the caller already received, kept 24
hours after the key was first used and then deleted (the key expires then too). The web layer
(api.middleware `IdempotencyMiddleware`) decides what to store.

A key's row moves through: reserved (`status` NULL) -> changed (`status` UITGEVOERD, written by
`markeer_uitgevoerd` inside the request's own write transaction, so it commits with the change or not at
all) -> answered (`status` the HTTP status, with headers and body). Only a reservation without a change
is released after a failure (`vergeet`), so a request whose change committed is never run twice, even when
the server fails or the client goes away before the answer is stored; its retries get "still running"
(409) until the answer is there or the key expires.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Literal

from register import clock, db
from register.tables import IdempotentVerzoek

BEWAARTIJD = dt.timedelta(hours=24)
UITGEVOERD = 0  # `status` of a key whose request changed something, before its answer is stored


@dataclass(frozen=True)
class Opgeslagen:
    """A stored first answer: HTTP status, the headers worth replaying, the body (UTF-8 text)."""

    status: int
    headers: dict[str, str]
    body: str


@dataclass(frozen=True)
class Uitkomst:
    """What to do with a request: `nieuw` (run it; the key is now reserved), `herhaal` (send `antwoord`),
    `ander_verzoek` (the key was used for another request) or `bezig` (the first is still running)."""

    soort: Literal["nieuw", "herhaal", "ander_verzoek", "bezig"]
    antwoord: Opgeslagen | None = None


def sleutel(caller: str, key: str) -> str:
    """Keys are scoped per caller: the SHA-256 of the account id and the key."""
    return hashlib.sha256(f"{caller}\0{key}".encode()).hexdigest()


def vingerafdruk(method: str, path: str, query: bytes, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b"\0" + path.encode() + b"\0" + query + b"\0" + body).hexdigest()


async def reserveer(key_hash: str, fingerprint: str) -> Uitkomst:
    """Look the key up (after dropping keys older than 24 hours) and reserve it when it is new."""
    now = clock.now()
    async with db.transaction():
        await IdempotentVerzoek.delete().where(IdempotentVerzoek.aangemaakt_op < now - BEWAARTIJD)
        row = await IdempotentVerzoek.select().where(IdempotentVerzoek.sleutel == key_hash).first()
        if row is None:
            inserted = (
                await IdempotentVerzoek.insert(
                    IdempotentVerzoek(sleutel=key_hash, vingerafdruk=fingerprint, aangemaakt_op=now)
                )
                .on_conflict(action="DO NOTHING")
                .returning(IdempotentVerzoek.id)
            )
            if inserted:
                return Uitkomst("nieuw")
            return Uitkomst("bezig")  # another request with this key reserved it a moment ago
    if row["vingerafdruk"] != fingerprint:
        return Uitkomst("ander_verzoek")
    if row["status"] is None or row["status"] == UITGEVOERD:
        return Uitkomst("bezig")
    return Uitkomst(
        "herhaal", Opgeslagen(int(row["status"]), json.loads(row["headers"] or "{}"), row["body"])
    )


async def bewaar(key_hash: str, antwoord: Opgeslagen) -> None:
    await IdempotentVerzoek.update(
        {
            IdempotentVerzoek.status: antwoord.status,
            IdempotentVerzoek.headers: json.dumps(antwoord.headers),
            IdempotentVerzoek.body: antwoord.body,
        }
    ).where(IdempotentVerzoek.sleutel == key_hash)


async def markeer_uitgevoerd(key_hash: str) -> None:
    """Record, inside the request's write transaction, that the request changed something."""
    await IdempotentVerzoek.update({IdempotentVerzoek.status: UITGEVOERD}).where(
        (IdempotentVerzoek.sleutel == key_hash) & IdempotentVerzoek.status.is_null()
    )


async def vergeet(key_hash: str) -> None:
    """Release a reserved key whose request changed nothing (it failed on the server's side, or the client
    went away): a retry may run it. A key whose change committed stays."""
    await IdempotentVerzoek.delete().where(
        (IdempotentVerzoek.sleutel == key_hash) & IdempotentVerzoek.status.is_null()
    )
