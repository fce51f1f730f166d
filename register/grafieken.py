"""Bar charts as inline SVG strings, rendered on the server (pure Python: no I/O, no JavaScript).

Every chart carries its own text alternative: role="img" with aria-labelledby pointing at its <title>
and <desc>, and the caller shows the same figures in a table (see templates/overzicht/_grafiek.html).
All text is XML-escaped, so a label can never inject markup.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from register.opmaak import getal

BREEDTE = 480
RIJ_HOOGTE = 28
LABEL_BREEDTE = 180
WAARDE_BREEDTE = 60
MARGE = 8
# The register's colours (the lintblauw of static/css/register.css) and a fill per bar that differs by
# pattern as well as by shade, so no bar is told apart by colour alone (WCAG 1.4.1); each bar also has
# its value written beside it.
KLEUR = "#154273"
KLEUR_LICHT = "#e6eef6"
PATRONEN = (
    "",  # solid lintblauw
    f'<path d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="{KLEUR}" stroke-width="2"/>',  # diagonal stripes
    f'<circle cx="4" cy="4" r="1.8" fill="{KLEUR}"/>',  # dots
    f'<path d="M0 4h8M4 0v8" stroke="{KLEUR}" stroke-width="1.5"/>',  # grid
)


@dataclass(frozen=True)
class Grafiek:
    """A chart and its figures: `svg` is safe markup, `reeks` the (label, value) rows for the table."""

    id: str
    titel: str
    beschrijving: str
    reeks: tuple[tuple[str, float], ...]
    svg: str


_NIET_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _tekst(value: str) -> str:
    """Escaped for XML, without the characters XML 1.0 cannot hold (control characters)."""
    return escape(_NIET_XML.sub("", value))


def _getal(value: float) -> str:
    return getal(value, 1)


def _id(value: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", value).strip("-")
    return cleaned if cleaned and cleaned[0].isalpha() else f"g-{cleaned}"


def staafdiagram(
    id: str, titel: str, reeks: Sequence[tuple[str, float]], beschrijving: str = "", eenheid: str = ""
) -> Grafiek:
    """A horizontal bar chart: one bar per (label, value), scaled to the largest value.

    Negative values are drawn as empty bars; without data the chart says "Geen gegevens".
    """
    gid = _id(id)
    rows = tuple((str(label), float(value)) for label, value in reeks)
    if not beschrijving:
        beschrijving = (
            "; ".join(f"{label}: {_getal(v)}{(' ' + eenheid) if eenheid else ''}" for label, v in rows)
            if rows
            else "Geen gegevens."
        )
    top = max((v for _, v in rows if math.isfinite(v)), default=0.0)
    bar_space = BREEDTE - LABEL_BREEDTE - WAARDE_BREEDTE - 2 * MARGE
    hoogte = max(1, len(rows)) * RIJ_HOOGTE + 2 * MARGE
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafiek" role="img" '
        f'aria-labelledby="{gid}-titel {gid}-desc" viewBox="0 0 {BREEDTE} {hoogte}" '
        f'width="{BREEDTE}" height="{hoogte}">',
        f'<title id="{gid}-titel">{_tekst(titel)}</title>',
        f'<desc id="{gid}-desc">{_tekst(beschrijving)}</desc>',
        "<defs>",
        *(
            f'<pattern id="{gid}-patroon-{n}" patternUnits="userSpaceOnUse" width="8" height="8">'
            f'<path d="M0 0h8v8h-8z" fill="{KLEUR_LICHT}"/>{patroon}</pattern>'
            for n, patroon in enumerate(PATRONEN)
            if patroon
        ),
        "</defs>",
    ]
    if not rows:
        parts.append(f'<text x="{MARGE}" y="{MARGE + RIJ_HOOGTE // 2 + 4}">Geen gegevens</text>')
    for i, (label, value) in enumerate(rows):
        y = MARGE + i * RIJ_HOOGTE
        safe = value if math.isfinite(value) and value > 0 else 0.0
        width = round(bar_space * safe / top, 1) if top > 0 else 0.0
        parts.append(
            f'<text x="{LABEL_BREEDTE - MARGE}" y="{y + RIJ_HOOGTE // 2 + 4}" text-anchor="end">{_tekst(label)}</text>'
        )
        n = i % len(PATRONEN)
        vulling = f"url(#{gid}-patroon-{n})" if PATRONEN[n] else KLEUR
        parts.append(
            f'<rect x="{LABEL_BREEDTE}" y="{y + 4}" width="{width}" height="{RIJ_HOOGTE - 8}" '
            f'class="staaf staaf-{n}" fill="{vulling}" stroke="{KLEUR}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LABEL_BREEDTE + width + MARGE}" y="{y + RIJ_HOOGTE // 2 + 4}">{_tekst(_getal(value))}</text>'
        )
    parts.append("</svg>")
    return Grafiek(id=gid, titel=titel, beschrijving=beschrijving, reeks=rows, svg="".join(parts))
