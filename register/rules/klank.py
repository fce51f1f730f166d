"""A phonetic key for Dutch names (pure): names typed as they sound are found in the public register
(issue #16, case 12). "Meijer", "Meyer" and "Meier", "Pauw" and "Pouw", "Brand" and "Brandt", "Philips"
and "Filips", "Claassen" and "Klaasen", "Schouten" and "Sgouten" get the same key.

The key is made from an already folded name (lower case, no diacritics, words separated by spaces, as
`register.services.zoeken.normaliseer` gives) by plain text replacements in a fixed order, `REGELS`.
Plain replacements only, so that the very same steps run as a chain of SQL `replace()` calls in both
engines (a generated column beside the trigram index, migration 2026-12-01T06:00) and here for the query.
The text is padded with one space on either side so that word ends can be matched ("d " -> "t ").

Sources for the sound-alike pairs (all standard Dutch spelling and pronunciation):
- ei/ij (and the older spelling y, ey, eij): one diphthong /ɛi/; Woordenlijst Nederlandse Taal
  ("Groene Boekje"), leidraad 1, and the name variants in the Meertens Instituut's Nederlandse
  Familienamenbank (Meijer/Meyer/Meier).
- ui/uij/uy: one diphthong /œy/ in old and new spelling (Huijgens/Huygens/Huigens); same sources.
- au/ou (auw/ouw): one diphthong /ʌu/; same sources (Pauw/Pouw, Bouwman/Bauman).
- ch/g: both /x/ in most of the Netherlands (G. Booij, "The Phonology of Dutch", 1995, ch. 2);
  sch is s + /x/.
- c/k, ck, q(u)/kw, x/ks, ph/f, th/t: spelling variants of one sound in older and foreign-derived
  names (Cornelis/Kornelis, Philips/Filips, Thijs/Tijs); Groene Boekje, leidraad 5 (bastaardwoorden).
- d/t and dt at the end of a word: final devoicing ("eindklankverscherping", Booij 1995, 7.2):
  Brand, Brandt and Brant sound alike.
- v/f and z/s: initial fricatives lose their voice in much of the Dutch speaking area (Booij 1995,
  7.3), so Vos/Fos and Zwart/Swart are heard alike.
- ie/i, double vowels and double consonants: open-syllable spelling (Groene Boekje, leidraad 1;
  Sanne/Sane, Claassen/Klaasen, Pieter/Piter).

The key is a search aid only: it matches more than the true homophones, so the search ranks a match by
key below every match on the written name.
"""

from __future__ import annotations

# (from, to), applied in this order to " " + folded name + " ".
REGELS: tuple[tuple[str, str], ...] = (
    # diphthongs: uij and uy as ui; ei, ij, ey, eij as ei; y as i
    ("uij", "ui"),
    ("uy", "ui"),
    ("eij", "ei"),
    ("ij", "ei"),
    ("ey", "ei"),
    ("y", "i"),
    ("auw", "ou"),
    ("ouw", "ou"),
    ("au", "ou"),
    # consonant spellings
    ("sch", "sg"),
    ("ch", "g"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("qu", "kw"),
    ("q", "k"),
    ("x", "ks"),
    ("ck", "k"),
    ("c", "k"),
    ("v", "f"),
    ("z", "s"),
    # final devoicing
    ("dt ", "t "),
    ("d ", "t "),
    # vowels: ie as i, ae as aa (Maes/Maas)
    ("ie", "i"),
    ("ae", "a"),
    # double letters as one
    *((c + c, c) for c in "abcdefghijklmnopqrstuvwxyz"),
)


def klanksleutel(genormaliseerd: str) -> str:
    """The phonetic key of a folded name (`normaliseer()` output: ASCII lower case words separated by
    spaces), with one space of padding on either side: "meijer de vries" -> " meier te fris "."""
    tekst = f" {genormaliseerd} "
    for van, naar in REGELS:
        tekst = tekst.replace(van, naar)
    return tekst


def sql_klanksleutel(expr: str) -> str:
    """The same key as SQL (`replace()` exists with the same meaning on SQLite and PostgreSQL) over the
    SQL text expression `expr`, which holds the folded name."""
    sql = f"(' ' || {expr} || ' ')"
    for van, naar in REGELS:
        sql = f"replace({sql}, '{van}', '{naar}')"
    return sql
