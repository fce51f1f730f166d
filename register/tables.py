"""The register's tables: coaches, organisations, their claims, accounts, trajecten and verifications.

Names follow the domain vocabulary of DOMAIN.md; codes and their defaults come from register.vocabulary. Mutable records that people edit concurrently carry
`versie` for optimistic locking. Claims (opleiding, keurmerk, scholing) carry a verification state that
only an auditor changes.
"""

from piccolo.columns import (
    JSON,
    UUID,
    Boolean,
    Date,
    DoublePrecision,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from register.vocabulary import (
    AANVRAAG_BEGINSTATUS,
    BERICHT_BEGINSTATUS,
    INGEDIEND,
    JOBCOACH_BEGINSTATUS,
    KLACHT_STANDAARD_CATEGORIE,
    ORGANISATIE_BEGINSTATUS,
    TRAJECT_BEGINSTATUS,
    VOORGESTELD,
)


class Nummering(Table):
    """Counters for assigned numbers such as registratienummers (JC-000123)."""

    soort = Varchar(length=30, unique=True)
    laatste = Integer(default=0)


class Gemeente(Table):
    id = UUID(primary_key=True)
    code = Varchar(length=6, unique=True)
    naam = Varchar(length=100)
    ingangsdatum = Date(null=True, default=None)
    einddatum = Date(null=True, default=None)  # the last day; after a herindeling its successor is `opvolger`
    opvolger = Varchar(length=6, null=True, default=None)
    # where the register e-mails the gemeente (issue 15): the daily digest of new signals, and at once
    # when the coach of a running traject is suspended; a functional mailbox, never shown in the API
    contact_email = Varchar(length=254, null=True, default=None)


class Organisatie(Table):
    id = UUID(primary_key=True)
    naam = Varchar(length=200, index=True)
    kvk_nummer = Varchar(length=8, unique=True)
    postcode = Varchar(length=7)
    plaats = Varchar(length=100)
    website = Varchar(length=300, null=True, default=None)
    status = Varchar(length=20, default=ORGANISATIE_BEGINSTATUS)
    aangemaakt_op = Timestamptz()
    gewijzigd_op = Timestamptz()
    versie = Integer(default=1)


class Jobcoach(Table):
    id = UUID(primary_key=True)
    registratienummer = Varchar(length=12, unique=True)
    voornaam = Varchar(length=100)
    tussenvoegsel = Varchar(length=30, default="")
    achternaam = Varchar(length=100, index=True)
    # register.rules.namen.sorteersleutel(voornaam, tussenvoegsel, achternaam), set by every write
    sorteersleutel = Varchar(length=300, default="", index=True)
    email = Varchar(length=254)
    telefoon = Varchar(length=30, null=True, default=None)
    status = Varchar(length=20, default=JOBCOACH_BEGINSTATUS, index=True)
    aangemaakt_op = Timestamptz()
    gewijzigd_op = Timestamptz()
    geanonimiseerd_op = Timestamptz(null=True, default=None)
    versie = Integer(default=1)


class Statuswijziging(Table):
    """Every status change of a coach or organisation, so a past peildatum sees that day's status."""

    id = UUID(primary_key=True)
    jobcoach = ForeignKey(references=Jobcoach, null=True, index=True, on_delete=OnDelete.cascade)
    organisatie = ForeignKey(references=Organisatie, null=True, index=True, on_delete=OnDelete.cascade)
    status = Varchar(length=20)
    vanaf = Timestamptz()
    reden = Text(default="")
    door = Varchar(length=36, null=True, default=None)


class Werkgebied(Table):
    id = UUID(primary_key=True)
    jobcoach = ForeignKey(references=Jobcoach, null=True, index=True, on_delete=OnDelete.cascade)
    organisatie = ForeignKey(references=Organisatie, null=True, index=True, on_delete=OnDelete.cascade)
    gemeente = Varchar(length=6, index=True)


class Dienstverband(Table):
    id = UUID(primary_key=True)
    jobcoach = ForeignKey(references=Jobcoach, index=True, on_delete=OnDelete.cascade)
    organisatie = ForeignKey(references=Organisatie, index=True, on_delete=OnDelete.restrict)
    van = Date()
    tot = Date(null=True, default=None)
    soort = Varchar(length=20)
    aangemaakt_op = Timestamptz()
    # consent (vocabulary.DIENSTVERBAND_STATUSSEN): proposed by one side (`voorgesteld_door`, a
    # DIENSTVERBAND_KANTEN code; NULL for links made before consent existed, which migrated as bevestigd),
    # confirmed or refused by the other side or a beheerder (`beoordeeld_*`, `toelichting`: the reason)
    status = Varchar(length=20, default=VOORGESTELD, index=True)
    voorgesteld_door = Varchar(length=20, null=True, default=None)
    beoordeeld_op = Timestamptz(null=True, default=None)
    beoordeeld_door = Varchar(length=36, null=True, default=None)
    toelichting = Text(null=True, default=None)


class Opleiding(Table):
    id = UUID(primary_key=True)
    jobcoach = ForeignKey(references=Jobcoach, index=True, on_delete=OnDelete.cascade)
    soort = Varchar(length=30)
    omschrijving = Text()
    datum = Date()
    bewijs = Text(default="")
    verificatie = Varchar(length=20, default=INGEDIEND, index=True)
    ingediend_op = Timestamptz()
    beoordeeld_op = Timestamptz(null=True, default=None)
    beoordeeld_door = Varchar(length=36, null=True, default=None)
    beoordeling_toelichting = Text(null=True, default=None)


class Keurmerk(Table):
    """A personal (noloc, nvs) or organisation (blik-op-werk, oval, uwv) keurmerk; `verlopen` is derived."""

    id = UUID(primary_key=True)
    jobcoach = ForeignKey(references=Jobcoach, null=True, index=True, on_delete=OnDelete.cascade)
    organisatie = ForeignKey(references=Organisatie, null=True, index=True, on_delete=OnDelete.cascade)
    schema = Varchar(length=20)
    nummer = Varchar(length=40)
    ingangsdatum = Date()
    geldig_tot = Date(index=True)
    status = Varchar(length=40)
    verificatie = Varchar(length=20, default=INGEDIEND, index=True)
    ingediend_op = Timestamptz()
    beoordeeld_op = Timestamptz(null=True, default=None)
    beoordeeld_door = Varchar(length=36, null=True, default=None)
    beoordeling_toelichting = Text(null=True, default=None)
    versie = Integer(default=1)


class KeurmerkVersie(Table):
    """One version of a keurmerk's status and validity in valid time: in force from `ingangsdatum` until
    the next version's. Versions are added, never edited (DOMAIN.md, "Consent, access and history");
    the keurmerk row itself holds the newest values for display. `melding` marks a holder's own report
    (only `herregistratie-in-behandeling`), which an auditor or beheerder confirms or ends."""

    id = UUID(primary_key=True)
    keurmerk = ForeignKey(references=Keurmerk, index=True, on_delete=OnDelete.cascade)
    status = Varchar(length=40)
    geldig_tot = Date()
    ingangsdatum = Date()
    toelichting = Text(default="")
    melding = Boolean(default=False)
    # the order of recording per keurmerk (1, 2, ...): of two versions with the same ingangsdatum the
    # later recorded one is in force
    volgnummer = Integer(default=1)
    vastgelegd_op = Timestamptz()
    vastgelegd_door = Varchar(length=36, null=True, default=None)


class Oordeel(Table):
    """One change of an auditor's judgement of a claim (an opleiding, keurmerk or scholing; `soort` a code
    of CLAIM_SOORTEN, `claim` its id): from `vorig` to `oordeel` (VERIFICATIE_STATUSSEN codes), by whom
    (`door`, an account id), when (`op`, UTC) and why. Rows are added, never edited: a judgement reversed
    later (a forged certificate found) is a new row. A judgement is about the claim as a whole and
    applies to every date (DOMAIN.md, "Consent, access and history"); the claim's own `verificatie`
    holds the newest one."""

    id = UUID(primary_key=True)
    soort = Varchar(length=20)
    claim = UUID(index=True)
    jobcoach = ForeignKey(references=Jobcoach, null=True, index=True, on_delete=OnDelete.cascade)
    organisatie = ForeignKey(references=Organisatie, null=True, index=True, on_delete=OnDelete.cascade)
    vorig = Varchar(length=20)
    oordeel = Varchar(length=20)
    toelichting = Text(default="")
    door = Varchar(length=36, null=True, default=None)
    op = Timestamptz()


class Scholing(Table):
    id = UUID(primary_key=True)
    jobcoach = ForeignKey(references=Jobcoach, index=True, on_delete=OnDelete.cascade)
    titel = Varchar(length=200)
    aanbieder = Varchar(length=200)
    datum = Date(index=True)
    uren = DoublePrecision()
    pe_punten = DoublePrecision(null=True, default=None)
    categorie = Varchar(length=40)
    certificaat = Text(default="")
    verificatie = Varchar(length=20, default=INGEDIEND, index=True)
    ingediend_op = Timestamptz()
    beoordeeld_op = Timestamptz(null=True, default=None)
    beoordeeld_door = Varchar(length=36, null=True, default=None)
    beoordeling_toelichting = Text(null=True, default=None)


class Zelfevaluatie(Table):
    """One version of the nine-competence self-assessment; versions are kept, never edited."""

    id = UUID(primary_key=True)
    jobcoach = ForeignKey(references=Jobcoach, index=True, on_delete=OnDelete.cascade)
    datum = Date()
    volledig = Boolean(default=False)
    aangemaakt_op = Timestamptz()


class Competentiescore(Table):
    id = UUID(primary_key=True)
    zelfevaluatie = ForeignKey(references=Zelfevaluatie, index=True, on_delete=OnDelete.cascade)
    code = Varchar(length=40)
    score = Integer()
    toelichting = Text(default="")
    leerdoel = Text(default="")


class Kwaliteitsborging(Table):
    """One version of one area's arrangement; the newest with ingangsdatum <= D is in force on D."""

    id = UUID(primary_key=True)
    organisatie = ForeignKey(references=Organisatie, index=True, on_delete=OnDelete.cascade)
    gebied = Varchar(length=30)
    ingangsdatum = Date()
    toelichting = Text(default="")
    gegevens = JSON(default={})
    vastgelegd_op = Timestamptz()


class Tevredenheidsmeting(Table):
    id = UUID(primary_key=True)
    organisatie = ForeignKey(references=Organisatie, index=True, on_delete=OnDelete.cascade)
    periode_van = Date()
    periode_tot = Date()
    respondenten = Integer()
    gemiddelde_score = DoublePrecision()
    vastgelegd_op = Timestamptz()


class Klacht(Table):
    """A received complaint: subject and outcome only, never a client's identity or medical data."""

    id = UUID(primary_key=True)
    organisatie = ForeignKey(references=Organisatie, index=True, on_delete=OnDelete.cascade)
    ontvangen_op = Date()
    onderwerp = Text()
    categorie = Varchar(length=40, default=KLACHT_STANDAARD_CATEGORIE)  # KLACHT_CATEGORIEEN
    # the coach the complaint is about, if any (one of the organisation's coaches); never the client
    jobcoach = ForeignKey(references=Jobcoach, null=True, default=None, index=True, on_delete=OnDelete.set_null)
    bevestigd_op = Date(null=True, default=None)
    afgehandeld_op = Date(null=True, default=None)
    uitkomst = Text(null=True, default=None)  # KLACHT_UITKOMSTEN
    # explanation of the outcome; also holds the free-text outcomes recorded before the codes existed
    uitkomst_toelichting = Text(null=True, default=None)
    vastgelegd_op = Timestamptz()
    versie = Integer(default=1)


class Account(Table):
    id = UUID(primary_key=True)
    gebruikersnaam = Varchar(length=64, unique=True)
    email = Varchar(length=254)
    wachtwoord_hash = Text()
    actief = Boolean(default=True)
    token_versie = Integer(default=1)
    aangemaakt_op = Timestamptz()
    laatst_ingelogd_op = Timestamptz(null=True, default=None)
    # second factor (TOTP, RFC 6238): the secret sealed with the key file (register.infra.keyvault); set but
    # without `totp_sinds` while enrolment waits for the first code; the last time step used (no replay)
    totp_geheim = Text(null=True, default=None)
    totp_sinds = Timestamptz(null=True, default=None)
    totp_laatste_stap = Integer(default=0)


class Herstelcode(Table):
    """Single-use recovery codes of an account's second factor, stored as argon2 hashes."""

    id = UUID(primary_key=True)
    account = ForeignKey(references=Account, index=True, on_delete=OnDelete.cascade)
    code_hash = Text()
    gebruikt_op = Timestamptz(null=True, default=None)


class AccountRol(Table):
    id = UUID(primary_key=True)
    account = ForeignKey(references=Account, index=True, on_delete=OnDelete.cascade)
    rol = Varchar(length=20)
    jobcoach = ForeignKey(references=Jobcoach, null=True, index=True, on_delete=OnDelete.cascade)
    organisatie = ForeignKey(references=Organisatie, null=True, index=True, on_delete=OnDelete.cascade)
    gemeente = Varchar(length=6, null=True, default=None)


class Inlogpoging(Table):
    """Failed log-ins, keyed by a hash of the user name or client address (rate limiting)."""

    id = UUID(primary_key=True)
    sleutel = Varchar(length=64, index=True)
    tijdstip = Timestamptz(index=True)


class Applicatie(Table):
    """A machine client of a gemeente (a case system), issue 16: it logs in with `client_credentials`
    (RFC 6749 4.4) as its own account (`account`, whose password hash never verifies) with that account's
    roles. Only the SHA-256 of the client secret is stored; the secret is shown once."""

    id = UUID(primary_key=True)
    account = ForeignKey(references=Account, unique=True, on_delete=OnDelete.cascade)
    naam = Varchar(length=200)
    client_id = Varchar(length=64, unique=True)
    geheim_hash = Varchar(length=64)
    aangemaakt_op = Timestamptz()
    geroteerd_op = Timestamptz(null=True, default=None)
    ingetrokken_op = Timestamptz(null=True, default=None)


class IngetrokkenToken(Table):
    """A single revoked API token by its `jti` (one worker logging out leaves the others logged in); kept
    until the token would have expired anyway."""

    id = UUID(primary_key=True)
    jti = Varchar(length=64, unique=True)
    verloopt_op = Timestamptz(index=True)


class IdempotentVerzoek(Table):
    """The first answer to a POST with an `Idempotency-Key` (IETF httpapi idempotency-key draft), kept
    24 hours so a retry gets the same answer. `sleutel` is the SHA-256 of the caller's account id and the
    key, `vingerafdruk` that of the request (method, path, query, body); `status` stays NULL while the
    first request is still running."""

    id = UUID(primary_key=True)
    sleutel = Varchar(length=64, unique=True)
    vingerafdruk = Varchar(length=64)
    status = Integer(null=True, default=None)
    headers = Text(default="")
    body = Text(default="")
    aangemaakt_op = Timestamptz(index=True)


class Toetsingskader(Table):
    """A version of a gemeente's (or, with gemeente null, the national) toetsingskader."""

    id = UUID(primary_key=True)
    gemeente = Varchar(length=6, null=True, default=None, index=True)
    versie = Integer()
    ingangsdatum = Date()
    criteria = JSON(default={})
    vastgesteld_op = Timestamptz()
    vastgesteld_door = Varchar(length=36, null=True, default=None)


class Traject(Table):
    id = UUID(primary_key=True)
    gemeente = Varchar(length=6, index=True)
    referentie = Varchar(length=64)
    werkgever = Varchar(length=200)
    startdatum = Date()
    regime = Varchar(length=10)
    contracturen = DoublePrecision()
    jobcoach = ForeignKey(references=Jobcoach, index=True, on_delete=OnDelete.restrict)
    organisatie = ForeignKey(references=Organisatie, index=True, on_delete=OnDelete.restrict)
    status = Varchar(length=20, default=TRAJECT_BEGINSTATUS, index=True)
    doelen = Text(default="")
    verlenging_motivatie = Text(null=True, default=None)
    verlenging_goedgekeurd_op = Date(null=True, default=None)
    beeindigd_op = Date(null=True, default=None)
    aangemaakt_op = Timestamptz()
    gewijzigd_op = Timestamptz()
    versie = Integer(default=1)


class Urenregistratie(Table):
    id = UUID(primary_key=True)
    traject = ForeignKey(references=Traject, index=True, on_delete=OnDelete.cascade)
    jobcoach = ForeignKey(references=Jobcoach, index=True, on_delete=OnDelete.restrict)
    datum = Date(index=True)
    uren = DoublePrecision()
    activiteit = Varchar(length=40)
    omschrijving = Text(default="")
    vastgelegd_op = Timestamptz()


class Overheveling(Table):
    """Unused hours moved to the next traject year, with a reason, approved by the gemeente."""

    id = UUID(primary_key=True)
    traject = ForeignKey(references=Traject, index=True, on_delete=OnDelete.cascade)
    naar_jaar = Integer()
    uren = DoublePrecision()
    reden = Text()
    goedgekeurd_op = Timestamptz()
    goedgekeurd_door = Varchar(length=36, null=True, default=None)


class Rapportage(Table):
    """A report of a traject's schedule; an eindverslag also says whether the worker goes on without a
    jobcoach and whether the employer takes over (issue 14)."""

    id = UUID(primary_key=True)
    traject = ForeignKey(references=Traject, index=True, on_delete=OnDelete.cascade)
    soort = Varchar(length=40)
    volgnummer = Integer(default=1)
    vervaldatum = Date(index=True)
    ingediend_op = Date(null=True, default=None)
    samenvatting = Text(default="")
    zonder_jobcoach = Boolean(null=True, default=None)
    werkgever_neemt_over = Boolean(null=True, default=None)


class Verificatie(Table):
    """An immutable, signed verdict on a traject's coach and organisation on a peildatum."""

    id = UUID(primary_key=True)
    traject = ForeignKey(references=Traject, index=True, on_delete=OnDelete.restrict)
    jobcoach = ForeignKey(references=Jobcoach, index=True, on_delete=OnDelete.restrict)
    organisatie = ForeignKey(references=Organisatie, on_delete=OnDelete.restrict)
    gemeente = Varchar(length=6, index=True)
    peildatum = Date()
    gekwalificeerd = Boolean()
    kader_gemeente = Varchar(length=6, null=True, default=None)
    kader_versie = Integer()
    criteria = JSON(default=[])
    # the fact versions and judgements the verdict used, so it can be reproduced: {"keurmerkversies": [...],
    # "beoordelingen": [...], "borging": [...], ...} (ids as strings)
    bronnen = JSON(default={})
    attestatie = Text()
    aangemaakt_op = Timestamptz()
    aangemaakt_door = Varchar(length=36, null=True, default=None)


class Besluit(Table):
    """A gemeente's funding decision on a traject and the verification it relied on."""

    id = UUID(primary_key=True)
    traject = ForeignKey(references=Traject, index=True, on_delete=OnDelete.cascade)
    besluit = Varchar(length=20)
    verificatie = ForeignKey(references=Verificatie, on_delete=OnDelete.restrict)
    toelichting = Text(default="")
    genomen_op = Timestamptz()
    genomen_door = Varchar(length=36, null=True, default=None)


class Aanvraag(Table):
    """An aanvraag for jobcoach support: the Matchingsformulier (werknemerprofiel, werkprofiel, match) of
    one organisation and coach for one gemeente, its lifecycle, beslistermijn and decision. The profile
    parts are JSON objects with the API's camelCase names (API.md); the coachingsdoelen are rows of
    Coachingsdoel. `vragen` holds the gemeente's questions and the applicant's answers, oldest first."""

    id = UUID(primary_key=True)
    gemeente = Varchar(length=6, index=True)
    jobcoach = ForeignKey(references=Jobcoach, index=True, on_delete=OnDelete.restrict)
    organisatie = ForeignKey(references=Organisatie, index=True, on_delete=OnDelete.restrict)
    werkgever = Varchar(length=200, default="")
    regime = Varchar(length=10, default="")
    regime_motivatie = Text(default="")
    contracturen = DoublePrecision(null=True, default=None)
    gewenste_startdatum = Date(null=True, default=None)
    positie = Varchar(length=20, default="")
    startbudget = Boolean(default=False)
    werknemerprofiel = JSON(default={})
    werkprofiel = JSON(default={})
    match = JSON(default={})
    status = Varchar(length=20, default=AANVRAAG_BEGINSTATUS, index=True)
    ingediend_op = Timestamptz(null=True, default=None)
    beslistermijn = Date(null=True, default=None, index=True)
    verdaging_weken = Integer(default=0)
    verdaging_reden = Text(null=True, default=None)
    verificatie = JSON(null=True, default=None)
    vragen = JSON(default=[])
    besluit = Varchar(length=20, null=True, default=None)
    besluit_toelichting = Text(null=True, default=None)
    besloten_op = Timestamptz(null=True, default=None)
    besloten_door = Varchar(length=36, null=True, default=None)
    traject = ForeignKey(references=Traject, null=True, default=None, on_delete=OnDelete.restrict)
    aangemaakt_op = Timestamptz()
    gewijzigd_op = Timestamptz()
    versie = Integer(default=1)


class Coachingsdoel(Table):
    """One SMART coachingsdoel of an aanvraag, carried to the traject when it is granted."""

    id = UUID(primary_key=True)
    aanvraag = ForeignKey(references=Aanvraag, index=True, on_delete=OnDelete.cascade)
    traject = ForeignKey(references=Traject, null=True, default=None, index=True, on_delete=OnDelete.cascade)
    volgnummer = Integer(default=1)
    omschrijving = Text(default="")
    indicator = Text(default="")
    streefwaarde = Text(default="")
    streefdatum = Date(null=True, default=None)
    kernactiviteit = Varchar(length=40, default="")
    betreft = Varchar(length=20, default="")
    status = Varchar(length=20, default="open")
    aangemaakt_op = Timestamptz()
    gewijzigd_op = Timestamptz()


class Doelvoortgang(Table):
    """One entry of a coachingsdoel's history, made with a report: its progress (DOEL_VOORTGANG), the new
    target when it was adjusted, or its addition or closing at a plan revision."""

    id = UUID(primary_key=True)
    doel = ForeignKey(references=Coachingsdoel, index=True, on_delete=OnDelete.cascade)
    rapportage = ForeignKey(
        references=Rapportage, null=True, default=None, index=True, on_delete=OnDelete.cascade
    )
    voortgang = Varchar(length=20)
    toelichting = Text(default="")
    streefwaarde = Text(null=True, default=None)
    streefdatum = Date(null=True, default=None)
    vastgelegd_op = Timestamptz()
    vastgelegd_door = Varchar(length=36, null=True, default=None)


class Signaal(Table):
    """A computed signal; `sleutel` makes computing them idempotent."""

    id = UUID(primary_key=True)
    sleutel = Varchar(length=200, unique=True)
    soort = Varchar(length=40)
    ontvanger_rol = Varchar(length=20, index=True)
    gemeente = Varchar(length=6, null=True, default=None, index=True)
    jobcoach = ForeignKey(references=Jobcoach, null=True, index=True, on_delete=OnDelete.cascade)
    organisatie = ForeignKey(references=Organisatie, null=True, index=True, on_delete=OnDelete.cascade)
    onderwerp_type = Varchar(length=30)
    onderwerp_id = Varchar(length=36)
    tekst = Text()
    aangemaakt_op = Timestamptz()
    opgelost_op = Timestamptz(null=True, default=None)


class Ondertekeningssleutel(Table):
    """Statement signing keys; the public halves stay published after rotation, the private halves are
    encrypted with the key file's KEK and never copied into a backup."""

    id = UUID(primary_key=True)
    kid = Varchar(length=64, unique=True)
    alg = Varchar(length=10)
    # legacy: the private key in plain text, moved into private_versleuteld at start (api.attestatie)
    private_pem = Text(null=True, default=None, secret=True)
    private_versleuteld = Text(null=True, default=None, secret=True)
    public_jwk = JSON(default={})
    aangemaakt_op = Timestamptz()
    # signs from this moment: at least one JWKS cache lifetime after it was published
    actief_vanaf = Timestamptz(null=True, default=None)
    actief = Boolean(default=True)


class Bericht(Table):
    """A message in the outbox (issue 15): an e-mail or a webhook delivery, written in the same transaction
    as the change that causes it and delivered at least once by `jobcoach-register worker`.

    `kanaal` and `status` are codes of register.vocabulary (BERICHT_KANALEN, BERICHT_STATUSSEN); `soort` the
    message type; `ontvanger` an e-mail address or a subscription id; `inhoud` what the sender needs (never
    more personal data than the recipient may see). `volgende_poging` (UTC) is when it is due; a claimed
    message is pushed one lease ahead, so a worker that dies mid-delivery leaves it due again (with the same
    id, which a webhook sends as `webhook-id`)."""

    id = UUID(primary_key=True)
    kanaal = Varchar(length=20)
    soort = Varchar(length=80)
    ontvanger = Varchar(length=320)
    inhoud = JSON()
    status = Varchar(length=20, default=BERICHT_BEGINSTATUS, index=True)
    pogingen = Integer(default=0)
    volgende_poging = Timestamptz(index=True)
    laatste_fout = Text(null=True, default=None)
    aangemaakt_op = Timestamptz()
    verzonden_op = Timestamptz(null=True, default=None)


class Dagtaak(Table):
    """One row per daily job and Dutch calendar day that the worker completed (`sleutel` = "naam:datum"),
    so several workers run each day's jobs once."""

    sleutel = Varchar(length=60, unique=True)
    uitgevoerd_op = Timestamptz()


class Linktoken(Table):
    """A single-use link sent by e-mail (issue 15): an invitation (72 h), a password reset (1 h) or the
    confirmation of an application's e-mail address. Only the SHA-256 of the token is stored (`hash`, hex);
    `gebruikt_op` is set once, in the same statement that checks it is still empty, so the link works once
    even when used twice at the same moment. Codes of `soort`: register.vocabulary.LINKTOKEN_SOORTEN."""

    id = UUID(primary_key=True)
    soort = Varchar(length=30)
    hash = Varchar(length=64, unique=True)
    account = ForeignKey(references=Account, null=True, index=True, on_delete=OnDelete.cascade)
    verloopt_op = Timestamptz()
    gebruikt_op = Timestamptz(null=True, default=None)
    aangemaakt_op = Timestamptz()


class Abonnement(Table):
    """A gemeente's webhook subscription (issue 15). `typen` lists WEBHOOK_TYPEN codes, null for every
    type; `geheim_versleuteld` is the Standard Webhooks signing secret sealed with the key file's key (it is
    shown once, at creation; sealed, it travels in a backup like the audit log's data keys). A deleted
    subscription stays (inactive) with its delivery log."""

    id = UUID(primary_key=True)
    gemeente = Varchar(length=6, index=True)
    url = Varchar(length=2000)
    typen = JSON(null=True, default=None)
    geheim_versleuteld = Text()
    actief = Boolean(default=True)
    aangemaakt_op = Timestamptz()
    verwijderd_op = Timestamptz(null=True, default=None)


class Aflevering(Table):
    """One delivery attempt of a webhook message (the subscription's delivery log): the outbox message
    (`bericht`, also the `webhook-id`), the event type, the HTTP status or the failure, when (UTC)."""

    id = UUID(primary_key=True)
    abonnement = ForeignKey(references=Abonnement, index=True, on_delete=OnDelete.cascade)
    bericht = UUID()
    type = Varchar(length=100)
    poging = Integer()
    http_status = Integer(null=True, default=None)
    fout = Text(null=True, default=None)
    tijdstip = Timestamptz()


class Document(Table):
    """An uploaded evidence document (bewijsstuk, issue 15): a PDF, PNG or JPEG of at most 10 MB whose
    type was read from its content. The bytes live in the document store (register.infra.opslag) under
    their SHA-256 (`sha256`, 64 hex digits); this row holds the metadata. The owner is one coach or one
    organisation (exactly one of `jobcoach`, `organisatie`); only the owner attaches it to a claim.
    `grootte` is in bytes, `geupload_op` UTC, `geupload_door` the uploading account's id. `bestandsnaam`
    is the sanitised original file name, shown only (never a path); None when not given or for older rows."""

    id = UUID(primary_key=True)
    jobcoach = ForeignKey(references=Jobcoach, null=True, index=True, on_delete=OnDelete.cascade)
    organisatie = ForeignKey(references=Organisatie, null=True, index=True, on_delete=OnDelete.cascade)
    sha256 = Varchar(length=64, index=True)
    mediatype = Varchar(length=40)
    grootte = Integer()
    geupload_op = Timestamptz()
    geupload_door = Varchar(length=36, null=True, default=None)
    bestandsnaam = Varchar(length=200, null=True, default=None)


class Bewijsstuk(Table):
    """A document attached to a claim: `soort` names the claim's table (opleiding, scholing, keurmerk,
    kwaliteitsborging) and `claim` its id. Attachments are never removed when a claim is corrected and
    resubmitted: the new document is added beside the old ones (`gekoppeld_op`, UTC), so the history
    stays."""

    id = UUID(primary_key=True)
    document = ForeignKey(references=Document, index=True, on_delete=OnDelete.cascade)
    soort = Varchar(length=30)
    claim = UUID(index=True)
    gekoppeld_op = Timestamptz()


class Aanmelding(Table):
    """A coach's own application on the public page (issue 15, aanmelden). The account (`account`, without a
    password) and the e-mail link exist from the application on; the jobcoach record (`jobcoach`, status
    aangemeld) only once the link confirmed the address (`bevestigd_op`, UTC). `toestemming_op` (UTC) records
    the consent to the privacy statement; `werkgebied` lists gemeente codes."""

    id = UUID(primary_key=True)
    account = ForeignKey(references=Account, index=True, on_delete=OnDelete.cascade)
    voornaam = Varchar(length=100)
    tussenvoegsel = Varchar(length=30, default="")
    achternaam = Varchar(length=100)
    email = Varchar(length=254)
    werkgebied = JSON(default="[]")
    toestemming_op = Timestamptz()
    aangemaakt_op = Timestamptz()
    bevestigd_op = Timestamptz(null=True, default=None)
    jobcoach = ForeignKey(
        references=Jobcoach, null=True, default=None, index=True, on_delete=OnDelete.set_null
    )
