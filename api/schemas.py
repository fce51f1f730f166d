"""Request and response bodies of the JSON API (msgspec Structs, camelCase on the wire).

`extra_checks(values)` holds each body's cross-field and domain checks; it runs on every field that
decoded, so a client hears about every error at once.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Any, Generic, Literal, TypeVar

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from api.validation import bsn_fouten
from register import clock
from register import validators as v
from register import vocabulary as voc
from register.errors import FieldError

Tekst = Annotated[str, Meta(min_length=1, max_length=200)]
LangeTekst = Annotated[str, Meta(max_length=5000)]
GemeenteCode = Annotated[
    str,
    # [0-9], not \d (which takes any Unicode digit); (?!\n) because `$` also matches before a final newline
    Meta(pattern=r"^GM[0-9]{4}(?!\n)$", extra={"fout": "moet een CBS-gemeentecode zijn, zoals GM0599"}),
]
Id = Annotated[str, Meta(min_length=1, max_length=64, extra={"bsn": "verwijzing"})]
# The ids of the uploader's own documents attached to a claim (issue 15, POST /api/v1/documenten first).
Bewijsstukken = Annotated[list[Id], Meta(max_length=20)]
Telefoon = Annotated[str, Meta(max_length=30, extra={"bsn": "telefoonnummer"})]
Wachtwoord = Annotated[str, Meta(min_length=12, max_length=256, extra={"bsn": "geheim"})]

# Enumerations take their codes from register.vocabulary (one list from the database to the screen).
KeurmerkStatus = Literal[voc.KEURMERK_STATUSSEN.codes]  # type: ignore[valid-type]
PersoonsSchema = Literal[voc.PERSOONS_SCHEMAS.codes]  # type: ignore[valid-type]
OrganisatieSchema = Literal[voc.ORGANISATIE_SCHEMAS.codes]  # type: ignore[valid-type]
Competentie = Literal[voc.COMPETENTIES.codes]  # type: ignore[valid-type]
Rol = Literal[voc.ROLLEN.codes]  # type: ignore[valid-type]
JobcoachStatus = Literal[voc.JOBCOACH_STATUSSEN.codes]  # type: ignore[valid-type]
OrganisatieStatus = Literal[voc.ORGANISATIE_STATUSSEN.codes]  # type: ignore[valid-type]
DienstverbandSoort = Literal[voc.DIENSTVERBAND_SOORTEN.codes]  # type: ignore[valid-type]
DienstverbandStatus = Literal[voc.DIENSTVERBAND_STATUSSEN.codes]  # type: ignore[valid-type]
OpleidingSoort = Literal[voc.OPLEIDING_SOORTEN.codes]  # type: ignore[valid-type]
ScholingCategorie = Literal[voc.SCHOLING_CATEGORIEEN.codes]  # type: ignore[valid-type]
COMPETENTIES: tuple[str, ...] = voc.COMPETENTIES.codes


INVOER_ACHTERVOEGSELS = ("Invoer", "Wijziging")


class Schema(Struct, rename="camel", kw_only=True):
    """Base of every body. Input bodies (names ending in `Invoer` or `Wijziging`) refuse a BSN in any string,
    nested ones included (api.validation.bsn_fouten; its allow-list is BSN_VRIJSTELLINGEN)."""

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # decided once per class, not per object: a bulk response builds ten thousand of them
        cls._invoer = cls.__name__.endswith(INVOER_ACHTERVOEGSELS)  # type: ignore[attr-defined]
        cls._has_checks = cls._invoer or cls.extra_checks.__func__ is not Schema.extra_checks.__func__  # type: ignore[attr-defined]

    def __post_init__(self) -> None:
        # Domain checks also run when Litestar decodes a body; the error handler then re-validates the
        # raw body to report every field at once (see api.validation).
        if not type(self)._has_checks:
            return
        values = {f: getattr(self, f) for f in self.__struct_fields__}
        errors = bsn_fouten(self, type(self), "") if type(self)._invoer else []  # type: ignore[attr-defined]
        errors += type(self).extra_checks(values)
        if errors:
            raise ValueError("; ".join(f"{e.name}: {e.reason}" for e in errors))


class Link(Struct):
    href: str


class Links(Struct, kw_only=True):
    self: Link
    next: Link | None = None
    prev: Link | None = None


T = TypeVar("T")


class Lijst(Struct, Generic[T], kw_only=True):
    """A page of a list, with `_links` to the neighbouring pages."""

    links: Links = msgspec.field(name="_links")
    aantal: int
    pagina: int
    pagina_grootte: int = msgspec.field(name="paginaGrootte")
    resultaten: list[T]


class Zoeklijst(Lijst[T], Generic[T], kw_only=True):
    """A page of search results: `aantal` is exact up to a cap (register.services.zoeken.AANTAL_GRENS);
    above it `aantalIsOndergrens` is true and `aantal` means "meer dan aantal"."""

    aantal_is_ondergrens: Annotated[
        bool,
        msgspec.Meta(
            description="Waar als er meer treffers zijn dan `aantal` (het aantal wordt tot een grens exact "
            "geteld; daarboven betekent het 'meer dan aantal')."
        ),
    ] = msgspec.field(name="aantalIsOndergrens")


@functools.lru_cache(maxsize=4096)
def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def check_dates(values: dict[str, Any], *names: str) -> list[FieldError]:
    today = clock.today()
    errors = []
    for name in names:
        value = values.get(name)
        if isinstance(value, dt.date) and (reason := v.check_date_range(value, today=today)):
            errors.append(FieldError(_camel(name), reason))
    return errors


def check_past(values: dict[str, Any], *names: str) -> list[FieldError]:
    today = clock.today()
    return [
        FieldError(_camel(n), "mag niet in de toekomst liggen")
        for n in names
        if isinstance(values.get(n), dt.date) and values[n] > today
    ]


def check_order(values: dict[str, Any], first: str, second: str, reason: str) -> list[FieldError]:
    a, b = values.get(first), values.get(second)
    if isinstance(a, dt.date) and isinstance(b, dt.date) and b < a:
        return [FieldError(_camel(second), reason)]
    return []


def check_een_van(values: dict[str, Any], first: str, second: str) -> list[FieldError]:
    """Exactly one of two fields that name the same thing (an id, or a public number): both or neither is
    an error naming the first field (missing) or the second (both given)."""
    given = [n for n in (first, second) if values.get(n, UNSET) is not UNSET]
    if not given:
        return [FieldError(_camel(first), f"is verplicht (of geef {_camel(second)})")]
    if len(given) == 2:
        return [FieldError(_camel(second), f"geef {_camel(first)} of {_camel(second)}, niet allebei")]
    return []


# --- accounts and gemeenten -------------------------------------------------------------------------


class RolInvoer(Schema, kw_only=True):
    rol: Rol
    jobcoach: Id | None = None
    organisatie: Id | None = None
    gemeente: GemeenteCode | None = None


class GebruikerInvoer(Schema, kw_only=True):
    """A new account; without `wachtwoord` the person gets an invitation by e-mail (issue 15)."""

    gebruikersnaam: Annotated[str, Meta(min_length=3, max_length=64)]
    wachtwoord: Wachtwoord | UnsetType = UNSET
    email: Annotated[str, Meta(max_length=254)]
    rollen: Annotated[list[RolInvoer], Meta(min_length=1, max_length=10)]

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        if "email" in values and (reason := v.check_email(values["email"])):
            return [FieldError("email", reason)]
        return []


class WachtwoordWijziging(Schema, kw_only=True):
    """Your own password: the current one and the new one (at least 12 characters, not guessable)."""

    huidig_wachtwoord: Annotated[str, Meta(min_length=1, max_length=256, extra={"bsn": "geheim"})]
    nieuw_wachtwoord: Wachtwoord


class GebruikerWijziging(Schema, kw_only=True):
    actief: bool | UnsetType = UNSET
    rollen: Annotated[list[RolInvoer], Meta(min_length=1, max_length=10)] | UnsetType = UNSET


class RolUitvoer(Schema, kw_only=True):
    rol: str
    jobcoach: str | None = None
    organisatie: str | None = None
    gemeente: str | None = None


class Gebruiker(Schema, kw_only=True):
    id: str
    gebruikersnaam: str
    email: str
    actief: bool
    rollen: list[RolUitvoer]


class ApplicatieRolInvoer(Schema, kw_only=True):
    """A role of an API client: only what `register.services.applicaties.ROLLEN_VOOR_APPLICATIES` allows
    (a gemeente role with its CBS code), so the OpenAPI enum offers nothing the server refuses."""

    rol: Literal["gemeente"]
    gemeente: GemeenteCode


class ApplicatieInvoer(Schema, kw_only=True):
    """A new API client of a gemeente (issue 16): its name and roles (only `gemeente` roles)."""

    naam: Tekst
    rollen: Annotated[list[ApplicatieRolInvoer], Meta(min_length=1, max_length=10)]


class ApplicatieRol(Schema, kw_only=True):
    rol: str
    gemeente: str | None = None


class Applicatie(Schema, kw_only=True):
    """An API client. `clientSecret` is present only in the answer that made or rotated it: the register
    keeps only its hash. Times are UTC."""

    id: str
    naam: str
    client_id: str
    rollen: list[ApplicatieRol]
    aangemaakt_op: dt.datetime
    geroteerd_op: dt.datetime | None = None
    ingetrokken_op: dt.datetime | None = None
    client_secret: str | UnsetType = UNSET


class GemeenteInvoer(Schema, kw_only=True):
    code: GemeenteCode
    naam: Tekst
    ingangsdatum: dt.date | None = None
    einddatum: dt.date | None = None
    opvolger: GemeenteCode | None = None
    # the gemeente's mailbox for the register's e-mails (signal digest, suspensions); not shown in output
    contact_email: Annotated[str, Meta(max_length=254)] | None = None

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        errors = check_order(
            values, "ingangsdatum", "einddatum", "mag niet voor de ingangsdatum liggen"
        ) + check_dates(values, "ingangsdatum", "einddatum")
        if isinstance(values.get("contact_email"), str) and (
            reason := v.check_email(values["contact_email"])
        ):
            errors.append(FieldError("contactEmail", reason))
        return errors


class GemeenteUitvoer(Schema, kw_only=True):
    code: str
    naam: str
    ingangsdatum: dt.date | None = None
    einddatum: dt.date | None = None
    opvolger: str | None = None


class TokenAntwoord(Struct):
    access_token: str
    token_type: str
    expires_in: int


# --- organisaties -----------------------------------------------------------------------------------

Postcode = Annotated[str, Meta(max_length=10)]
KvK = Annotated[str, Meta(max_length=20)]


class OrganisatieInvoer(Schema, kw_only=True):
    naam: Tekst
    kvk_nummer: KvK
    postcode: Postcode
    plaats: Tekst
    website: Annotated[str, Meta(max_length=300)] | None = None
    werkgebied: Annotated[list[GemeenteCode], Meta(max_length=400)] = []

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return organisatie_checks(values)


def organisatie_checks(values: dict[str, Any]) -> list[FieldError]:
    errors = []
    if isinstance(values.get("kvk_nummer"), str) and (reason := v.check_kvk(values["kvk_nummer"])):
        errors.append(FieldError("kvkNummer", reason))
    if isinstance(values.get("postcode"), str) and (reason := v.check_postcode(values["postcode"])):
        errors.append(FieldError("postcode", reason))
    if isinstance(values.get("website"), str) and (reason := v.check_website(values["website"])):
        errors.append(FieldError("website", reason))
    return errors


class OrganisatieWijziging(Schema, kw_only=True):
    naam: Tekst | UnsetType = UNSET
    kvk_nummer: KvK | UnsetType = UNSET
    postcode: Postcode | UnsetType = UNSET
    plaats: Tekst | UnsetType = UNSET
    website: Annotated[str, Meta(max_length=300)] | None | UnsetType = UNSET
    werkgebied: Annotated[list[GemeenteCode], Meta(max_length=400)] | UnsetType = UNSET
    versie: Annotated[int, Meta(ge=1)] | UnsetType = UNSET

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return organisatie_checks(values)


class KeurmerkInvoer(Schema, kw_only=True):
    schema: str
    nummer: Annotated[str, Meta(min_length=1, max_length=40)]
    ingangsdatum: dt.date
    geldig_tot: dt.date
    status: KeurmerkStatus = voc.KEURMERK_BEGINSTATUS
    bewijsstukken: Bewijsstukken = msgspec.field(default_factory=list)

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return (
            check_order(values, "ingangsdatum", "geldig_tot", "mag niet voor de ingangsdatum liggen")
            + check_dates(values, "ingangsdatum", "geldig_tot")
            + check_past(values, "ingangsdatum")
        )


class OrganisatieKeurmerkInvoer(KeurmerkInvoer, kw_only=True):
    schema: OrganisatieSchema  # type: ignore[assignment]


class PersoonsKeurmerkInvoer(KeurmerkInvoer, kw_only=True):
    schema: PersoonsSchema  # type: ignore[assignment]


class KeurmerkWijziging(Schema, kw_only=True):
    status: KeurmerkStatus | UnsetType = UNSET
    geldig_tot: dt.date | UnsetType = UNSET
    # new documents for a rejected keurmerk: attached beside the earlier ones, the claim is submitted again
    bewijsstukken: Bewijsstukken | UnsetType = UNSET
    versie: Annotated[int, Meta(ge=1)] | UnsetType = UNSET

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return check_dates(values, "geldig_tot")


KeurmerkLevensloopStatus = Literal[voc.KEURMERK_LEVENSLOOP_STATUSSEN]  # type: ignore[valid-type]


class KeurmerkStatuswijzigingInvoer(Schema, kw_only=True, forbid_unknown_fields=True):
    """A scheme decision (auditor, beheerder) or a holder's herregistratie report, in force from
    `ingangsdatum`; `geldigTot` (auditor, beheerder only) sets a new last valid day."""

    status: KeurmerkLevensloopStatus
    ingangsdatum: dt.date
    toelichting: LangeTekst = ""
    geldig_tot: dt.date | UnsetType = UNSET


class KeurmerkVersie(Schema, kw_only=True):
    """One version of a keurmerk's status and validity, in force from `ingangsdatum`; recorded at
    `vastgelegdOp` by the account named `vastgelegdDoorNaam` (its gebruikersnaam; null for the system)."""

    id: str
    status: str
    geldig_tot: dt.date
    ingangsdatum: dt.date
    toelichting: str
    melding: bool
    vastgelegd_op: dt.datetime
    vastgelegd_door_naam: str | None = None


class Keurmerk(Schema, kw_only=True):
    id: str
    schema: str
    nummer: str
    ingangsdatum: dt.date
    geldig_tot: dt.date
    status: str
    verlopen: bool
    verificatie: str
    beoordeling_toelichting: str | None = None
    beoordeeld_op: dt.datetime | None = None
    versie: int = 1
    bewijsstukken: list[str] = msgspec.field(default_factory=list)


class Gebied(Schema, kw_only=True):
    ingangsdatum: dt.date
    toelichting: LangeTekst = ""
    bewijsstukken: Bewijsstukken = msgspec.field(default_factory=list)


class Klachtprocedure(Gebied, kw_only=True):
    ontvangstbevestiging_dagen: Annotated[int, Meta(ge=1, le=60)]
    afhandeling_weken: Annotated[int, Meta(ge=1, le=52)]
    klachtencommissie: Annotated[str, Meta(max_length=200)] = ""


class KwaliteitsborgingInvoer(Schema, kw_only=True):
    continuiteit: Gebied | None = None
    privacy: Gebied | None = None
    klachtprocedure: Klachtprocedure | None = None
    klanttevredenheid: Gebied | None = None
    scholingsbeleid: Gebied | None = None

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        errors = []
        today = clock.today()
        if not any(values.get(k) for k in GEBIEDEN):
            errors.append(FieldError("body", "vul minstens één gebied in"))
        for name in GEBIEDEN:
            gebied = values.get(name)
            if gebied is None:
                continue
            if reason := v.check_date_range(gebied.ingangsdatum, today=today):
                errors.append(FieldError(f"{name}.ingangsdatum", reason))
        return errors


GEBIEDEN = voc.KWALITEITSBORGING_GEBIEDEN.codes


class GebiedUitvoer(Schema, kw_only=True):
    ingangsdatum: dt.date
    toelichting: str
    vastgelegd_op: dt.datetime
    ontvangstbevestiging_dagen: int | None = None
    afhandeling_weken: int | None = None
    klachtencommissie: str | None = None
    bewijsstukken: list[str] = msgspec.field(default_factory=list)


class Kwaliteitsborging(Schema, kw_only=True):
    continuiteit: GebiedUitvoer | None = None
    privacy: GebiedUitvoer | None = None
    klachtprocedure: GebiedUitvoer | None = None
    klanttevredenheid: GebiedUitvoer | None = None
    scholingsbeleid: GebiedUitvoer | None = None


class TevredenheidsmetingInvoer(Schema, kw_only=True):
    periode_van: dt.date
    periode_tot: dt.date
    respondenten: Annotated[int, Meta(ge=1, le=1_000_000)]
    gemiddelde_score: Annotated[float, Meta(ge=1, le=10)]

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return (
            check_order(values, "periode_van", "periode_tot", "mag niet voor periodeVan liggen")
            + check_dates(values, "periode_van", "periode_tot")
            + check_past(values, "periode_van", "periode_tot")
        )


class Tevredenheidsmeting(Schema, kw_only=True):
    id: str
    periode_van: dt.date
    periode_tot: dt.date
    respondenten: int
    gemiddelde_score: float
    voldoet_aan_uwv_norm: bool


KlachtCategorie = Literal[voc.KLACHT_CATEGORIEEN.codes]  # type: ignore[valid-type]
KlachtUitkomst = Literal[voc.KLACHT_UITKOMSTEN.codes]  # type: ignore[valid-type]


class KlachtInvoer(Schema, kw_only=True):
    """A received complaint: what it is about, never who complained. `jobcoach`: the id of one of the
    organisation's coaches when the complaint concerns them."""

    ontvangen_op: dt.date
    onderwerp: Annotated[str, Meta(min_length=1, max_length=500)]
    categorie: KlachtCategorie
    jobcoach: Id | None = None

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return check_dates(values, "ontvangen_op") + check_past(values, "ontvangen_op")


class KlachtWijziging(Schema, kw_only=True):
    categorie: KlachtCategorie | UnsetType = UNSET
    jobcoach: Id | None | UnsetType = UNSET
    bevestigd_op: dt.date | None | UnsetType = UNSET
    afgehandeld_op: dt.date | None | UnsetType = UNSET
    uitkomst: KlachtUitkomst | None | UnsetType = UNSET
    uitkomst_toelichting: Annotated[str, Meta(max_length=2000)] | None | UnsetType = UNSET
    versie: Annotated[int, Meta(ge=1)] | UnsetType = UNSET

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        clean = {k: v for k, v in values.items() if v is not UNSET}
        return check_dates(clean, "bevestigd_op", "afgehandeld_op") + check_past(
            clean, "bevestigd_op", "afgehandeld_op"
        )


class Klacht(Schema, kw_only=True):
    id: str
    ontvangen_op: dt.date
    onderwerp: str
    categorie: str
    status: str
    jobcoach: str | None = None
    jobcoach_naam: str | None = None
    bevestigd_op: dt.date | None = None
    afgehandeld_op: dt.date | None = None
    uitkomst: str | None = None
    uitkomst_toelichting: str | None = None
    bevestiging_uiterlijk: dt.date | None = None
    afhandeling_uiterlijk: dt.date | None = None
    termijn_overschreden: bool = False
    versie: int = 1


class OrganisatieCoach(Schema, kw_only=True):
    id: str
    registratienummer: str
    naam: str
    status: str
    soort: str
    van: dt.date
    tot: dt.date | None = None


class Organisatie(Schema, kw_only=True):
    id: str
    naam: str
    kvk_nummer: str
    postcode: str
    plaats: str
    status: str
    versie: int
    werkgebied: list[str] = []
    website: str | None = None
    keurmerken: list[Keurmerk] = []


# --- jobcoaches -------------------------------------------------------------------------------------


class JobcoachInvoer(Schema, kw_only=True):
    voornaam: Annotated[str, Meta(min_length=1, max_length=100)]
    tussenvoegsel: Annotated[str, Meta(max_length=voc.TUSSENVOEGSEL_MAX)] = ""
    achternaam: Annotated[str, Meta(min_length=1, max_length=100)]
    email: Annotated[str, Meta(max_length=254)]
    telefoon: Telefoon | None = None
    werkgebied: Annotated[list[GemeenteCode], Meta(max_length=400)] = []

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        errors = []
        if isinstance(values.get("email"), str) and (reason := v.check_email(values["email"])):
            errors.append(FieldError("email", reason))
        return errors


class AanmeldingInvoer(Schema, kw_only=True, forbid_unknown_fields=True):
    """A coach's own application on the public page /aanmelden (issue 15). The e-mail address becomes the
    user name, so at most 64 characters; `werkgebied` at least one gemeente code; `toestemming` must be true
    (consent to the privacy statement, /privacy)."""

    voornaam: Annotated[str, Meta(min_length=1, max_length=100)]
    tussenvoegsel: Annotated[str, Meta(max_length=voc.TUSSENVOEGSEL_MAX)] = ""
    achternaam: Annotated[str, Meta(min_length=1, max_length=100)]
    email: Annotated[str, Meta(min_length=3, max_length=64)]
    werkgebied: Annotated[list[GemeenteCode], Meta(min_length=1, max_length=400)]
    toestemming: bool = False

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        errors = []
        if isinstance(values.get("email"), str) and (reason := v.check_email(values["email"])):
            errors.append(FieldError("email", reason))
        if values.get("toestemming") not in (True, "true", "ja", "on", "1"):
            errors.append(FieldError("toestemming", "u moet instemmen met de privacyverklaring"))
        return errors


class JobcoachWijziging(Schema, kw_only=True):
    voornaam: Annotated[str, Meta(min_length=1, max_length=100)] | UnsetType = UNSET
    tussenvoegsel: Annotated[str, Meta(max_length=voc.TUSSENVOEGSEL_MAX)] | UnsetType = UNSET
    achternaam: Annotated[str, Meta(min_length=1, max_length=100)] | UnsetType = UNSET
    email: Annotated[str, Meta(max_length=254)] | UnsetType = UNSET
    telefoon: Telefoon | None | UnsetType = UNSET
    werkgebied: Annotated[list[GemeenteCode], Meta(max_length=400)] | UnsetType = UNSET
    versie: Annotated[int, Meta(ge=1)] | UnsetType = UNSET

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        clean = {k: v for k, v in values.items() if v is not UNSET}
        errors = []
        if isinstance(clean.get("email"), str) and (reason := v.check_email(clean["email"])):
            errors.append(FieldError("email", reason))
        return errors


class StatusInvoer(Schema, kw_only=True):
    status: JobcoachStatus
    reden: Annotated[str, Meta(min_length=3, max_length=1000)]


class OrganisatieStatusInvoer(Schema, kw_only=True):
    """A beheerder suspends or readmits an organisation, in force from `ingangsdatum` (a past or today's
    Dutch calendar day, not before the previous change; default: now)."""

    status: OrganisatieStatus
    reden: Annotated[str, Meta(min_length=3, max_length=1000)]
    ingangsdatum: dt.date | UnsetType = UNSET

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return check_past(values, "ingangsdatum")


class UitnodigingDienstverbandInvoer(Schema, kw_only=True):
    """The dienstverband an organisation proposes with the new coach it invites (the coach confirms it)."""

    van: dt.date
    tot: dt.date | None = None
    soort: DienstverbandSoort

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return check_order(values, "van", "tot", "mag niet voor de begindatum (van) liggen") + check_dates(
            values, "van", "tot"
        )


class DienstverbandInvoer(UitnodigingDienstverbandInvoer, kw_only=True):
    organisatie: Id


class UitnodigingInvoer(Schema, kw_only=True):
    """An organisation invites one of its coaches to an account (issue 15): either `jobcoach`, the id of a
    coach with a confirmed dienstverband with the organisation in force today (the e-mail goes to the
    coach's own address in the register), or `nieuweJobcoach` with the `dienstverband` the new coach must
    still confirm. The account only ever gets the role jobcoach for that coach. `gebruikersnaam` defaults
    to the registratienummer in lower case (`jc-000123`)."""

    jobcoach: Id | UnsetType = UNSET
    nieuwe_jobcoach: JobcoachInvoer | UnsetType = UNSET
    dienstverband: UitnodigingDienstverbandInvoer | UnsetType = UNSET
    gebruikersnaam: Annotated[str, Meta(min_length=3, max_length=64)] | UnsetType = UNSET

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        errors = check_een_van(values, "jobcoach", "nieuwe_jobcoach")
        nieuw = values.get("nieuwe_jobcoach", UNSET) is not UNSET
        heeft_dv = values.get("dienstverband", UNSET) is not UNSET
        if nieuw and not heeft_dv:
            errors.append(FieldError("dienstverband", "is verplicht bij nieuweJobcoach"))
        if heeft_dv and not nieuw:
            errors.append(
                FieldError("dienstverband", "alleen bij nieuweJobcoach; een bestaande jobcoach werkt al bij u")
            )
        return errors


class Uitnodiging(Schema, kw_only=True):
    """An invitation sent: the coach, the account its link activates (72 hours, single use) and, for a new
    coach, the proposed dienstverband (`voorgesteld` until the coach confirms it)."""

    jobcoach: str
    registratienummer: str
    account: str
    gebruikersnaam: str
    geldig_tot: dt.datetime
    dienstverband: str | None = None


class DienstverbandWijziging(Schema, kw_only=True):
    tot: dt.date | None


class DienstverbandBesluitInvoer(Schema, kw_only=True):
    """Confirming or refusing a proposed dienstverband; a beheerder always gives the reason."""

    toelichting: Annotated[str, Meta(max_length=1000)] | None = None


class DienstverbandBeheerBesluitInvoer(Schema, kw_only=True):
    """The beheerder's decision on a proposed dienstverband (page form): always with a reason."""

    besluit: Literal["bevestigd", "geweigerd"]
    toelichting: Annotated[str, Meta(min_length=3, max_length=1000)]


class Dienstverband(Schema, kw_only=True):
    """A link between a coach and an organisation; only `status: "bevestigd"` counts (DOMAIN.md, Consent).
    `voorgesteldDoor`: organisatie, jobcoach or beheerder (null for links older than consent)."""

    id: str
    jobcoach: str
    organisatie: str
    organisatie_naam: str
    van: dt.date
    soort: str
    status: DienstverbandStatus
    tot: dt.date | None = None
    voorgesteld_door: str | None = None
    voorgesteld_op: dt.datetime | None = None
    beoordeeld_op: dt.datetime | None = None
    toelichting: str | None = None
    alleen_beheerder: bool = False  # a proposal dated more than 30 days back: only a beheerder confirms


class OpleidingInvoer(Schema, kw_only=True):
    soort: OpleidingSoort
    omschrijving: Annotated[str, Meta(min_length=1, max_length=500)]
    datum: dt.date
    bewijs: Annotated[str, Meta(max_length=500)] = ""
    bewijsstukken: Bewijsstukken = msgspec.field(default_factory=list)

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return check_dates(values, "datum") + check_past(values, "datum")


class Beoordeling(Schema, kw_only=True):
    verificatie: str
    beoordeling_toelichting: str | None = None
    beoordeeld_op: dt.datetime | None = None


class Document(Schema, kw_only=True):
    """An uploaded evidence document: `sha256` of the content (hex), `mediatype` read from the content,
    `grootte` in bytes, `geuploadOp` UTC, `bestandsnaam` the original file name as sent (cleaned; shown
    only, null when none was sent)."""

    id: str
    sha256: str
    mediatype: str
    grootte: int
    geupload_op: dt.datetime | None = None
    bestandsnaam: str | None = None


class Opleiding(Schema, kw_only=True):
    id: str
    soort: str
    omschrijving: str
    datum: dt.date
    verificatie: str
    bewijs: str = ""
    beoordeling_toelichting: str | None = None
    beoordeeld_op: dt.datetime | None = None
    bewijsstukken: list[str] = msgspec.field(default_factory=list)


class ScholingInvoer(Schema, kw_only=True):
    titel: Tekst
    aanbieder: Tekst
    datum: dt.date
    uren: Annotated[float, Meta(gt=0, le=500)]
    pe_punten: Annotated[float, Meta(ge=0, le=500)] | None = None
    categorie: ScholingCategorie = "overig"
    certificaat: Annotated[str, Meta(max_length=500)] = ""
    bewijsstukken: Bewijsstukken = msgspec.field(default_factory=list)

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        return check_dates(values, "datum") + check_past(values, "datum")


class Scholing(Schema, kw_only=True):
    id: str
    titel: str
    aanbieder: str
    datum: dt.date
    uren: float
    categorie: str
    verificatie: str
    pe_punten: float | None = None
    certificaat: str = ""
    beoordeling_toelichting: str | None = None
    beoordeeld_op: dt.datetime | None = None
    bewijsstukken: list[str] = msgspec.field(default_factory=list)


class CompetentieInvoer(Schema, kw_only=True):
    code: Competentie
    score: Annotated[int, Meta(ge=1, le=5)]
    toelichting: Annotated[str, Meta(max_length=2000)] = ""
    leerdoel: Annotated[str, Meta(max_length=2000)] = ""


class ZelfevaluatieInvoer(Schema, kw_only=True):
    datum: dt.date
    competenties: Annotated[list[CompetentieInvoer], Meta(min_length=1, max_length=9)]

    @classmethod
    def extra_checks(cls, values: dict[str, Any]) -> list[FieldError]:
        errors = check_dates(values, "datum") + check_past(values, "datum")
        seen: set[str] = set()
        for i, c in enumerate(values.get("competenties") or []):
            if c.code in seen:
                errors.append(FieldError(f"competenties[{i}].code", "deze competentie staat er al in"))
            seen.add(c.code)
        return errors


class CompetentieScore(Schema, kw_only=True):
    code: str
    score: int
    toelichting: str = ""
    leerdoel: str = ""


class Zelfevaluatie(Schema, kw_only=True):
    id: str
    datum: dt.date
    volledig: bool
    competenties: list[CompetentieScore]


class Statusregel(Schema, kw_only=True):
    status: str
    vanaf: dt.datetime
    reden: str


class Jobcoach(Schema, kw_only=True):
    id: str
    registratienummer: str
    voornaam: str
    tussenvoegsel: str = ""
    achternaam: str
    naam: str = ""  # shown as "Sanne de Vries"
    email: str
    status: str
    versie: int
    werkgebied: list[str] = []
    telefoon: str | None = None


class JobcoachDossier(Jobcoach, kw_only=True):
    """The coach with every part of their profile (for the coach, their organisation, auditors)."""

    opleidingen: list[Opleiding] = []
    keurmerken: list[Keurmerk] = []
    scholingen: list[Scholing] = []
    zelfevaluaties: list[Zelfevaluatie] = []
    dienstverbanden: list[Dienstverband] = []
    statushistorie: list[Statusregel] = []
    scholingsuren_laatste_12_maanden: float = 0.0


def camelize(value: Any) -> Any:
    if isinstance(value, Struct):  # a service's typed record: its fields as a dict (dates kept)
        value = msgspec.to_builtins(value, builtin_types=(dt.datetime, dt.date))
    if isinstance(value, dict):
        return {_camel(k): camelize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camelize(v) for v in value]
    return value


def to_struct(struct_type: type, data: Any) -> Any:
    """Build a response Struct (or list of them) from plain dicts with snake_case keys, or from a
    service's typed records (msgspec Structs with snake_case fields)."""
    return msgspec.convert(camelize(data), type=struct_type, str_keys=True)
