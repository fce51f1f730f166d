"""`jobcoach-register worker`: delivers the outbox and runs the daily jobs, so no cron is needed (issue 15).

One round (`ronde`) does, in order:
1. the transparency log's periodic work (`register.infra.tlog.run_periodic`: sequence waiting entries,
   sign a checkpoint when the log grew or the newest is a day old);
2. the daily jobs (`standaard_dagtaken`), once per Dutch calendar day from the configured hour (`Settings.worker_uur`, Dutch
   time): each job that completes is recorded in `dagtaak` ("naam:datum"), so a restarted worker or a
   second worker does not run it again that day; a job that fails is logged and tried again next round;
3. delivery of every due outbox message by the sender of its channel (`Bezorgers`), outside any
   transaction, then marking it sent, or failed (retried with backoff, parked after too many attempts).

`--once` runs one round and exits; without it the worker repeats a round every `interval` seconds until
SIGTERM or Ctrl-C. On PostgreSQL any number of workers share the outbox (see register.infra.outbox).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from register import clock
from register.infra import outbox, tlog
from register.infra.outbox import BerichtRecord
from register.opmaak import AMSTERDAM
from register.tables import Dagtaak

log = logging.getLogger("register.worker")

Bezorger = Callable[[BerichtRecord], Awaitable[None]]
Taak = Callable[[], Awaitable[object]]


class Afgewezen(Exception):
    """A sender's failure with a short reason for the outbox (never the message's content)."""


@dataclass(frozen=True)
class Ronde:
    """What one round did: messages delivered, failed (to be retried) and parked, and the daily jobs run."""

    verzonden: int = 0
    mislukt: int = 0
    geparkeerd: int = 0
    dagtaken: tuple[str, ...] = field(default_factory=tuple)


def standaard_dagtaken() -> dict[str, Taak]:
    """The daily jobs in the order they run: signals (`signalen`), retention (`retentie`), the sweep of
    the document store (`documenten`: documents never attached within 24 hours, files no document refers
    to) and a checkpoint of the audit log (`checkpoint`)."""
    from register.services import documenten, retentie, signalen

    return {
        "signalen": lambda: signalen.compute(),
        "retentie": lambda: retentie.run(),
        "documenten": lambda: documenten.opruimen(),
        "checkpoint": tlog.run_periodic,
    }


async def _dagtaken(uur: int, taken: Mapping[str, Taak]) -> tuple[str, ...]:
    """Run the jobs not yet completed today (Dutch date) once the Dutch hour is at least `uur`."""
    moment = clock.now().astimezone(AMSTERDAM)
    if moment.hour < uur:
        return ()
    gedaan: list[str] = []
    for naam, taak in taken.items():
        sleutel = f"{naam}:{moment.date().isoformat()}"
        if await Dagtaak.exists().where(Dagtaak.sleutel == sleutel):
            continue
        try:
            await taak()
        except Exception:
            log.exception("dagtaak %s mislukt; volgende ronde opnieuw", naam)
            continue
        await Dagtaak.insert(Dagtaak(sleutel=sleutel, uitgevoerd_op=clock.now())).on_conflict(
            action="DO NOTHING"
        )
        gedaan.append(naam)
    return tuple(gedaan)


# Messages of one claimed batch delivered at once (each waits mostly on its receiver's answer). Several
# workers on PostgreSQL add up; a claimed batch is leased, so at-least-once delivery is unchanged.
GELIJKTIJDIG = 8


async def bezorg(bezorgers: Mapping[str, Bezorger], *, batch: int = 20) -> tuple[int, int, int]:
    """Deliver every due message; returns (sent, failed, parked). A claimed batch is delivered with up to
    GELIJKTIJDIG messages at once, each marked sent or failed as soon as its own delivery ends; the next
    batch is claimed when the batch is done, until nothing is due. A message whose channel has no sender
    fails like any other (and is parked in the end), so nothing is lost silently. A cancellation (the
    process stopping) propagates; messages it interrupted stay leased and are delivered again later."""
    tellers = {"verzonden": 0, "mislukt": 0, "geparkeerd": 0}
    ruimte = asyncio.Semaphore(GELIJKTIJDIG)

    async def een(bericht: BerichtRecord) -> None:
        async with ruimte:
            tellers[await _bezorg_een(bezorgers, bericht)] += 1

    while berichten := await outbox.claim(batch):
        await asyncio.gather(*(een(bericht) for bericht in berichten))
    return tellers["verzonden"], tellers["mislukt"], tellers["geparkeerd"]


async def _bezorg_een(bezorgers: Mapping[str, Bezorger], bericht: BerichtRecord) -> str:
    """Deliver one claimed message and mark it; returns 'verzonden', 'mislukt' or 'geparkeerd'."""
    bezorger = bezorgers.get(bericht.kanaal)
    try:
        if bezorger is None:
            raise Afgewezen(f"geen bezorger voor kanaal {bericht.kanaal}")
        await bezorger(bericht)
    except Exception as exc:  # any failure of one message must not stop the others
        reden = str(exc) if isinstance(exc, Afgewezen) else f"{type(exc).__name__}: {exc}"
        status = await outbox.markeer_mislukt(bericht, reden)
        log.warning("bericht %s (%s) mislukt (poging %d): %s", bericht.id, bericht.soort,
                    bericht.pogingen, type(exc).__name__)
        return "geparkeerd" if status == "geparkeerd" else "mislukt"
    await outbox.markeer_verzonden(bericht)
    return "verzonden"


async def ronde(
    bezorgers: Mapping[str, Bezorger],
    *,
    uur: int,
    dagtaken: Mapping[str, Taak] | None = None,
) -> Ronde:
    """One round: the log's periodic work, the daily jobs when due, and delivery of what is due."""
    await tlog.run_periodic()
    gedaan = await _dagtaken(uur, standaard_dagtaken() if dagtaken is None else dagtaken)
    verzonden, mislukt, geparkeerd = await bezorg(bezorgers)
    return Ronde(verzonden, mislukt, geparkeerd, gedaan)


async def draai(
    bezorgers: Mapping[str, Bezorger],
    *,
    uur: int,
    interval: float = 5.0,
    stop: asyncio.Event | None = None,
) -> None:
    """Rounds every `interval` seconds until `stop` is set (SIGTERM sets it when run from the command
    line). A round that fails (the database away, say) is logged and the next one tries again."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM,):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    while not stop.is_set():
        try:
            gedaan = await ronde(bezorgers, uur=uur)
            if gedaan.verzonden or gedaan.mislukt or gedaan.geparkeerd or gedaan.dagtaken:
                log.info(
                    "ronde: %d verzonden, %d mislukt, %d geparkeerd, dagtaken %s",
                    gedaan.verzonden, gedaan.mislukt, gedaan.geparkeerd, ", ".join(gedaan.dagtaken) or "-",
                )
        except Exception:
            log.exception("ronde mislukt; over %s s opnieuw", interval)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)

