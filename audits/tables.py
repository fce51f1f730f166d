"""Audit tables: peer review (toetsing), organisation audits, the hash-chained audit log, the access log."""

from piccolo.columns import (
    JSON,
    UUID,
    BigInt,
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
    """One append-only row per change; `hash` chains it to the previous row (SHA-256)."""

    id = UUID(primary_key=True)
    volgnummer = BigInt(unique=True)
    tijdstip = Timestamptz()
    actor = Varchar(length=36, null=True, default=None)
    actor_rol = Varchar(length=20, null=True, default=None)
    actie = Varchar(length=20)
    objecttype = Varchar(length=40, index=True)
    object_id = Varchar(length=36, index=True)
    wijziging = JSON(default={})
    vorige_hash = Varchar(length=64)
    hash = Varchar(length=64)


class Inzagelog(Table):
    """Each read of a coach's non-public data by someone other than the coach."""

    id = UUID(primary_key=True)
    tijdstip = Timestamptz()
    account = Varchar(length=36, null=True, default=None)
    rol = Varchar(length=20)
    jobcoach = ForeignKey(references=Jobcoach, index=True, on_delete=OnDelete.cascade)
    doel = Varchar(length=100)
