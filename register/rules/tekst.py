"""Folding of text for comparing and sorting (pure): the one rule for "ignoring case and accents" that
names, sort keys and search share, computed in Python so that SQLite and PostgreSQL store and compare the
same keys (issue #16, cases 8 and 12).

`vouw` folds every Latin letter with a diacritic to its base letters, as PostgreSQL's `unaccent` does:
Unicode decomposition (NFKD) with the combining marks dropped, plus the letters that have no
decomposition (ß, æ, ø, ł, đ, þ, ı, ...) from an explicit table, then Unicode case folding.
"""

from __future__ import annotations

import unicodedata

# Letters without a Unicode decomposition, folded as unaccent.rules of PostgreSQL does.
VOUW_EXTRA = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "ǽ": "ae",
        "Ǽ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ø": "o",
        "Ø": "o",
        "ǿ": "o",
        "Ǿ": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "h",
        "ŧ": "t",
        "Ŧ": "t",
        "ĸ": "k",
        "ŋ": "n",
        "Ŋ": "n",
        "ŉ": "'n",
        "ſ": "s",
        "ƀ": "b",
        "Ɓ": "b",
        "ƈ": "c",
        "Ƈ": "c",
        "ɗ": "d",
        "Ɗ": "d",
        "ƒ": "f",
        "Ƒ": "f",
        "ɠ": "g",
        "Ɠ": "g",
        "ƙ": "k",
        "Ƙ": "k",
        "ƚ": "l",
        "Ƚ": "l",
        "ɲ": "n",
        "Ɲ": "n",
        "ƥ": "p",
        "Ƥ": "p",
        "ƫ": "t",
        "ƭ": "t",
        "Ƭ": "t",
        "ʈ": "t",
        "Ʈ": "t",
        "ƴ": "y",
        "Ƴ": "y",
        "ƶ": "z",
        "Ƶ": "z",
        "ȥ": "z",
        "Ȥ": "z",
        "ɨ": "i",
        "Ɨ": "i",
        "ʉ": "u",
        "Ʉ": "u",
        "ɇ": "e",
        "Ɇ": "e",
        "ɍ": "r",
        "Ɍ": "r",
        "ɏ": "y",
        "Ɏ": "y",
        "ȼ": "c",
        "Ȼ": "c",
        "ȿ": "s",
        "ɀ": "z",
        "ʼ": "'",
        "ʻ": "'",
        "‘": "'",
        "’": "'",
        "‛": "'",
        "`": "'",
        "´": "'",
    }
)


def vouw(tekst: str) -> str:
    """`tekst` without case and diacritics: "Öztürk" -> "ozturk", "Łódź" -> "lodz", "ß" -> "ss".

    Letters of other scripts stay themselves (lower case); punctuation and spacing are kept (curly
    apostrophes become `'`). Pure; the same result on every engine because no database folds it.
    """
    folded = unicodedata.normalize("NFKD", tekst.translate(VOUW_EXTRA))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold().translate(VOUW_EXTRA)
    # casefold() may itself produce letters with marks (e.g. "İ" -> "i̇") or lower-case letters without a
    # decomposition ("Ƀ" -> "ƀ"): fold once more
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
