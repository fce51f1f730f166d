"""Evidence documents (bewijsstukken, issue 15): upload, open, attach to claims, delete with their owner.

A document belongs to one coach or one organisation: the uploader's own record (a coach uploads as the
coach, an organisation account as its organisation). Its type is read from the content's magic bytes
(the `filetype` library), never from the name; only PDF, PNG and JPEG of at most
`DOCUMENT_MAX_BYTES` are accepted. The bytes go to the content-addressed store (register.infra.opslag),
the metadata and hash to the `document` table, the upload to the audit log.

Who opens a document: its owner; for a coach's document everyone who may read the coach's non-public
data (register.services.projecties: an auditor, a beheerder, an organisation that employs the coach now);
for an organisation's document the organisation, auditors and beheerders. Anyone else gets a 404 (the
document's existence is not disclosed). Each open of a coach's document by someone other than the coach
is one entry in the access log.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Iterable
from typing import Any

import filetype
from piccolo.query import WhereRaw

from register import clock, db
from register.actor import SYSTEEM, Actor
from register.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, TeGroot
from register.infra import auditlog, inzage, opslag
from register.infra.records import as_uuid
from register.services import projecties
from register.tables import Bewijsstuk, Dienstverband, Document
from register.vocabulary import (
    BEVESTIGD,
    BEWIJSSTUK_SOORTEN,
    DOCUMENT_MAX_BYTES,
    DOCUMENT_MAX_LOS,
    DOCUMENT_MAX_TOTAAL_BYTES,
    DOCUMENT_MEDIATYPES,
    DOCUMENT_ONGEKOPPELD_UREN,
    OPSLAG_WEES_UREN,
)

VELD = "bewijsstukken"
NIET_GEVONDEN = "Er is geen document met deze id."
DOEL_OPENEN = "bewijsstuk openen"


BESTANDSNAAM_MAX = 200  # characters, the column's length


def schone_bestandsnaam(naam: str | None) -> str | None:
    """The original file name as metadata to show: only its last path part (a client may send a path),
    Unicode NFC, control and format characters removed, spaces collapsed, at most BESTANDSNAAM_MAX
    characters (the extension kept). None for an empty or missing name. Never used as a path: the bytes
    live under their SHA-256."""
    if not naam:
        return None
    naam = unicodedata.normalize("NFC", re.split(r"[\\/]", naam)[-1])
    naam = "".join(t for t in naam if unicodedata.category(t)[0] != "C")
    naam = " ".join(naam.split()).strip(" .")
    if not naam:
        return None
    if len(naam) > BESTANDSNAAM_MAX:
        stam, punt, ext = naam.rpartition(".")
        ext = ext if punt and stam and len(ext) <= 10 else ""
        naam = naam[: BESTANDSNAAM_MAX - len(ext) - (2 if ext else 1)] + "…" + ("." + ext if ext else "")
    return naam


def view(row: dict[str, Any]) -> dict[str, Any]:
    """The API shape: `id`, `sha256` (hex), `mediatype`, `grootte` (bytes), `geupload_op` (UTC),
    `bestandsnaam` (the cleaned original name, or None)."""
    return {
        "id": str(row["id"]),
        "sha256": row["sha256"],
        "mediatype": row["mediatype"],
        "grootte": row["grootte"],
        "geupload_op": row["geupload_op"],
        "bestandsnaam": row.get("bestandsnaam"),
    }


def eigenaar_van(actor: Actor) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """(jobcoach, organisatie) that an upload by this actor belongs to: the own coach record first, else the
    own organisation. Raises Forbidden for an actor with neither."""
    if actor.own_jobcoach_ids:
        return uuid.UUID(sorted(actor.own_jobcoach_ids)[0]), None
    if actor.organisatie_ids:
        return None, uuid.UUID(sorted(actor.organisatie_ids)[0])
    raise Forbidden("Alleen een jobcoach of een organisatie uploadt bewijsstukken.")


def check_inhoud(inhoud: bytes) -> str:
    """The media type of an upload read from its magic bytes (a code of DOCUMENT_MEDIATYPES).

    Raises TeGroot (413) above DOCUMENT_MAX_BYTES, InvalidInput (400, field `bestand`) for an empty file
    or any other type, whatever its name says (a renamed executable is refused here)."""
    if len(inhoud) > DOCUMENT_MAX_BYTES:
        raise TeGroot(
            f"Het bestand is te groot: een bewijsstuk is hoogstens {DOCUMENT_MAX_BYTES // (1024 * 1024)} MB."
        )
    if not inhoud:
        raise InvalidInput.single("bestand", "is leeg")
    soort = filetype.guess(inhoud)
    mediatype = soort.mime if soort is not None else None
    if mediatype not in DOCUMENT_MEDIATYPES.codes:
        raise InvalidInput.single("bestand", "moet een PDF, PNG of JPEG zijn (gecontroleerd op de inhoud)")
    return mediatype


async def check_ruimte(jobcoach: uuid.UUID | None, organisatie: uuid.UUID | None, grootte: int) -> None:
    """Refuse an upload of `grootte` bytes that would give the owner more than DOCUMENT_MAX_LOS documents
    attached to no claim, or more than DOCUMENT_MAX_TOTAAL_BYTES in all: Conflict (409) with the Dutch
    reason. One account cannot fill the store (outsider finding, 2026-11-30: 30 uploads in a row passed)."""
    rows = await Document.raw(
        "SELECT coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM bewijsstuk b WHERE b.document = d.id) "
        "THEN 0 ELSE 1 END), 0) AS los, coalesce(sum(d.grootte), 0) AS totaal "
        "FROM document d WHERE d.jobcoach = {} OR d.organisatie = {}",
        jobcoach,
        organisatie,
    )
    los, totaal = int(rows[0]["los"] or 0), int(rows[0]["totaal"] or 0)
    if los >= DOCUMENT_MAX_LOS:
        raise Conflict(
            f"Er staan al {DOCUMENT_MAX_LOS} bewijsstukken klaar die nog bij geen opleiding, scholing, keurmerk "
            "of kwaliteitsonderdeel horen. Koppel die eerst; losse bewijsstukken worden na een dag opgeruimd."
        )
    if totaal + grootte > DOCUMENT_MAX_TOTAAL_BYTES:
        raise Conflict(
            f"De opslagruimte voor bewijsstukken is vol (hoogstens {DOCUMENT_MAX_TOTAAL_BYTES // (1024 * 1024)} "
            "MB samen). Neem contact op met de beheerder van het register."
        )


async def upload(actor: Actor, inhoud: bytes, bestandsnaam: str | None = None) -> dict[str, Any]:
    """Store an upload for the actor's own coach record or organisation, with its original file name
    cleaned by `schone_bestandsnaam`; returns `view` of the new row.

    The bytes are written to the store before the transaction (content-addressed: a failed transaction
    leaves at most an unreferenced file, which `opruimen` removes). Errors: see `check_inhoud`,
    `check_ruimte` (409 when the owner's room is used up), and Forbidden for an actor that owns no coach
    record or organisation."""
    jobcoach, organisatie = eigenaar_van(actor)
    mediatype = check_inhoud(inhoud)
    await check_ruimte(jobcoach, organisatie, len(inhoud))
    sha = opslag.huidige().bewaar(inhoud)
    async with db.transaction():
        row = Document(
            jobcoach=jobcoach,
            organisatie=organisatie,
            sha256=sha,
            mediatype=mediatype,
            grootte=len(inhoud),
            geupload_op=clock.now(),
            geupload_door=actor.account_id,
            bestandsnaam=schone_bestandsnaam(bestandsnaam),
        )
        await row.save()
        await auditlog.record(
            actor,
            "create",
            "document",
            row.id,
            {
                "sha256": sha,
                "mediatype": mediatype,
                "grootte": len(inhoud),
                **({"jobcoach": str(jobcoach)} if jobcoach else {"organisatie": str(organisatie)}),
            },
            betrokkene=f"jobcoach:{jobcoach}" if jobcoach else None,
        )
    return view(await Document.select().where(Document.id == row.id).first())


async def _row(document_id: str) -> dict[str, Any]:
    try:
        uid = uuid.UUID(str(document_id))
    except ValueError:
        raise NotFound(NIET_GEVONDEN) from None
    row = await Document.select().where(Document.id == uid).first()
    if row is None:
        raise NotFound(NIET_GEVONDEN)
    return row


async def toegang(actor: Actor, row: dict[str, Any]) -> str | None:
    """Why this actor may open the document (the access log's purpose), "eigen" for the owner, or None.
    A coach's document follows the coach's projections (register.services.projecties): whoever gets the
    coach's private dossier may open it; an organisation only with a confirmed dienstverband in force
    today (Dutch date)."""
    if row["jobcoach"] is not None:
        if actor.is_coach(str(row["jobcoach"])):
            return "eigen"
        werkgever_nu = bool(actor.organisatie_ids) and await _in_dienst_bij(actor, row["jobcoach"])
        return projecties.DOELEN.get(projecties.projectie(actor, row["jobcoach"], werkgever_nu=werkgever_nu))
    if actor.is_organisatie(str(row["organisatie"])):
        return "eigen"
    if actor.has("auditor", "beheerder"):
        return DOEL_OPENEN
    return None


async def _in_dienst_bij(actor: Actor, jobcoach_id: Any) -> bool:
    vandaag = clock.today()
    return await Dienstverband.exists().where(
        (Dienstverband.jobcoach == jobcoach_id)
        & Dienstverband.organisatie.is_in([uuid.UUID(o) for o in actor.organisatie_ids])
        & (Dienstverband.status == BEVESTIGD)
        & (Dienstverband.van <= vandaag)
        & (Dienstverband.tot.is_null() | (Dienstverband.tot >= vandaag))
    )


async def openen(actor: Actor, document_id: str) -> tuple[dict[str, Any], bytes]:
    """The document's metadata (`view`) and bytes for an actor who may open it (see the module docstring);
    logs the open of a coach's document by anyone but the coach. Raises NotFound (404) for an unknown id
    and for an actor who may not open it, and NotFound when the bytes are missing from the store."""
    row = await _row(document_id)
    if await toegang(actor, row) is None:
        raise NotFound(NIET_GEVONDEN)
    try:
        inhoud = opslag.huidige().lees(row["sha256"])
    except FileNotFoundError:
        raise NotFound("De inhoud van dit document is niet (meer) beschikbaar.") from None
    if row["jobcoach"] is not None and not actor.is_coach(str(row["jobcoach"])):
        await inzage.record_read(actor, str(row["jobcoach"]), DOEL_OPENEN)
    return view(row), inhoud


async def koppel(
    actor: Actor,
    soort: str,
    claim_id: Any,
    document_ids: Iterable[str],
    *,
    jobcoach: Any = None,
    organisatie: Any = None,
) -> list[str]:
    """Attach the owner's own documents to a claim, inside the caller's transaction; returns the ids.

    `soort` is a code of BEWIJSSTUK_SOORTEN; exactly one of `jobcoach`, `organisatie` names the claim's
    holder. Raises InvalidInput (field `bewijsstukken`) for an unknown id or a document of someone else
    (only your own documents can be attached); an id given twice is attached once."""
    if soort not in BEWIJSSTUK_SOORTEN.codes:
        raise ValueError(f"onbekende soort {soort!r}")
    ids = list(dict.fromkeys(str(d) for d in document_ids))
    if not ids:
        return []
    errors: list[FieldError] = []
    uids: list[uuid.UUID] = []
    for i, d in enumerate(ids):
        try:
            uids.append(uuid.UUID(d))
        except ValueError:
            errors.append(FieldError(f"{VELD}[{i}]", "is geen geldige id"))
    if errors:
        raise InvalidInput(errors)
    rows = {str(r["id"]): r for r in await Document.select().where(Document.id.is_in(uids))}
    for i, d in enumerate(ids):
        r = rows.get(str(uuid.UUID(d)))
        eigen = r is not None and (
            (jobcoach is not None and r["jobcoach"] is not None and str(r["jobcoach"]) == str(jobcoach))
            or (
                organisatie is not None
                and r["organisatie"] is not None
                and str(r["organisatie"]) == str(organisatie)
            )
        )
        if not eigen:
            errors.append(FieldError(f"{VELD}[{i}]", "is geen eigen document (upload het eerst)"))
    if errors:
        raise InvalidInput(errors)
    now = clock.now()
    bestaand = {
        str(r["document"])
        for r in await Bewijsstuk.select(Bewijsstuk.document).where(
            (Bewijsstuk.claim == as_uuid(claim_id, "Object")) & (Bewijsstuk.soort == soort)
        )
    }
    nieuw = [u for u in uids if str(u) not in bestaand]
    for u in nieuw:
        await Bewijsstuk(document=u, soort=soort, claim=as_uuid(claim_id, "Object"), gekoppeld_op=now).save()
    if nieuw:
        await auditlog.record(
            actor,
            "attach",
            soort,
            claim_id,
            {VELD: [str(u) for u in nieuw]},
            betrokkene=f"jobcoach:{jobcoach}" if jobcoach else None,
        )
    return [str(u) for u in uids]


async def bij_claims(soort: str, claim_ids: Iterable[Any]) -> dict[str, list[str]]:
    """The documents attached to each claim, oldest first: {claim id: [document id, ...]}; a claim
    without documents is absent."""
    ids = [as_uuid(c, "Object") for c in claim_ids]
    if not ids:
        return {}
    rows = (
        await Bewijsstuk.select(Bewijsstuk.claim, Bewijsstuk.document)
        .where((Bewijsstuk.soort == soort) & Bewijsstuk.claim.is_in(ids))
        .order_by(Bewijsstuk.gekoppeld_op)
    )
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(str(r["claim"]), []).append(str(r["document"]))
    return out


async def gegevens(document_ids: Iterable[Any]) -> dict[str, dict[str, Any]]:
    """The metadata (`view`) of these documents, keyed by id, for pages that list attached documents to
    someone who may already see the claims (the auditor's work queue); never the content."""
    ids = [as_uuid(d, "Document") for d in set(document_ids)]
    if not ids:
        return {}
    return {str(r["id"]): view(r) for r in await Document.select().where(Document.id.is_in(ids))}


async def met_bewijsstukken(soort: str, views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each claim view (a dict with `id`) with its `bewijsstukken` (document ids) added, in place."""
    gekoppeld = await bij_claims(soort, [v["id"] for v in views])
    for v in views:
        v[VELD] = gekoppeld.get(v["id"], [])
    return views


async def van(*, jobcoach: Any = None, organisatie: Any = None) -> list[dict[str, Any]]:
    """The documents of one coach or one organisation, newest first (`view` shapes)."""
    query = Document.select()
    query = (
        query.where(Document.jobcoach == jobcoach)
        if jobcoach is not None
        else query.where(Document.organisatie == organisatie)
    )
    return [view(r) for r in await query.order_by(Document.geupload_op, ascending=False)]


async def verwijder_van(actor: Actor, *, jobcoach: Any = None, organisatie: Any = None) -> int:
    """Delete every document of one coach or organisation (deregistration, retention), inside the caller's
    transaction: the rows (and their attachments) go, the audit log records it, and the bytes leave the
    store once no other row holds the same hash. Returns the number of documents deleted."""
    rows = await (
        Document.select(Document.id, Document.sha256).where(Document.jobcoach == jobcoach)
        if jobcoach is not None
        else Document.select(Document.id, Document.sha256).where(Document.organisatie == organisatie)
    )
    if not rows:
        return 0
    await Document.delete().where(Document.id.is_in([r["id"] for r in rows]))
    await auditlog.record(
        actor,
        "delete",
        "document",
        str(jobcoach or organisatie),
        {"documenten": len(rows)},
        betrokkene=f"jobcoach:{jobcoach}" if jobcoach else None,
    )
    await _wis_bestanden_na_commit({r["sha256"] for r in rows})
    return len(rows)


async def _wis_bestanden_na_commit(hashes: set[str]) -> set[str]:
    """Inside the transaction that deleted document rows: remove from the store, once it commits, the
    contents of `hashes` that no remaining row holds (another owner may have uploaded the same file).
    Returns those hashes."""
    if not hashes:
        return set()
    nog = {
        r["sha256"] for r in await Document.select(Document.sha256).where(Document.sha256.is_in(list(hashes)))
    }
    weg = hashes - nog

    async def wis() -> None:
        store = opslag.huidige()
        for h in weg:
            store.verwijder(h)

    if weg:
        db.after_commit(wis)
    return weg


async def opruimen(actor: Actor = SYSTEEM) -> dict[str, int]:
    """The worker's daily sweep of the document store (issue 15): returns how many documents and files
    went (`ongekoppeld`, `weesbestanden`).

    1. Documents uploaded more than DOCUMENT_ONGEKOPPELD_UREN hours ago that no claim holds (no
       `bewijsstuk` row) are deleted: their rows in one transaction with one audit-log entry each (the
       owner's coach as betrokkene), their bytes after the commit when no other row holds the same hash.
    2. Files in the store that no document row refers to and that were last stored more than
       OPSLAG_WEES_UREN hours ago (an upload whose transaction failed, a crash between a delete's commit and
       the file's removal) are removed, with one audit-log entry listing their hashes. The hour keeps an
       upload in progress safe: it writes (or touches, register.infra.opslag) its file just before its row
       commits, and each file's age is checked again right before it goes.
    Running it twice, or twice at once, deletes nothing more."""
    now = clock.now()
    async with db.transaction():
        rows = await Document.select(
            Document.id, Document.sha256, Document.jobcoach, Document.organisatie
        ).where(
            (Document.geupload_op < now - dt.timedelta(hours=DOCUMENT_ONGEKOPPELD_UREN))
            & WhereRaw("NOT EXISTS (SELECT 1 FROM bewijsstuk WHERE bewijsstuk.document = document.id)")
        )
        if rows:
            await Document.delete().where(Document.id.is_in([r["id"] for r in rows]))
        for r in rows:
            await auditlog.record(
                actor,
                "delete",
                "document",
                r["id"],
                {
                    "reden": f"niet gekoppeld aan een gegeven binnen {DOCUMENT_ONGEKOPPELD_UREN} uur",
                    "sha256": r["sha256"],
                    **({"jobcoach": str(r["jobcoach"])} if r["jobcoach"] else {}),
                    **({"organisatie": str(r["organisatie"])} if r["organisatie"] else {}),
                },
                betrokkene=f"jobcoach:{r['jobcoach']}" if r["jobcoach"] else None,
            )
        await _wis_bestanden_na_commit({r["sha256"] for r in rows})

    store = opslag.huidige()
    grens = now - dt.timedelta(hours=OPSLAG_WEES_UREN)
    kandidaten = store.opgeslagen_voor(grens)
    weg: list[str] = []
    async with db.transaction():
        for i in range(0, len(kandidaten), 500):
            deel = kandidaten[i : i + 500]
            bekend = {
                r["sha256"] for r in await Document.select(Document.sha256).where(Document.sha256.is_in(deel))
            }
            weg.extend(h for h in deel if h not in bekend)
        if weg:
            # still old after the check against the rows: no upload touched it meanwhile
            nog_oud = set(store.opgeslagen_voor(grens))
            weg = [h for h in weg if h in nog_oud]
        if weg:
            await auditlog.record(
                actor,
                "opruimen",
                "documentopslag",
                "bestanden",
                {"reden": "bestand zonder document", "sha256": weg},
            )
    for h in weg:
        store.verwijder(h)
    return {"ongekoppeld": len(rows), "weesbestanden": len(weg)}
