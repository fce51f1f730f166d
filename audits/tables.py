"""Audit tables: peer review (toetsing), organisation audits, the audit log (a transparency log with its Merkle
tree, checkpoints and keys), the access log."""

from piccolo.columns import (
    JSON,
    UUID,
    BigInt,
    Bytea,
    Date,
    ForeignKey,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from register.tables import Account, Jobcoach, Organisatie
from register.vocabulary import TOETSING_BEGINSTATUS


class Toetsing(Table):
    """An intercollegiale toetsing session; locked (`vastgesteld`) sessions never change."""

    id = UUID(primary_key=True)
    datum = Date(index=True)
    vorm = Varchar(length=40)
    auditor = ForeignKey(references=Account, index=True, on_delete=OnDelete.restrict)
    status = Varchar(length=20, default=TOETSING_BEGINSTATUS, index=True)
    vastgesteld_op = Timestamptz(null=True, default=None)
    corrigeert = ForeignKey(references="self", null=True, on_delete=OnDelete.restrict)
    aangemaakt_op = Timestamptz()
    versie = BigInt(default=1)
    # a second auditor's co-signature, needed to lock a session dated more than 30 days before it was
    # recorded (audits.regels.medeondertekening_nodig)
    medeondertekend_door = Varchar(length=36, null=True, default=None)
    medeondertekend_op = Timestamptz(null=True, default=None)


class ToetsingDeelnemer(Table):
    id = UUID(primary_key=True)
    toetsing = ForeignKey(references=Toetsing, index=True, on_delete=OnDelete.cascade)
    jobcoach = ForeignKey(references=Jobcoach, index=True, on_delete=OnDelete.cascade)
    casus = Text(default="")
    beoordeling = Varchar(length=20)
    feedback = Text(default="")
    leerdoelen = Text(default="")


class OrganisatieAudit(Table):
    id = UUID(primary_key=True)
    organisatie = ForeignKey(references=Organisatie, index=True, on_delete=OnDelete.restrict)
    datum = Date()
    auditor = ForeignKey(references=Account, on_delete=OnDelete.restrict)
    schema = Varchar(length=20)
    uitkomst = Varchar(length=20)
    aangemaakt_op = Timestamptz()
    # a second auditor's co-signature, needed for an audit dated more than 30 days before it was recorded
    # (audits.regels.medeondertekening_nodig): until then its findings cannot be closed
    medeondertekend_door = Varchar(length=36, null=True, default=None)
    medeondertekend_op = Timestamptz(null=True, default=None)


class Bevinding(Table):
    id = UUID(primary_key=True)
    audit = ForeignKey(references=OrganisatieAudit, index=True, on_delete=OnDelete.cascade)
    gebied = Varchar(length=30)
    oordeel = Varchar(length=10)
    maatregel = Text(default="")
    deadline = Date(null=True, default=None, index=True)
    afgerond_op = Timestamptz(null=True, default=None)
    afronding_toelichting = Text(null=True, default=None)
    gesloten_op = Timestamptz(null=True, default=None)
    gesloten_door = Varchar(length=36, null=True, default=None)


class AuditlogRegel(Table):
    """One append-only entry per change (register.infra.tlog has the format).

    Written unsequenced in the change's own transaction: `volgnummer`, `vorige_hash` and `hash` stay
    empty until the sequencer fills them, once (on PostgreSQL a trigger allows nothing else). `ontvangst`
    is the order of arrival, which the sequencer follows."""

    id = UUID(primary_key=True)
    volgnummer = BigInt(unique=True, null=True, default=None)
    ontvangst = BigInt(index=True)
    tijdstip = Timestamptz()
    actor = Varchar(length=36, null=True, default=None)
    actor_rol = Varchar(length=20, null=True, default=None)
    actie = Varchar(length=20)
    objecttype = Varchar(length=40, index=True)
    object_id = Varchar(length=36, index=True)
    wijziging = JSON(default={})
    vorige_hash = Varchar(length=64, null=True, default=None)
    hash = Varchar(length=64, null=True, default=None)


class AuditlogKnoop(Table):
    """Stored hashes of perfect subtrees of the audit log's Merkle tree (levels 0, 4, 8, ...), so proofs
    need no walk over the entries. `sleutel` = level << 48 | index (register.infra.tlog)."""

    sleutel = BigInt(primary_key=True)
    hash = Bytea()


class AuditlogCheckpoint(Table):
    """Every signed checkpoint the register issued (C2SP tlog-checkpoint in a signed note)."""

    id = UUID(primary_key=True)
    grootte = BigInt(index=True)
    wortel = Varchar(length=64)
    tijdstip = Timestamptz(index=True)
    sleutel_id = Varchar(length=8)
    tekst = Text()


class Checkpointsleutel(Table):
    """The Ed25519 key that signs checkpoints (not the statement key); the private half is encrypted with
    the key file's KEK and never leaves the database in a backup."""

    id = UUID(primary_key=True)
    naam = Varchar(length=200)
    sleutel_id = Varchar(length=8, unique=True)
    publieke_sleutel = Varchar(length=64)
    private_versleuteld = Text(null=True, default=None, secret=True)
    aangemaakt_op = Timestamptz()


class Gegevenssleutel(Table):
    """A data key per data subject (`onderwerp`, e.g. `jobcoach:<id>` or `klacht:<id>`) that encrypts the
    subject's personal values in the audit log; wrapped with the key file's KEK. Destroying it (retention,
    an erasure request) leaves the log verifiable and its values unreadable (crypto-shredding)."""

    id = UUID(primary_key=True)
    onderwerp = Varchar(length=80, index=True)
    sleutel = Text(null=True, default=None)
    aangemaakt_op = Timestamptz()
    vernietigd_op = Timestamptz(null=True, default=None)
    vernietigd_reden = Varchar(length=40, null=True, default=None)


class Inzagelog(Table):
    """Each read of a coach's non-public data by someone other than the coach."""

    id = UUID(primary_key=True)
    tijdstip = Timestamptz()
    account = Varchar(length=36, null=True, default=None)
    rol = Varchar(length=20)
    jobcoach = ForeignKey(references=Jobcoach, index=True, on_delete=OnDelete.cascade)
    doel = Varchar(length=100)
    # Logboek Dataverwerkingen (Logius): the processing activity (`dpl.core.processing_activity_id`, a code of
    # register.vocabulary.VERWERKINGSACTIVITEITEN) and the trace that links the entries of one request
    verwerkingsactiviteit = Varchar(length=64, default="")
    trace_id = Varchar(length=32, default="", index=True)
