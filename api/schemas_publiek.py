"""Response bodies of the public register (no login). Only public fields exist here: a field that is
not in these Structs cannot leave the public API."""

from __future__ import annotations

import datetime as dt

import msgspec

from api.schemas import Link, Schema


class ZelfLink(msgspec.Struct):
    self: Link


class PubliekKeurmerk(Schema, kw_only=True):
    """A keurmerk that an auditor verified. `weergave`, its state today as every page shows it
    (register/rules/keurmerken.py): geldig, verloopt-binnenkort (the last valid day is at most 90 days
    away), verlopen, herregistratie-in-behandeling (within its 90-day grace period), nog-niet-ingegaan,
    aangevraagd, geschorst or ingetrokken."""

    schema: str
    status: str
    geldig_tot: dt.date
    verlopen: bool
    weergave: str


class PubliekeOrganisatieVerwijzing(Schema, kw_only=True):
    id: str
    naam: str


class PubliekeJobcoach(Schema, kw_only=True):
    """A public entry. `id` is the register's id of the coach, for `POST /api/v1/trajecten`."""

    id: str
    registratienummer: str
    naam: str
    status: str
    werkgebied: list[str] = []
    organisaties: list[PubliekeOrganisatieVerwijzing] = []
    keurmerken: list[PubliekKeurmerk] = []
    links: ZelfLink | None = msgspec.field(default=None, name="_links")


class PubliekeJobcoachVerwijzing(Schema, kw_only=True):
    registratienummer: str
    naam: str
    status: str


class PubliekeOrganisatie(Schema, kw_only=True):
    id: str
    naam: str
    plaats: str
    status: str
    website: str | None = None
    werkgebied: list[str] = []
    keurmerken: list[PubliekKeurmerk] = []
    links: ZelfLink | None = msgspec.field(default=None, name="_links")


class PubliekOrganisatieProfiel(PubliekeOrganisatie, kw_only=True):
    """The organisation with the public coaches who work for it today."""

    jobcoaches: list[PubliekeJobcoachVerwijzing] = []
