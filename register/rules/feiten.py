"""The facts a verdict is computed from: plain, immutable data, gathered by the services (set-based for
many trajecten at once) or built directly in tests. Claims carry their verification state; the rules
count only `geverifieerd` ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

# the verdict counts only claims in this state (re-exported for the rules)
from register.rules.historie import geldend_op
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
class KeurmerkVersie:
    """One version of a keurmerk's status and validity, in force from `ingangsdatum` (valid time) until
    the next version's; `volgnummer` (1, 2, ... in the order recorded) decides between versions with the
    same ingangsdatum (the later recorded wins)."""

    id: str
    status: str
    geldig_tot: dt.date
    ingangsdatum: dt.date
    volgnummer: int
    melding: bool = False


@dataclass(frozen=True)
class Keurmerk:
    """A keurmerk claim. `status` and `geldig_tot` are the newest values; `versies` their history in valid
    time. A verdict for D uses `op_datum(D)`: the values of the version in force on D. The auditor's
    judgement (`verificatie`) is about the claim as a whole and applies to every date."""

    id: str
    schema: str
    nummer: str
    ingangsdatum: dt.date
    geldig_tot: dt.date
    status: str  # aangevraagd | actief | herregistratie-in-behandeling | geschorst | ingetrokken
    verificatie: str = GEVERIFIEERD
    versies: tuple[KeurmerkVersie, ...] = ()
    versie_id: str | None = None  # the version whose values these are (set by op_datum)

    def versie_op(self, d: dt.date) -> KeurmerkVersie | None:
        """The version in force on `d`: the newest with ingangsdatum <= d (ties: the higher volgnummer);
        before the first version, the first one (the keurmerk had not started then anyway). None
        without versions (then the keurmerk's own values are its whole history)."""
        if not self.versies:
            return None
        volgorde = lambda v: v.volgnummer  # noqa: E731
        begin = lambda v: v.ingangsdatum  # noqa: E731
        eerste = min(self.versies, key=lambda v: (v.ingangsdatum, v.volgnummer))
        return geldend_op(self.versies, d, begin=begin, volgorde=volgorde) or eerste

    def op_datum(self, d: dt.date) -> Keurmerk:
        """This keurmerk with the status and validity in force on `d` (itself without versions)."""
        v = self.versie_op(d)
        if v is None:
            return self
        return replace(self, status=v.status, geldig_tot=v.geldig_tot, versie_id=v.id)


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


def bronnen(feiten: Feiten, peildatum: dt.date) -> dict[str, list[str]]:
    """The fact versions and judgements a verdict on `peildatum` used, so it can be reproduced: the
    keurmerk versions in force on the date, the kwaliteitsborging version per area in force on it, the
    dienstverbanden, and every claim's judgement at the time (`"<id>:<verificatie>"`; a judgement applies
    to every date, so a later reversal shows as a different entry). Lists of strings, sorted."""
    keurmerken = (*feiten.coach.keurmerken, *feiten.organisatie.keurmerken)
    versies = [v.id for k in keurmerken if (v := k.versie_op(peildatum)) is not None]
    borging: dict[str, Borging] = {}
    for b in feiten.organisatie.kwaliteitsborging:
        if b.ingangsdatum <= peildatum and (
            b.gebied not in borging or b.ingangsdatum >= borging[b.gebied].ingangsdatum
        ):
            borging[b.gebied] = b
    claims = (*feiten.coach.opleidingen, *keurmerken, *feiten.coach.scholingen)
    return {
        "keurmerkversies": sorted(versies),
        "borging": sorted(b.id for b in borging.values()),
        "dienstverbanden": sorted(d.id for d in feiten.coach.dienstverbanden),
        "oordelen": sorted(f"{c.id}:{c.verificatie}" for c in claims),
    }
