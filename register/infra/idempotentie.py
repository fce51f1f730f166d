"""Stored first answers for `Idempotency-Key` (IETF httpapi, "The Idempotency-Key HTTP Header Field").

Not a domain change, so no audit-log entry: a cache of answers the caller already received, kept 24
hours and then deleted. The web layer (api.middleware `IdempotencyMiddleware`) decides what to store.
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
    if row["status"] is None:
        return Uitkomst("bezig")
    return Uitkomst("herhaal", Opgeslagen(int(row["status"]), json.loads(row["headers"] or "{}"), row["body"]))


async def bewaar(key_hash: str, antwoord: Opgeslagen) -> None:
    await IdempotentVerzoek.update(
        {
            IdempotentVerzoek.status: antwoord.status,
            IdempotentVerzoek.headers: json.dumps(antwoord.headers),
            IdempotentVerzoek.body: antwoord.body,
        }
    ).where(IdempotentVerzoek.sleutel == key_hash)


async def vergeet(key_hash: str) -> None:
    """Release a reserved key (the first request failed on the server's side: a retry may run it)."""
    await IdempotentVerzoek.delete().where(
        (IdempotentVerzoek.sleutel == key_hash) & IdempotentVerzoek.status.is_null()
    )
