"""Identifier and value checks shared by the API, the pages, imports and services (no I/O but reading the
package's own data file of diagnosis terms once).

Each check returns a Dutch reason when the value is wrong, or None when it is fine.

Identifiers (KvK number, postcode, CBS gemeente code, registratienummer) take only ASCII digits and letters
in their exact shape (issue #16, case 9): Python's `\\d` also matches Arabic-Indic and other Unicode
digits, and `$` also matches before a final newline, so the patterns spell `[0-9]` and are matched with
`fullmatch`. A value with surrounding whitespace is refused with a Dutch message rather than stored (a
postcode is the one exception: it is normalised, spaces trimmed, to "1234 AB").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from pathlib import Path

from register.opmaak import datum
from register.rules.aanvraag import DIAGNOSE_MELDING, diagnoseterm, noemt_geboortedatum

DIAGNOSETERMEN_BESTAND = Path(__file__).parent / "data" / "diagnosetermen.txt"

KVK_RE = re.compile(r"[0-9]{8}")
POSTCODE_RE = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})")
GEMEENTE_RE = re.compile(r"GM[0-9]{4}")
REGISTRATIENUMMER_RE = re.compile(r"JC-[0-9]{6}")
OMRINGD = "mag niet beginnen of eindigen met een spatie, tab of regeleinde"

EARLIEST_DATE = dt.date(1950, 1, 1)
MAX_YEARS_AHEAD = 15


def is_bsn(digits: str) -> bool:
    """The 11-proef for a BSN: 9 digits, weighted 9..2 and -1, sum divisible by 11 and not zero."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    return total % 11 == 0 and total != 0


def bsn_cijferreeksen(text: str) -> list[str]:
    """The runs of digits a reader would see in `text`, with everything that separates digits removed.

    The text is normalised first (Unicode NFKC, so full-width and other compatibility digits become
    0-9; any other Unicode decimal digit is read as its value). Then every run of characters that are
    neither a letter nor a digit between two digits is dropped: spaces of any kind (NBSP, tab, newline),
    dots, commas, slashes, underscores, hyphens and dashes, zero-width and other invisible characters.
    So `1 2 3.4/5_6\u200b7-8,2` gives `["123456782"]`, while letters keep numbers apart
    (`12 uur op 3 dagen` gives `["12", "3"]`). Source: issue 13, finding 6.
    """
    normalised = unicodedata.normalize("NFKC", text or "")
    runs: list[str] = []
    current: list[str] = []
    for char in normalised:
        digit = unicodedata.decimal(char, None)
        if digit is not None:
            current.append(str(digit))
        elif char.isalpha() and current:  # a letter ends a number
            runs.append("".join(current))
            current = []
        # anything else (a separator or an invisible character) is skipped: the digits around it join
    if current:
        runs.append("".join(current))
    return runs


def contains_bsn(text: str, *, ook_binnen_langere_getallen: bool = True) -> bool:
    """True when free text holds a number passing the BSN 11-proef, in any notation.

    The digits are read as `bsn_cijferreeksen` reads them. Every stretch of nine consecutive digits of a
    longer run is tried too (a BSN glued to other digits), unless `ook_binnen_langere_getallen` is False:
    then only runs of exactly nine digits count (for values that are long numbers by nature, such as a
    telephone number; see the allow-list in api/validation.py).
    """
    for run in bsn_cijferreeksen(text):
        if len(run) == 9 or (ook_binnen_langere_getallen and len(run) > 9):
            if any(is_bsn(run[i : i + 9]) for i in range(len(run) - 8)):
                return True
    return False


BSN_FOUT = "bevat een nummer dat op een BSN lijkt (ook met spaties of tekens tussen de cijfers); een BSN mag nooit in het register staan"


def check_no_bsn(text: str | None, *, ook_binnen_langere_getallen: bool = True) -> str | None:
    """A Dutch reason when `text` holds a BSN in any notation (see `contains_bsn`), else None."""
    if text and contains_bsn(text, ook_binnen_langere_getallen=ook_binnen_langere_getallen):
        return BSN_FOUT
    return None


def _omringd(value: str) -> bool:
    return bool(value) and value != value.strip()


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


def check_geen_geboortedatum(text: str | None) -> str | None:
    """A free text identifies nobody: a date of birth ("geboren op 12-03-1990") is refused."""
    if text and noemt_geboortedatum(text):
        return (
            "noemt een geboortedatum; beschrijf de werknemer zonder gegevens die hem of haar herkenbaar maken"
        )
    return None


def check_kvk(value: str) -> str | None:
    if _omringd(value):
        return OMRINGD
    if not KVK_RE.fullmatch(value or ""):
        return "moet uit precies 8 cijfers (0 tot en met 9) bestaan"
    return None


def check_registratienummer(value: str) -> str | None:
    """A registratienummer as assigned: `JC-` and six digits 0-9, e.g. JC-000123."""
    if _omringd(value):
        return OMRINGD
    if not REGISTRATIENUMMER_RE.fullmatch(value or ""):
        return "moet een registratienummer zijn: JC- gevolgd door 6 cijfers, zoals JC-000123"
    return None


def normalize_postcode(value: str) -> str | None:
    """ "1234ab", " 1234 AB " -> "1234 AB"; None when it is no Dutch postcode (digits 0-9 only)."""
    match = POSTCODE_RE.fullmatch((value or "").strip())
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
    if _omringd(value):
        return OMRINGD
    if not GEMEENTE_RE.fullmatch(value or ""):
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
