"""Signals for gemeenten, coaches and organisations (DOMAIN.md "Signals").

`compute()` (the `jobcoach-register signalen` command) evaluates every condition of
register.rules.signalen against the current database, stores the signals that hold and resolves the
stored ones that no longer hold. Each signal has a unique `sleutel`, so a second run changes nothing,
and two runs at the same time cannot create duplicates (the insert is an upsert on the unique key and
the store step is serialized). A verification with today's peildatum on a running traject updates the
`jobcoach-voldoet-niet` signal at once, the same way the job would.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from audits.tables import Bevinding
from register import clock, db, kwaliteit
from register.actor import SYSTEEM, Actor
from register.infra import auditlog, historie, outbox
from register.infra.records import as_uuid
from register.rules import kader as kaders
from register.rules import signalen as rules
from register.rules import uren as urenrules
from register.rules.aanvraag import OPEN_VOOR_BESLUIT
from register.rules.datums import add_months
from register.rules.kwalificatie import Oordeel
from register.services import feiten, toetsingskaders
from register.tables import (
    Aanvraag,
    Gemeente,
    Jobcoach,
    Keurmerk,
    KeurmerkVersie,
    Klacht,
    Kwaliteitsborging,
    Overheveling,
    Rapportage,
    Scholing,
    Signaal,
    Traject,
    Urenregistratie,
    Zelfevaluatie,
)
from register.vocabulary import HERINNERING_SIGNALEN

LOPEND = ("goedgekeurd", "lopend")
LOCK_KEY = 731_905_442
CHUNK = 1000


# --- computing ---------------------------------------------------------------------------------------


async def _national_kader(vandaag: dt.date) -> kaders.Kader:
    return await toetsingskaders.landelijk_kader(vandaag)


def _json(value: Any) -> Any:
    import json

    while isinstance(value, str):
        value = json.loads(value)
    return value


async def _traject_signals(vandaag: dt.date, add, voortgang=None) -> None:
    running = await Traject.select(
        Traject.id,
        Traject.gemeente,
        Traject.referentie,
        Traject.startdatum,
        Traject.regime,
        Traject.contracturen,
        Traject.verlenging_goedgekeurd_op,
        Traject.beeindigd_op,
    ).where(Traject.status.is_in(list(LOPEND)))
    for start in range(0, len(running), CHUNK):
        if voortgang is not None:
            voortgang(start, len(running))
        chunk = running[start : start + CHUNK]
        ids = [r["id"] for r in chunk]
        geladen = await feiten.load(ids)
        in_force: dict = {}  # per chunk: each load brings the kaders of its own gemeenten
        for traject_id, info in geladen.trajecten.items():
            oordeel = feiten.oordeel_voor(geladen, traject_id, vandaag, in_force)
            add(_voldoet_niet(info, oordeel))
        hours = await Urenregistratie.select(
            Urenregistratie.traject, Urenregistratie.datum, Urenregistratie.uren
        ).where(
            Urenregistratie.traject.is_in(ids) & (Urenregistratie.datum > vandaag - dt.timedelta(days=400))
        )
        carried = await Overheveling.select(
            Overheveling.traject, Overheveling.naar_jaar, Overheveling.uren
        ).where(Overheveling.traject.is_in(ids))
        by_traject: dict[Any, list] = {}
        for h in hours:
            by_traject.setdefault(h["traject"], []).append((h["datum"], h["uren"]))
        over: dict[Any, list] = {}
        for o in carried:
            over.setdefault(o["traject"], []).append(urenrules.Overheveling(o["naar_jaar"], o["uren"]))
        for t in chunk:
            verlengd = t["verlenging_goedgekeurd_op"] is not None
            jaar = urenrules.jaar_van(t["startdatum"], vandaag)
            budget = urenrules.urenbudget(
                t["startdatum"],
                t["regime"],
                t["contracturen"],
                verlengd,
                by_traject.get(t["id"], []),
                over.get(t["id"], []),
            )
            current = next((y for y in budget if y.jaar == jaar), None)
            if current is not None:
                add(
                    rules.urenbudget_bijna_op(
                        traject_id=str(t["id"]),
                        gemeente=t["gemeente"],
                        referentie=t["referentie"],
                        jaar=jaar,
                        besteed=current.besteed,
                        maximaal=current.maximaal,
                    )
                )
            if t["beeindigd_op"] is None:
                add(
                    rules.traject_bijna_einde(
                        traject_id=str(t["id"]),
                        gemeente=t["gemeente"],
                        referentie=t["referentie"],
                        einddatum=urenrules.einddatum(t["startdatum"], verlengd),
                        verlengd=verlengd,
                        vandaag=vandaag,
                    )
                )

    overdue = await Rapportage.select(
        Rapportage.id,
        Rapportage.traject,
        Rapportage.soort,
        Rapportage.volgnummer,
        Rapportage.vervaldatum,
        Rapportage.ingediend_op,
        Rapportage.traject.gemeente.as_alias("gemeente"),
        Rapportage.traject.referentie.as_alias("referentie"),
    ).where(
        Rapportage.ingediend_op.is_null()
        & (Rapportage.vervaldatum < vandaag)
        & Rapportage.traject.status.is_in(list(LOPEND))
    )
    for r in overdue:
        add(
            rules.rapportage_te_laat(
                rapportage_id=str(r["id"]),
                traject_id=str(r["traject"]),
                gemeente=r["gemeente"],
                referentie=r["referentie"],
                soort=r["soort"],
                volgnummer=r["volgnummer"],
                vervaldatum=r["vervaldatum"],
                ingediend_op=r["ingediend_op"],
                vandaag=vandaag,
            )
        )


def _voldoet_niet(info, oordeel: Oordeel) -> rules.Signaal | None:
    return rules.jobcoach_voldoet_niet(
        traject_id=info.id,
        gemeente=info.gemeente,
        referentie=info.referentie,
        jobcoach_naam=info.jobcoach_naam,
        registratienummer=info.registratienummer,
        oordeel=oordeel,
    )


async def _keurmerk_signals(vandaag: dt.date, add) -> None:
    grens = add_months(vandaag, max(rules.KEURMERK_DREMPELS))
    rows = await Keurmerk.select(
        Keurmerk.id,
        Keurmerk.jobcoach,
        Keurmerk.organisatie,
        Keurmerk.schema,
        Keurmerk.nummer,
        Keurmerk.geldig_tot,
        Keurmerk.status,
        Keurmerk.verificatie,
        Keurmerk.organisatie.naam.as_alias("organisatie_naam"),
    ).where(
        Keurmerk.id.is_in(
            KeurmerkVersie.select(KeurmerkVersie.keurmerk).where(
                (KeurmerkVersie.geldig_tot >= vandaag) & (KeurmerkVersie.geldig_tot <= grens)
            )
        )
        | ((Keurmerk.geldig_tot >= vandaag) & (Keurmerk.geldig_tot <= grens))
    )
    # the status and end date in force on `vandaag`, not the newest recorded version
    for r in await historie.keurmerken_op(rows, vandaag):
        if not vandaag <= r["geldig_tot"] <= grens:
            continue
        add(
            rules.keurmerk_verloopt(
                keurmerk_id=str(r["id"]),
                schema=r["schema"],
                nummer=r["nummer"],
                geldig_tot=r["geldig_tot"],
                status=r["status"],
                verificatie=r["verificatie"],
                vandaag=vandaag,
                jobcoach=str(r["jobcoach"]) if r["jobcoach"] else None,
                organisatie=str(r["organisatie"]) if r["organisatie"] else None,
                organisatie_naam=r["organisatie_naam"] or "",
            )
        )


async def _coach_signals(vandaag: dt.date, add) -> None:
    from piccolo.query.functions.aggregate import Sum

    kader = await _national_kader(vandaag)
    minimum = float(kader.param("scholing", "urenMinimaal"))
    maanden = int(kader.param("scholing", "maanden"))
    van, tot = rules.scholing_venster(vandaag, maanden)
    actief = [r["id"] for r in await Jobcoach.select(Jobcoach.id).where(Jobcoach.status == "actief")]
    if not actief:
        return
    sums = await (
        Scholing.select(Scholing.jobcoach, Sum(Scholing.uren).as_alias("uren"))
        .where((Scholing.verificatie == "geverifieerd") & (Scholing.datum > van) & (Scholing.datum <= tot))
        .group_by(Scholing.jobcoach)
    )
    uren = {r["jobcoach"]: float(r["uren"] or 0) for r in sums}
    zelf = await Zelfevaluatie.select(Zelfevaluatie.id, Zelfevaluatie.jobcoach, Zelfevaluatie.datum).where(
        Zelfevaluatie.volledig == True  # noqa: E712
    )
    newest: dict[Any, dict] = {}
    for z in zelf:
        if z["jobcoach"] not in newest or (z["datum"], str(z["id"])) > (
            newest[z["jobcoach"]]["datum"],
            str(newest[z["jobcoach"]]["id"]),
        ):
            newest[z["jobcoach"]] = z
    zmaanden = int(kader.param("zelfevaluatie", "maanden"))
    for coach in actief:
        add(
            rules.scholing_achter(
                jobcoach=str(coach), uren=uren.get(coach, 0.0), minimum=minimum, maanden=maanden
            )
        )
        z = newest.get(coach)
        add(
            rules.zelfevaluatie_oud(
                jobcoach=str(coach),
                zelfevaluatie_id=str(z["id"]) if z else None,
                datum=z["datum"] if z else None,
                vandaag=vandaag,
                maanden=zmaanden,
            )
        )


async def _organisatie_signals(vandaag: dt.date, add) -> None:
    klachten = await Klacht.select().where(Klacht.afgehandeld_op.is_null())
    if klachten:
        orgs = list({k["organisatie"] for k in klachten})
        versions = await Kwaliteitsborging.select().where(
            (Kwaliteitsborging.gebied == "klachtprocedure") & Kwaliteitsborging.organisatie.is_in(orgs)
        )
        by_org: dict[Any, list] = {}
        for v in versions:
            v["gegevens"] = _json(v["gegevens"]) or {}
            by_org.setdefault(v["organisatie"], []).append(v)
        for k in klachten:
            procedure = kwaliteit.in_force(
                by_org.get(k["organisatie"], []), "klachtprocedure", k["ontvangen_op"]
            )
            bevestiging, afhandeling = kwaliteit.klacht_termijnen(k["ontvangen_op"], procedure)
            add(
                rules.klacht_te_laat(
                    klacht_id=str(k["id"]),
                    organisatie=str(k["organisatie"]),
                    ontvangen_op=k["ontvangen_op"],
                    bevestigd_op=k["bevestigd_op"],
                    afgehandeld_op=k["afgehandeld_op"],
                    bevestiging_uiterlijk=bevestiging,
                    afhandeling_uiterlijk=afhandeling,
                    vandaag=vandaag,
                )
            )
    bevindingen = await Bevinding.select(
        Bevinding.id,
        Bevinding.gebied,
        Bevinding.oordeel,
        Bevinding.deadline,
        Bevinding.afgerond_op,
        Bevinding.gesloten_op,
        Bevinding.audit.organisatie.as_alias("organisatie"),
        Bevinding.audit.datum.as_alias("audit_datum"),
    ).where((Bevinding.oordeel == "major") & (Bevinding.deadline < vandaag))
    for b in bevindingen:
        add(
            rules.bevinding_te_laat(
                bevinding_id=str(b["id"]),
                organisatie=str(b["organisatie"]),
                gebied=b["gebied"],
                oordeel=b["oordeel"],
                deadline=b["deadline"],
                afgerond=b["afgerond_op"] is not None or b["gesloten_op"] is not None,
                audit_datum=b["audit_datum"],
                vandaag=vandaag,
            )
        )


async def _aanvraag_signals(vandaag: dt.date, add) -> None:
    """Aanvragen open for a decision past their beslistermijn (register.rules.aanvraag)."""
    rows = await Aanvraag.select(
        Aanvraag.id, Aanvraag.gemeente, Aanvraag.status, Aanvraag.beslistermijn
    ).where(Aanvraag.status.is_in(list(OPEN_VOOR_BESLUIT)) & (Aanvraag.beslistermijn < vandaag))
    for r in rows:
        add(
            rules.beslistermijn_verstreken(
                aanvraag_id=str(r["id"]),
                gemeente=r["gemeente"],
                status=r["status"],
                beslistermijn=r["beslistermijn"],
                vandaag=vandaag,
            )
        )


async def compute(vandaag: dt.date | None = None, voortgang=None) -> dict[str, int]:
    """Evaluate every condition now and store the result; returns counts of new, resolved and open.
    `voortgang(done, total)` is called before each chunk of running trajecten."""
    vandaag = vandaag or clock.today()
    desired: dict[str, rules.Signaal] = {}

    def add(signaal: rules.Signaal | None) -> None:
        if signaal is not None:
            desired[signaal.sleutel] = signaal

    await _traject_signals(vandaag, add, voortgang)
    await _keurmerk_signals(vandaag, add)
    await _coach_signals(vandaag, add)
    await _organisatie_signals(vandaag, add)
    await _aanvraag_signals(vandaag, add)
    return await _store(desired.values(), resolve_others=True)


# --- storing -----------------------------------------------------------------------------------------


def _row(s: rules.Signaal, now: dt.datetime) -> Signaal:
    return Signaal(
        sleutel=s.sleutel,
        soort=s.soort,
        ontvanger_rol=s.ontvanger_rol,
        gemeente=s.gemeente,
        jobcoach=as_uuid(s.jobcoach, "jobcoach") if s.jobcoach else None,
        organisatie=as_uuid(s.organisatie, "organisatie") if s.organisatie else None,
        onderwerp_type=s.onderwerp_type,
        onderwerp_id=s.onderwerp_id,
        tekst=s.tekst,
        aangemaakt_op=now,
        opgelost_op=None,
    )


async def _upsert(signals: list[rules.Signaal], now: dt.datetime) -> None:
    """Insert new signals; a resolved one with the same key opens again with the new text."""
    for start in range(0, len(signals), 500):
        rows = [_row(s, now) for s in signals[start : start + 500]]
        await Signaal.insert(*rows).on_conflict(
            target=Signaal.sleutel,
            action="DO UPDATE",
            values=[Signaal.opgelost_op, Signaal.tekst, Signaal.aangemaakt_op],
            where=Signaal.opgelost_op.is_not_null(),
        )


HERINNERING_NAMESPACE = uuid.UUID("6f1d2c3a-8b4e-4f6a-9c1d-2e3f4a5b6c7d")


async def _herinneringen(new: list[rules.Signaal]) -> int:
    """E-mail the holder of each new holder signal (HERINNERING_SIGNALEN) through the outbox, in the
    signals' transaction; at most once per signal key (the message id derives from it), so a threshold
    that is resolved and reached again is not mailed twice. The e-mail names the kind of reminder and links
    to the coach's page; the details are there, behind the log-in. Returns the messages written."""
    wanted = [s for s in new if s.soort in HERINNERING_SIGNALEN and s.ontvanger_rol == "jobcoach" and s.jobcoach]
    if not wanted:
        return 0
    ids = {uuid.UUID(s.jobcoach) for s in wanted if s.jobcoach}
    adressen: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids)[start : start + 500]
        for row in await Jobcoach.select(Jobcoach.id, Jobcoach.email).where(Jobcoach.id.is_in(chunk)):
            if row["email"]:
                adressen[str(row["id"])] = row["email"]
    n = 0
    for s in wanted:
        adres = adressen.get(str(s.jobcoach))
        if not adres:
            continue
        await outbox.schrijf(
            "email",
            "herinnering",
            adres,
            {"signaal": s.soort, "pad": f"/jobcoach/{s.jobcoach}"},
            bericht_id=uuid.uuid5(HERINNERING_NAMESPACE, s.sleutel),
            eenmalig=True,
        )
        n += 1
    return n


async def _overzichten(new: list[rules.Signaal]) -> int:
    """E-mail each gemeente with a mailbox (gemeente.contact_email) a digest of its new signals: how many of
    each kind, and a link to its page (no names). At most one per gemeente and Dutch day. Returns the
    messages written."""
    per_gemeente: dict[str, dict[str, int]] = {}
    for s in new:
        if s.ontvanger_rol == "gemeente" and s.gemeente:
            soorten = per_gemeente.setdefault(s.gemeente, {})
            soorten[s.soort] = soorten.get(s.soort, 0) + 1
    if not per_gemeente:
        return 0
    rows = await Gemeente.select(Gemeente.code, Gemeente.contact_email).where(
        Gemeente.code.is_in(list(per_gemeente))
    )
    vandaag = clock.today().isoformat()
    n = 0
    for row in rows:
        if not row["contact_email"]:
            continue
        await outbox.schrijf(
            "email",
            "signalen-overzicht",
            row["contact_email"],
            {"aantallen": per_gemeente[row["code"]], "pad": "/gemeente"},
            bericht_id=uuid.uuid5(HERINNERING_NAMESPACE, f"overzicht:{row['code']}:{vandaag}"),
            eenmalig=True,
        )
        n += 1
    return n


async def _lock(*, shared: bool = False) -> None:
    """Serialize signal writers on PostgreSQL (SQLite has one writer at a time anyway). The signals job
    and a bulk verification take the lock exclusively; a single verification, which touches at most one
    signal row and relies on row locks and ON CONFLICT for that row, takes it shared, so concurrent
    single verifications do not queue behind each other but still wait for the job."""
    if db.is_postgres():
        function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        await Signaal.raw(f"SELECT {function}({{}})", LOCK_KEY)


async def _store(
    signals: Iterable[rules.Signaal],
    *,
    resolve_others: bool,
    actor: Actor = SYSTEEM,
) -> dict[str, int]:
    wanted = {s.sleutel: s for s in signals}
    now = clock.now()
    async with db.transaction():
        await _lock()
        query = Signaal.select(Signaal.id, Signaal.sleutel, Signaal.tekst).where(
            Signaal.opgelost_op.is_null()
        )
        open_rows = {r["sleutel"]: r for r in await query}
        new = [s for k, s in wanted.items() if k not in open_rows]
        changed = [
            (open_rows[k]["id"], s.tekst)
            for k, s in wanted.items()
            if k in open_rows and open_rows[k]["tekst"] != s.tekst
        ]
        resolved = [r["id"] for k, r in open_rows.items() if k not in wanted] if resolve_others else []
        await _upsert(new, now)
        await _herinneringen(new)
        if resolve_others:  # the daily job: one digest of the new signals per gemeente
            await _overzichten(new)
        for row_id, tekst in changed:
            await Signaal.update({Signaal.tekst: tekst}).where(Signaal.id == row_id)
        for start in range(0, len(resolved), 500):
            await Signaal.update({Signaal.opgelost_op: now}).where(
                Signaal.id.is_in(resolved[start : start + 500])
            )
        open_count = len(open_rows) - len(resolved) + len(new)
        if new or resolved or changed:
            await auditlog.record(
                actor,
                "compute",
                "signaal",
                uuid.uuid4(),
                {"nieuw": len(new), "bijgewerkt": len(changed), "opgelost": len(resolved)},
            )
    return {"nieuw": len(new), "bijgewerkt": len(changed), "opgelost": len(resolved), "open": open_count}


async def record_verdicts(pairs: list[tuple[Any, Oordeel]]) -> None:
    """Today's verdicts on running trajecten: open or resolve their `jobcoach-voldoet-niet` signal.
    Runs inside the verification's transaction."""
    if not pairs:
        return
    now = clock.now()
    raise_ = [s for s in (_voldoet_niet(info, oordeel) for info, oordeel in pairs) if s is not None]
    clear = [rules.voldoet_niet_sleutel(info.id) for info, oordeel in pairs if oordeel.gekwalificeerd]
    await _lock(shared=len(pairs) == 1)
    if raise_:
        keys = [s.sleutel for s in raise_]
        open_now = {
            r["sleutel"]: r["tekst"]
            for r in await Signaal.select(Signaal.sleutel, Signaal.tekst).where(
                Signaal.sleutel.is_in(keys) & Signaal.opgelost_op.is_null()
            )
        }
        await _upsert([s for s in raise_ if s.sleutel not in open_now], now)
        # only rewrite a text that changed: re-verifying a thousand trajecten that still fail must not
        # cost a thousand UPDATE statements
        for s in raise_:
            if s.sleutel in open_now and open_now[s.sleutel] != s.tekst:
                await Signaal.update({Signaal.tekst: s.tekst}).where(Signaal.sleutel == s.sleutel)
    if clear:
        await Signaal.update({Signaal.opgelost_op: now}).where(
            Signaal.sleutel.is_in(clear) & Signaal.opgelost_op.is_null()
        )


# --- reading -----------------------------------------------------------------------------------------


def _view(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(r["id"]),
        "soort": r["soort"],
        "tekst": r["tekst"],
        "ontvanger_rol": r["ontvanger_rol"],
        "gemeente": r["gemeente"],
        "jobcoach": str(r["jobcoach"]) if r["jobcoach"] else None,
        "organisatie": str(r["organisatie"]) if r["organisatie"] else None,
        "onderwerp_type": r["onderwerp_type"],
        "onderwerp_id": r["onderwerp_id"],
        "aangemaakt_op": r["aangemaakt_op"],
        "opgelost_op": r["opgelost_op"],
    }


def _scope(actor: Actor):
    conditions = []
    if actor.gemeente_codes:
        conditions.append(
            (Signaal.ontvanger_rol == "gemeente") & Signaal.gemeente.is_in(sorted(actor.gemeente_codes))
        )
    if actor.own_jobcoach_ids:
        conditions.append(
            (Signaal.ontvanger_rol == "jobcoach")
            & Signaal.jobcoach.is_in([as_uuid(j, "jobcoach") for j in actor.own_jobcoach_ids])
        )
    if actor.organisatie_ids:
        conditions.append(
            (Signaal.ontvanger_rol == "organisatie")
            & Signaal.organisatie.is_in([as_uuid(o, "organisatie") for o in actor.organisatie_ids])
        )
    if not conditions:
        return None
    where = conditions[0]
    for c in conditions[1:]:
        where = where | c
    return where


async def list_for(
    actor: Actor, offset: int = 0, limit: int = 50, *, alleen_open: bool = True
) -> tuple[list[dict[str, Any]], int]:
    """The caller's signals (by their roles), newest first."""
    where = _scope(actor)
    if where is None:
        return [], 0
    if alleen_open:
        where = where & Signaal.opgelost_op.is_null()
    rows = (
        await Signaal.select()
        .where(where)
        .order_by(Signaal.aangemaakt_op, ascending=False)
        .order_by(Signaal.id)
        .offset(offset)
        .limit(limit)
    )
    return [_view(r) for r in rows], await Signaal.count().where(where)
