"""Dutch personal names (pure): how a coach's name is shown and sorted (DOMAIN.md, "Names"; issue #16,
case 8).

A name has three parts: `voornaam`, `tussenvoegsel` (e.g. "de", "van der", "'t"; may be empty) and
`achternaam`. It is shown as "Sanne de Vries" and sorted on the achternaam, then the voornaam, ignoring
the tussenvoegsel, case and accents, the way Dutch registers and phone books do: "'t Hart" and "d'Hondt"
under H, "van den Berg" under B, "Öztürk" among the O's.

The order is a stored sort key (`jobcoach.sorteersleutel`) made by `sorteersleutel()`, so SQLite and
PostgreSQL sort the same: both compare it byte by byte (the column is `COLLATE "C"` on PostgreSQL), whatever the
database's locale.
"""

from __future__ import annotations

import re

from register.rules.tekst import vouw
from register.vocabulary import TUSSENVOEGSEL_WOORDEN

SORTEERSLEUTEL_MAX = 300  # characters, as the column
_ELIDEREND = tuple(w for w in TUSSENVOEGSEL_WOORDEN if w.endswith("'"))  # d', l', o'
_NIET_LETTER = re.compile(r"[^\w]|_")


def volledige_naam(voornaam: str, tussenvoegsel: str | None, achternaam: str) -> str:
    """The name as shown: "Sanne", "de", "Vries" -> "Sanne de Vries"; empty parts left out."""
    return " ".join(p.strip() for p in (voornaam, tussenvoegsel or "", achternaam) if p and p.strip())


def achternaam_voor_sorteren(achternaam: str) -> str:
    """The achternaam without the tussenvoegsel words it may still open with, in any case:
    "'t Hart" -> "Hart", "d'Hondt" -> "Hondt", "van den Berg" -> "Berg", "De Vries" -> "Vries".
    A name that is only such words stays as it is ("Van")."""
    rest = vouw(achternaam).strip()
    original = achternaam.strip()
    while True:
        woorden = rest.split(" ", 1)
        if len(woorden) == 2 and woorden[0] in TUSSENVOEGSEL_WOORDEN and woorden[1].strip():
            rest = woorden[1].strip()
            continue
        for prefix in _ELIDEREND:
            if rest.startswith(prefix) and len(rest) > len(prefix) and rest[len(prefix)].isalpha():
                rest = rest[len(prefix) :]
                break
        else:
            break
    return rest if rest else original


def _sleuteldeel(tekst: str) -> str:
    """Folded, only letters and digits (so spaces, hyphens and apostrophes do not decide the order)."""
    return _NIET_LETTER.sub("", vouw(tekst))


def sorteersleutel(voornaam: str, tussenvoegsel: str | None, achternaam: str) -> str:
    """The key that orders coaches: folded achternaam without tussenvoegsel, voornaam, tussenvoegsel,
    separated by a space (which sorts before every letter and digit, so "Berg" comes before "Bergen").

    "Sanne", "de", "Vries" -> "vries sanne de"; "Ömer", "", "Öztürk" -> "ozturk omer ". At most
    SORTEERSLEUTEL_MAX characters. Compare it byte by byte (SQLite's default, `COLLATE "C"` on PostgreSQL).
    """
    delen = (achternaam_voor_sorteren(achternaam), voornaam, tussenvoegsel or "")
    return " ".join(_sleuteldeel(d) for d in delen).rstrip()[:SORTEERSLEUTEL_MAX]


def splits_achternaam(achternaam: str) -> tuple[str, str]:
    """An achternaam typed with its tussenvoegsel, split: "van den Berg" -> ("van den", "Berg"),
    "'t Hart" -> ("'t", "Hart"). Only lower-case words split off (a capital "De Vries" or "Van Gogh" may
    be one name, as in Flemish names); a name that is only such words is left whole."""
    woorden = achternaam.strip().split()
    i = 0
    while (
        i < len(woorden) - 1
        and woorden[i] == woorden[i].lower()
        and vouw(woorden[i]) in TUSSENVOEGSEL_WOORDEN
    ):
        i += 1
    return " ".join(woorden[:i]), " ".join(woorden[i:])
