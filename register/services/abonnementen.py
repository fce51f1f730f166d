"""Webhook subscriptions of gemeenten and the events written for them (issue 15).

A gemeente subscribes a URL of its case system to event types (register.vocabulary.WEBHOOK_TYPEN; none
given: every type). The signing secret (Standard Webhooks, `whsec_` + base64 of 32 random bytes) is shown
once and stored sealed with the key file's key. Events are written to the outbox by the service whose
change causes them, in its transaction (`traject_kwalificatie_gewijzigd`), one message per subscription;
the worker turns each into a CloudEvent and delivers it (api.webhooks).

Targets: `https://` only; plain `http://` only to a loopback address and only when the setting allows it
(tests, a local receiver). A target whose host is, or resolves to, a private, loopback, link-local,
multicast or reserved address is refused (SSRF), at subscription and again before every delivery.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import ipaddress
import json
import secrets
import socket
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from register import clock, db
from register.actor import Actor
from register.errors import Forbidden, InvalidInput, NotFound
from register.infra import auditlog, keyvault, outbox
from register.tables import Abonnement, Aflevering, Gemeente, Traject
from register.vocabulary import WEBHOOK_TYPEN

LOPENDE_STATUSSEN = ("goedgekeurd", "lopend")


@dataclass(frozen=True)
class AbonnementRecord:
    """A subscription as its gemeente sees it (times aware UTC). `typen` is always the explicit list: a
    subscription made without types (stored as NULL, so it also receives types added later) lists every type
    the register knows now."""

    id: str
    gemeente: str
    url: str
    typen: list[str]
    aangemaakt_op: dt.datetime


@dataclass(frozen=True)
class AfleveringRecord:
    """One delivery attempt: `http_status` None when no answer came (`fout` says why)."""

    id: str
    bericht: str
    type: str
    poging: int
    http_status: int | None
    fout: str | None
    tijdstip: dt.datetime


@dataclass(frozen=True)
class Doel:
    """What the sender needs for one delivery: the URL, the opened secret, whether it is still active."""

    url: str
    geheim: str
    actief: bool


def _utc(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _typen(value: Any) -> list[str] | None:
    """The stored `typen` (SQLite hands JSON back as text)."""
    return json.loads(value) if isinstance(value, str) else value


def _uitgeschreven(typen: list[str] | None) -> list[str]:
    """The stored types, or for NULL (every type) every type the register knows now, in the list's order."""
    return list(typen) if typen is not None else list(WEBHOOK_TYPEN.codes)


def _record(row: dict[str, Any]) -> AbonnementRecord:
    return AbonnementRecord(
        id=str(row["id"]),
        gemeente=row["gemeente"],
        url=row["url"],
        typen=_uitgeschreven(_typen(row["typen"])),
        aangemaakt_op=_utc(row["aangemaakt_op"]),
    )


def _context(abonnement_id: Any) -> str:
    return f"abonnement:{abonnement_id}"


def _gemeente_of(actor: Actor) -> str:
    codes = sorted(actor.gemeente_codes)
    if not codes:
        raise Forbidden("Alleen een gemeente neemt een abonnement op meldingen.")
    return codes[0]


def _verboden(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, loopback_toegestaan: bool) -> bool:
    if ip.is_loopback:
        return not loopback_toegestaan
    return (
        ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None)
    )


async def controleer_doel(url: str, *, http_loopback: bool) -> str | None:
    """Why this URL may not receive webhooks (a Dutch reason), or None when it may. `http_loopback`: plain
    http to a loopback address is allowed (the setting REGISTER_WEBHOOK_ALLOW_HTTP, for tests)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return "is geen geldige URL"
    if parts.scheme not in {"https", "http"} or not host:
        return "moet een https-URL zijn"
    if parts.username or parts.password:
        return "mag geen gebruikersnaam of wachtwoord bevatten"
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except OSError:
        return "verwijst naar een host die niet bestaat"
    adressen = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    if parts.scheme == "http" and not (http_loopback and adressen and all(a.is_loopback for a in adressen)):
        return "moet een https-URL zijn"
    loopback_ok = http_loopback
    if any(_verboden(a, loopback_ok) for a in adressen):
        return "verwijst naar een intern of gereserveerd netwerkadres"
    return None


async def maak(
    actor: Actor, url: str, typen: list[str] | None, *, http_loopback: bool = False
) -> tuple[AbonnementRecord, str]:
    """Subscribe the actor's gemeente; returns the subscription and its secret (shown once).

    Raises Forbidden for a non-gemeente, InvalidInput (`url`, `typen`) for a refused target or type."""
    gemeente = _gemeente_of(actor)
    if reden := await controleer_doel(url, http_loopback=http_loopback):
        raise InvalidInput.single("url", reden)
    if typen is not None:
        onbekend = [t for t in typen if t not in WEBHOOK_TYPEN]
        if onbekend or not typen:
            raise InvalidInput.single("typen", "bevat een onbekend type; zie GET /api/v1/abonnementen/typen")
        typen = sorted(set(typen))
    geheim = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    nieuw_id = uuid.uuid4()
    now = clock.now()
    async with db.transaction():
        await Abonnement.insert(
            Abonnement(
                id=nieuw_id,
                gemeente=gemeente,
                url=url,
                typen=typen,
                geheim_versleuteld=keyvault.seal(geheim.encode(), _context(nieuw_id)),
                aangemaakt_op=now,
            )
        )
        await auditlog.record(actor, "create", "abonnement", nieuw_id, {"url": url, "typen": typen})
    return AbonnementRecord(str(nieuw_id), gemeente, url, _uitgeschreven(typen), now), geheim


async def _eigen(actor: Actor, abonnement_id: str) -> dict[str, Any]:
    try:
        uid = uuid.UUID(abonnement_id)
    except ValueError:
        raise NotFound("Abonnement niet gevonden.") from None
    row = await Abonnement.select().where((Abonnement.id == uid) & Abonnement.actief.eq(True)).first()
    if row is None or row["gemeente"] not in actor.gemeente_codes:
        raise NotFound("Abonnement niet gevonden.")
    return row


async def lijst(actor: Actor) -> list[AbonnementRecord]:
    """The active subscriptions of the actor's gemeente, oldest first."""
    gemeente = _gemeente_of(actor)
    rows = (
        await Abonnement.select()
        .where((Abonnement.gemeente == gemeente) & Abonnement.actief.eq(True))
        .order_by(Abonnement.aangemaakt_op)
    )
    return [_record(r) for r in rows]


async def toon(actor: Actor, abonnement_id: str) -> AbonnementRecord:
    """One active subscription of the actor's gemeente; NotFound otherwise (also for another's)."""
    return _record(await _eigen(actor, abonnement_id))


async def verwijder(actor: Actor, abonnement_id: str) -> None:
    """End a subscription: no more events; its waiting messages are dropped at delivery, its log stays."""
    async with db.transaction():
        row = await _eigen(actor, abonnement_id)
        await Abonnement.update({Abonnement.actief: False, Abonnement.verwijderd_op: clock.now()}).where(
            Abonnement.id == row["id"]
        )
        await auditlog.record(actor, "delete", "abonnement", row["id"], {"url": row["url"]})


async def afleveringen(
    actor: Actor, abonnement_id: str, offset: int, limit: int
) -> tuple[list[AfleveringRecord], int]:
    """The delivery log of a subscription, newest first, one page."""
    row = await _eigen(actor, abonnement_id)
    totaal = await Aflevering.count().where(Aflevering.abonnement == row["id"])
    rows = (
        await Aflevering.select()
        .where(Aflevering.abonnement == row["id"])
        .order_by(Aflevering.tijdstip, ascending=False)
        .offset(offset)
        .limit(limit)
    )
    return [
        AfleveringRecord(
            id=str(r["id"]),
            bericht=str(r["bericht"]),
            type=r["type"],
            poging=r["poging"],
            http_status=r["http_status"],
            fout=r["fout"],
            tijdstip=_utc(r["tijdstip"]),
        )
        for r in rows
    ], totaal


# --- for the worker ---------------------------------------------------------------------------------


async def doel(abonnement_id: str) -> Doel | None:
    """The target and opened secret of a subscription (None when it does not exist)."""
    row = await Abonnement.select().where(Abonnement.id == uuid.UUID(abonnement_id)).first()
    if row is None:
        return None
    geheim = keyvault.open_sealed(row["geheim_versleuteld"], _context(row["id"])).decode()
    return Doel(row["url"], geheim, row["actief"])


async def log_aflevering(
    abonnement_id: str,
    bericht_id: uuid.UUID,
    type_: str,
    poging: int,
    http_status: int | None,
    fout: str | None,
) -> None:
    """Record one delivery attempt in the subscription's log (its own small transaction)."""
    async with db.transaction():
        await Aflevering.insert(
            Aflevering(
                abonnement=uuid.UUID(abonnement_id),
                bericht=bericht_id,
                type=type_,
                poging=poging,
                http_status=http_status,
                fout=fout[:1000] if fout else None,
                tijdstip=clock.now(),
            )
        )


# --- events, written by the services whose change causes them ----------------------------------------


async def _publiceer(gemeente: str, type_: str, onderwerp: str, pad: str, data: dict[str, Any]) -> int:
    """One outbox message per active subscription of the gemeente to this type, in the caller's
    transaction; returns how many. The event's id and time are fixed now; source and the full dataref
    are added at delivery (they come from the settings)."""
    rows = await Abonnement.select(Abonnement.id, Abonnement.typen).where(
        (Abonnement.gemeente == gemeente) & Abonnement.actief.eq(True)
    )
    n = 0
    for row in rows:
        typen = _typen(row["typen"])
        if typen is not None and type_ not in typen:
            continue
        event = {
            "id": str(uuid.uuid4()),
            "type": type_,
            "time": clock.now().astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "subject": onderwerp,
            "datarefPad": pad,
            "data": data,
        }
        await outbox.schrijf("webhook", type_, str(row["id"]), event)
        n += 1
    return n


async def _contacten(codes: set[str]) -> dict[str, str]:
    """The mailbox (contact_email) per gemeente code, for those that have one."""
    if not codes:
        return {}
    rows = await Gemeente.select(Gemeente.code, Gemeente.contact_email).where(
        Gemeente.code.is_in(list(codes))
    )
    return {r["code"]: r["contact_email"] for r in rows if r["contact_email"]}


async def traject_kwalificatie_gewijzigd(
    jobcoach_id: uuid.UUID, reden: str, *, soort: str = "jobcoach"
) -> int:
    """The coach of running trajecten (goedgekeurd or lopend) was suspended or deregistered (`soort`
    "jobcoach", `reden` a JOBCOACH_STATUSSEN code), or a keurmerk of the coach was withdrawn (`soort`
    "keurmerk", `reden` "ingetrokken"): an e-mail to the gemeente's mailbox (when it has one) and an event
    for its subscriptions, per traject. The data name only the traject and the reason (`jobcoach-geschorst`,
    `keurmerk-ingetrokken`), never the person. Runs in the caller's transaction; returns the messages."""
    trajecten = await Traject.select(Traject.id, Traject.gemeente).where(
        (Traject.jobcoach == jobcoach_id) & Traject.status.is_in(list(LOPENDE_STATUSSEN))
    )
    contacten = await _contacten({t["gemeente"] for t in trajecten})
    n = 0
    for traject in trajecten:
        if adres := contacten.get(traject["gemeente"]):  # the gemeente's mailbox: at once, a link only
            await outbox.schrijf(
                "email",
                "traject-melding",
                adres,
                {
                    "reden": reden,
                    "pad": f"/gemeente/trajecten/{traject['id']}",
                    **({"soort": soort} if soort != "jobcoach" else {}),
                },
            )
            n += 1
        n += await _publiceer(
            traject["gemeente"],
            "nl.jobcoachregister.traject.kwalificatie-gewijzigd",
            str(traject["id"]),
            f"/api/v1/trajecten/{traject['id']}",
            {"traject": str(traject["id"]), "reden": f"{soort}-{reden}"},
        )
    return n
