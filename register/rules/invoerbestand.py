"""Reading an uploaded or imported text file (pure): the encoding and forbidden characters (issue #16,
case 11).

Dutch spreadsheets are saved as UTF-8 (with or without a BOM) or as Windows-1252 ("ANSI" in Excel). Read
as Latin-1, Windows-1252's curly apostrophe in "’s-Hertogenbosch" (byte 0x92) becomes the C1 control
character U+0092, so the encoding is detected rather than guessed: UTF-8 when the bytes are valid UTF-8,
otherwise the best of the single-byte encodings below according to charset-normalizer.
"""

from __future__ import annotations

import unicodedata

from charset_normalizer import from_bytes

BOM = b"\xef\xbb\xbf"
# the encodings a Dutch CSV file comes in besides UTF-8 (charset-normalizer's names)
ENKELBYTE = ["cp1252", "iso8859_15", "latin_1"]
TOEGESTANE_STUURTEKENS = frozenset("\t\r\n")


class OnleesbaarBestand(ValueError):
    """The bytes are in none of the accepted encodings; the message is Dutch."""


def lees_tekst(data: bytes) -> str:
    """The text of `data`: UTF-8 (a leading BOM dropped), else Windows-1252 or another Western single-byte
    encoding as charset-normalizer detects it. Raises OnleesbaarBestand when none fits."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=ENKELBYTE).best()
    if best is None:
        raise OnleesbaarBestand("het bestand is geen tekst in UTF-8 of Windows-1252")
    return str(best)


def stuurtekens(tekst: str) -> list[tuple[int, str]]:
    """Every line (numbered from 1) holding a control character other than tab, CR or LF, with the first
    such character written as U+XXXX. C1 controls (U+0080-U+009F) are what a misread Windows-1252 file
    leaves behind."""
    gevonden = []
    for nummer, regel in enumerate(tekst.splitlines(), start=1):
        for teken in regel:
            if teken not in TOEGESTANE_STUURTEKENS and unicodedata.category(teken) == "Cc":
                gevonden.append((nummer, f"U+{ord(teken):04X}"))
                break
    return gevonden
