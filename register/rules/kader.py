"""Toetsingskaders: the ten criteria, their parameters, the national default, validation of a gemeente's
own kader and the choice of the version in force on a peildatum (pure, no I/O)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from register import vocabulary
from register.errors import FieldError

CRITERIA: tuple[str, ...] = vocabulary.CRITERIA.codes

HBO_SOORTEN = vocabulary.OPLEIDING_SOORTEN.codes
PERSOONS_SCHEMAS = vocabulary.PERSOONS_SCHEMAS.codes
ORGANISATIE_SCHEMAS = vocabulary.ORGANISATIE_SCHEMAS.codes
DIENSTVERBAND_SOORTEN = vocabulary.DIENSTVERBAND_SOORTEN.codes
TOETSING_VORMEN = vocabulary.TOETSING_VORMEN.codes
# The kwaliteitsborging criterion asks these areas (the klachtprocedure is a criterion of its own and the
# client-satisfaction area is judged by its measurements).
BORGING_GEBIEDEN = ("privacy", "continuiteit", "scholingsbeleid")

HERREGISTRATIE_DAGEN = vocabulary.HERREGISTRATIE_DAGEN
MAANDEN = vocabulary.VENSTER_MAANDEN

# The national default, from the quality demands of the seed letter (DOMAIN.md "Verification").
STANDAARD: dict[str, dict[str, Any]] = {
    "jobcoach-actief": {"vereist": True},
    "hbo-niveau": {"vereist": True, "soorten": list(HBO_SOORTEN)},
    "persoonsregister": {
        "vereist": True,
        "schemas": list(PERSOONS_SCHEMAS),
        "herregistratieDagen": HERREGISTRATIE_DAGEN,
    },
    "dienstverband": {"vereist": True, "soorten": list(DIENSTVERBAND_SOORTEN)},
    "organisatie-keurmerk": {
        "vereist": True,
        "schemas": list(ORGANISATIE_SCHEMAS),
        "herregistratieDagen": HERREGISTRATIE_DAGEN,
    },
    "scholing": {"vereist": True, "urenMinimaal": vocabulary.SCHOLING_NORM_UREN, "maanden": MAANDEN},
    "intercollegiale-toetsing": {"vereist": True, "maanden": MAANDEN, "vormen": list(TOETSING_VORMEN)},
    "zelfevaluatie": {"vereist": True, "maanden": MAANDEN},
    "klachtprocedure": {"vereist": True},
    "kwaliteitsborging": {
        "vereist": True,
        "gebieden": list(BORGING_GEBIEDEN),
        "maanden": MAANDEN,
        "minimaleScore": None,
    },
}

# Parameter kinds: ("lijst", allowed values) | ("getal", max) | ("maanden",) | ("dagen",) | ("score",)
PARAMETERS: dict[str, dict[str, tuple]] = {
    "jobcoach-actief": {},
    "hbo-niveau": {"soorten": ("lijst", HBO_SOORTEN)},
    "persoonsregister": {"schemas": ("lijst", PERSOONS_SCHEMAS), "herregistratieDagen": ("dagen",)},
    "dienstverband": {"soorten": ("lijst", DIENSTVERBAND_SOORTEN)},
    "organisatie-keurmerk": {"schemas": ("lijst", ORGANISATIE_SCHEMAS), "herregistratieDagen": ("dagen",)},
    "scholing": {"urenMinimaal": ("getal", 1000), "maanden": ("maanden",)},
    "intercollegiale-toetsing": {"maanden": ("maanden",), "vormen": ("lijst", TOETSING_VORMEN)},
    "zelfevaluatie": {"maanden": ("maanden",)},
    "klachtprocedure": {},
    "kwaliteitsborging": {
        "gebieden": ("lijst", BORGING_GEBIEDEN),
        "maanden": ("maanden",),
        "minimaleScore": ("score",),
    },
}

KADER_TERUGWERKEND = (
    "mag niet in het verleden liggen: een toetsingskader werkt niet terug, zodat eerdere verificaties "
    "reproduceerbaar blijven"
)
MAX_MAANDEN = 120
MAX_DAGEN = 365


@dataclass(frozen=True)
class Kader:
    """One version of a toetsingskader: `gemeente` None is the national kader; versie 0 is the built-in
    national default that applies until the beheerder stores a version of their own."""

    gemeente: str | None
    versie: int
    ingangsdatum: dt.date
    criteria: dict[str, dict[str, Any]]

    def vereist(self, code: str) -> bool:
        return bool(self.criteria[code]["vereist"])

    def param(self, code: str, name: str) -> Any:
        return self.criteria[code].get(name, STANDAARD[code].get(name))

    @property
    def ref(self) -> dict[str, Any]:
        return {"gemeente": self.gemeente, "versie": self.versie}


INGEBOUWD = Kader(gemeente=None, versie=0, ingangsdatum=dt.date(1900, 1, 1), criteria=STANDAARD)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_param(code: str, name: str, kind: tuple, value: Any) -> str | None:
    soort = kind[0]
    if soort == "lijst":
        allowed = kind[1]
        if not isinstance(value, list) or not value:
            return "moet een lijst met minstens één waarde zijn uit: " + ", ".join(allowed)
        wrong = [str(v) for v in value if v not in allowed]
        if wrong:
            return f"onbekende waarde(n) {', '.join(wrong)}; kies uit: " + ", ".join(allowed)
        if len(set(value)) != len(value):
            return "bevat een waarde dubbel"
        return None
    if soort == "score":
        if value is None:
            return None
        if not _is_number(value):
            return "moet een getal zijn (of null voor geen minimum)"
        if value < 0:
            return "mag niet negatief zijn"
        if not 1 <= value <= 10:
            return "moet tussen 1 en 10 liggen"
        return None
    if not _is_number(value):
        return "moet een getal zijn"
    if value < 0:
        return "mag niet negatief zijn"
    if soort == "getal" and value > kind[1]:
        return f"mag hoogstens {kind[1]} zijn"
    if soort in ("maanden", "dagen"):
        if isinstance(value, float) and not value.is_integer():
            return "moet een geheel getal zijn"
        upper = MAX_MAANDEN if soort == "maanden" else MAX_DAGEN
        if soort == "maanden" and value < 1:
            return "moet minstens 1 maand zijn"
        if value > upper:
            return f"mag hoogstens {upper} zijn"
    return None


def validate(criteria: Any, field: str = "criteria") -> list[FieldError]:
    """Every problem of a kader's criteria object at once, with Dutch reasons naming the parameter."""
    if not isinstance(criteria, dict):
        return [FieldError(field, "moet een object zijn met per criterium de instellingen")]
    errors: list[FieldError] = []
    for code, settings in criteria.items():
        path = f"{field}.{code}"
        if code not in PARAMETERS:
            errors.append(FieldError(path, "onbekend criterium; kies uit: " + ", ".join(CRITERIA)))
            continue
        if not isinstance(settings, dict):
            errors.append(FieldError(path, 'moet een object zijn, zoals {"vereist": true}'))
            continue
        for name, value in settings.items():
            if name == "vereist":
                if not isinstance(value, bool):
                    errors.append(FieldError(f"{path}.vereist", "moet true of false zijn"))
                continue
            kind = PARAMETERS[code].get(name)
            if kind is None:
                known = ["vereist", *PARAMETERS[code]]
                errors.append(
                    FieldError(f"{path}.{name}", "onbekende instelling; mogelijk zijn: " + ", ".join(known))
                )
                continue
            if reason := _check_param(code, name, kind, value):
                errors.append(FieldError(f"{path}.{name}", reason))
    return errors


def merge(base: dict[str, dict[str, Any]], given: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A complete criteria object: the given settings over `base`, criterion by criterion and parameter
    by parameter; anything not given keeps the base's value."""
    out = copy.deepcopy({code: {**STANDAARD[code], **base.get(code, {})} for code in CRITERIA})
    for code, settings in given.items():
        for name, value in settings.items():
            out[code][name] = (
                int(value) if PARAMETERS[code].get(name, ("",))[0] in ("maanden", "dagen") else value
            )
    return out


def in_force(kaders: Iterable[Kader], gemeente: str | None, peildatum: dt.date) -> Kader:
    """The gemeente's newest version in force on the peildatum, else the national one, else the built-in
    default. Among versions with the same start date, the highest version number wins."""
    candidates = [k for k in kaders if k.ingangsdatum <= peildatum]
    own = [k for k in candidates if gemeente is not None and k.gemeente == gemeente]
    if own:
        return max(own, key=lambda k: (k.ingangsdatum, k.versie))
    national = [k for k in candidates if k.gemeente is None]
    if national:
        return max(national, key=lambda k: (k.ingangsdatum, k.versie))
    return INGEBOUWD
