"""Identifier and value checks shared by the API, the pages, imports and services (no I/O but reading the
package's own data file of diagnosis terms once).

Each check returns a Dutch reason when the value is wrong, or None when it is fine.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

from register.opmaak import datum
from register.rules.aanvraag import DIAGNOSE_MELDING, diagnoseterm

DIAGNOSETERMEN_BESTAND = Path(__file__).parent / "data" / "diagnosetermen.txt"

KVK_RE = re.compile(r"^\d{8}$")
POSTCODE_RE = re.compile(r"^([1-9]\d{3}) ?([A-Za-z]{2})$")
GEMEENTE_RE = re.compile(r"^GM\d{4}$")
NINE_DIGITS = re.compile(r"(?<!\d)(\d[\d .-]{7,12}\d)(?!\d)")

EARLIEST_DATE = dt.date(1950, 1, 1)
MAX_YEARS_AHEAD = 15


def is_bsn(digits: str) -> bool:
    """The 11-proef for a BSN: 9 digits, weighted 9..2 and -1, sum divisible by 11 and not zero."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    return total % 11 == 0 and total != 0


def contains_bsn(text: str) -> bool:
    """True when free text holds a nine-digit number (spaces, dots or dashes allowed) passing the 11-proef."""
    for match in NINE_DIGITS.finditer(text or ""):
        digits = re.sub(r"\D", "", match.group(1))
        if len(digits) == 9 and is_bsn(digits):
            return True
    return False


def check_no_bsn(text: str | None) -> str | None:
    if text and contains_bsn(text):
        return "bevat een nummer dat op een BSN lijkt; een BSN mag nooit in het register staan"
    return None


@functools.cache
def diagnosetermen() -> tuple[str, ...]:
    """The maintained list of diagnosis terms (register/data/diagnosetermen.txt), one a line."""
    lines = DIAGNOSETERMEN_BESTAND.read_text(encoding="utf-8").splitlines()
    return tuple(t.strip() for t in lines if t.strip() and not t.lstrip().startswith("#"))


def check_geen_diagnose(text: str | None) -> str | None:
    """A free text may describe functioning, never a diagnosis (UWV's rule for jobcoach reports)."""
    if text and (term := diagnoseterm(text, diagnosetermen())):
        return f"noemt een diagnose ({term}): {DIAGNOSE_MELDING}"
    return None


def check_kvk(value: str) -> str | None:
    if not KVK_RE.match(value or ""):
        return "moet uit precies 8 cijfers bestaan"
    return None


def normalize_postcode(value: str) -> str | None:
    match = POSTCODE_RE.match((value or "").strip())
    if not match:
        return None
    letters = match.group(2).upper()
    if letters in {"SA", "SD", "SS"}:
        return None
    return f"{match.group(1)} {letters}"


def check_postcode(value: str) -> str | None:
    if normalize_postcode(value) is None:
        return "moet een Nederlandse postcode zijn, zoals 1234 AB"
    return None


def check_gemeente_code(value: str) -> str | None:
    if not GEMEENTE_RE.match(value or ""):
        return "moet een CBS-gemeentecode zijn: GM gevolgd door 4 cijfers, zoals GM0599"
    return None


def check_date_range(value: dt.date, *, today: dt.date, max_years_ahead: int = MAX_YEARS_AHEAD) -> str | None:
    if value < EARLIEST_DATE:
        return f"mag niet voor {datum(EARLIEST_DATE)} liggen"
    if value.year > today.year + max_years_ahead:
        return f"ligt te ver in de toekomst (uiterlijk {today.year + max_years_ahead})"
    return None


def check_website(value: str | None) -> str | None:
    if value and not re.match(r"^https?://[^\s/$.?#].[^\s]*$", value):
        return "moet een webadres zijn dat begint met https:// of http://"
    return None


def check_email(value: str) -> str | None:
    if not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value or ""):
        return "moet een geldig e-mailadres zijn"
    return None
