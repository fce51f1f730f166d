"""The personal-data access log (inzagelog) in the shape of Logius' Logboek Dataverwerkingen (LDV).

Every read of a coach's non-public data by someone other than the coach is one entry: who (`account`,
`rol`), when (`tijdstip`, UTC), which data subject (`jobcoach`, the LDV `dpl.core.data_subject_id`, typed as
the register's jobcoach id), which processing activity (`verwerkingsactiviteit`, the LDV
`dpl.core.processing_activity_id`, a code of register.vocabulary.VERWERKINGSACTIVITEITEN), the operation
(`doel`, the LDV `name`) and the trace (`trace_id`, 16 random bytes as 32 hex digits, the LDV `trace_id`) that
links every entry written for one request. A list read writes one entry per coach shown, in one statement.
The web layer starts a trace per request (`begin_trace`); outside a request (the command line) each call
gets a trace of its own.
"""

from __future__ import annotations

import contextvars
import secrets
import uuid
from collections.abc import Iterable
from typing import Any

from audits.tables import Inzagelog
from register import clock
from register.actor import Actor
from register.vocabulary import VERWERKINGSACTIVITEIT_PER_ROL, VERWERKINGSACTIVITEITEN

_TRACE: contextvars.ContextVar[str | None] = contextvars.ContextVar("inzage_trace", default=None)
_ROL_VOLGORDE = ("beheerder", "auditor", "gemeente", "organisatie")


def begin_trace(trace_id: str | None = None) -> str:
    """Start the trace of one request (a W3C/LDV trace id: 32 lowercase hex digits); returns it."""
    value = trace_id or secrets.token_hex(16)
    _TRACE.set(value)
    return value


def current_trace() -> str:
    """The trace id of the running request, or a fresh one when no request started a trace."""
    return _TRACE.get() or secrets.token_hex(16)


def activiteit_van(actor: Actor) -> str:
    """The processing activity of a read by this actor: from its most far-reaching role."""
    for rol in _ROL_VOLGORDE:
        if actor.has(rol):
            return VERWERKINGSACTIVITEIT_PER_ROL[rol]
    return "overig"


async def record_read(actor: Actor, jobcoach_id: Any, doel: str, *, activiteit: str | None = None) -> None:
    """Log a read by anyone but the coach themselves (their own reads are not 'someone else')."""
    await record_reads(actor, [jobcoach_id], doel, activiteit=activiteit)


async def record_reads(
    actor: Actor, jobcoach_ids: Iterable[Any], doel: str, *, activiteit: str | None = None
) -> None:
    """Log one read per distinct coach shown (a list, a bulk verification) in one multi-row statement.

    `doel` names the operation (e.g. "jobcoaches tonen"); `activiteit` a code of VERWERKINGSACTIVITEITEN
    (default: from the actor's role). Raises ValueError for an unknown activity code.
    """
    from register.infra.bulk import insert_rows

    activity = activiteit or activiteit_van(actor)
    if activity not in VERWERKINGSACTIVITEITEN:
        raise ValueError(f"onbekende verwerkingsactiviteit {activity!r}")
    now = clock.now()
    trace = current_trace()
    await insert_rows(
        Inzagelog,
        ("id", "tijdstip", "account", "rol", "jobcoach", "doel", "verwerkingsactiviteit", "trace_id"),
        [
            (
                uuid.uuid4(),
                now,
                actor.account_id,
                actor.rol_label,
                uuid.UUID(jobcoach_id),
                doel,
                activity,
                trace,
            )
            for jobcoach_id in dict.fromkeys(str(j) for j in jobcoach_ids)
            if not actor.is_coach(jobcoach_id)
        ],
    )


async def reads_of(jobcoach_id: Any) -> list[dict[str, Any]]:
    """Who read the coach's data, newest first: time (UTC), account and its name, role, operation
    (`doel`), processing activity (code and label) and trace id."""
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
            "verwerkingsactiviteit": r["verwerkingsactiviteit"] or None,
            "verwerkingsactiviteit_label": (
                VERWERKINGSACTIVITEITEN.label(r["verwerkingsactiviteit"])
                if r["verwerkingsactiviteit"]
                else None
            ),
            "trace_id": r["trace_id"] or None,
        }
        for r in rows
    ]
