"""The facts a verdict is computed from: plain, immutable data, gathered by the services (set-based for
many trajecten at once) or built directly in tests. Claims carry their verification state; the rules
count only `geverifieerd` ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# the verdict counts only claims in this state (re-exported for the rules)
from register.vocabulary import BEVESTIGD
from register.vocabulary import GEVERIFIEERD as GEVERIFIEERD


@dataclass(frozen=True)
class Statusregel:
    """A status change of a coach or organisation, effective from `vanaf` (UTC)."""

    status: str
    vanaf: dt.datetime


@dataclass(frozen=True)
class Opleiding:
    id: str
    soort: str  # hbo-diploma | hbo-werk-en-denkniveau
    datum: dt.date
    verificatie: str = GEVERIFIEERD
    omschrijving: str = ""


@dataclass(frozen=True)
class Keurmerk:
    id: str
    schema: str
    nummer: str
    ingangsdatum: dt.date
    geldig_tot: dt.date
    status: str  # aangevraagd | actief | herregistratie-in-behandeling | geschorst | ingetrokken
    verificatie: str = GEVERIFIEERD


@dataclass(frozen=True)
class Dienstverband:
    id: str
    organisatie: str
    van: dt.date
    tot: dt.date | None
    soort: str = "in-dienst"
    status: str = BEVESTIGD  # only a confirmed link counts (vocabulary.DIENSTVERBAND_STATUSSEN)


@dataclass(frozen=True)
class Scholing:
    id: str
    datum: dt.date
    uren: float
    verificatie: str = GEVERIFIEERD
    titel: str = ""


@dataclass(frozen=True)
class Toetsing:
    """The coach's participation in an intercollegiale toetsing."""

    id: str
    datum: dt.date
    beoordeling: str  # voldoende | onvoldoende | niet-beoordeeld
    status: str = "vastgesteld"
    vorm: str = "intercollegiale-toetsing"


@dataclass(frozen=True)
class Zelfevaluatie:
    id: str
    datum: dt.date
    volledig: bool


@dataclass(frozen=True)
class Borging:
    """One version of one kwaliteitsborging area (in force from `ingangsdatum`)."""

    id: str
    gebied: str
    ingangsdatum: dt.date
    gegevens: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Meting:
    id: str
    periode_van: dt.date
    periode_tot: dt.date
    gemiddelde_score: float
    respondenten: int = 0


@dataclass(frozen=True)
class CoachFeiten:
    id: str
    registratienummer: str
    naam: str = ""
    status: str = "actief"  # the current status, used only when there is no status history
    statushistorie: tuple[Statusregel, ...] = ()
    opleidingen: tuple[Opleiding, ...] = ()
    keurmerken: tuple[Keurmerk, ...] = ()
    dienstverbanden: tuple[Dienstverband, ...] = ()
    scholingen: tuple[Scholing, ...] = ()
    toetsingen: tuple[Toetsing, ...] = ()
    zelfevaluaties: tuple[Zelfevaluatie, ...] = ()


@dataclass(frozen=True)
class OrganisatieFeiten:
    id: str
    naam: str
    kvk_nummer: str = ""
    status: str = "actief"
    statushistorie: tuple[Statusregel, ...] = ()
    keurmerken: tuple[Keurmerk, ...] = ()
    kwaliteitsborging: tuple[Borging, ...] = ()
    metingen: tuple[Meting, ...] = ()


@dataclass(frozen=True)
class Feiten:
    """Everything the verdict on one traject needs: its coach and its organisation."""

    coach: CoachFeiten
    organisatie: OrganisatieFeiten
