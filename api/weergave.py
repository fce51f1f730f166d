"""The one set of Jinja helpers every template uses: labels of codes, dates, times, numbers, keurmerk states.

Registered once on the template engine (`configure`, called by the app factory), so every template, also
an imported macro file or the error page, has the same helpers:

- `label(soort, code)`: the Dutch label of a code from register.vocabulary (`label("gebied", "privacy")`);
  `opties(soort)`: the (code, label) pairs of a select; `lijst(soort)`: the code list itself;
- `datum(d)`: "3 maart 2026" (a moment: "3 maart 2026 om 14:05 (CET)"); `tijdstip(t)`; `getal(x)`: "6,5";
  all three also as filters (`{{ d | datum }}`);
- `keurmerk_weergave(code)`: label and badge colour of a keurmerk state (the state itself comes from the
  service, decided by register/rules/keurmerken.py); `dagen_tot(d)`: days from today to a date;
- `gemeente(code, namen)`: "Rotterdam (GM0599)" with the names the page looked up;
- `vocabulary`: the module, for thresholds (`vocabulary.SCHOLING_NORM_UREN`).

Pages never format a date or a number themselves: the JSON API keeps ISO dates and UTC timestamps.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar.plugins.jinja import JinjaTemplateEngine

from register import clock, opmaak, vocabulary
from register.vocabulary import KEURMERK_WEERGAVEN, LIJSTEN, Code


def opties(soort: str, codes: Any = None) -> list[tuple[str, str]]:
    """(code, label) pairs for a select or a group of radio buttons."""
    return LIJSTEN[soort].opties(codes)


def keurmerk_weergave(code: str) -> Code:
    """The label and badge colour (`toon`) of a keurmerk state code."""
    return KEURMERK_WEERGAVEN.get(code) or Code(code, KEURMERK_WEERGAVEN.label(code))


def dagen_tot(value: dt.date) -> int:
    return (value - clock.today()).days


def gemeente(code: str | None, namen: dict[str, str] | None = None) -> str:
    return vocabulary.gemeente_naam(code, namen or {})


def _waarde(objecttype: str, veld: str, value: Any) -> str:
    """One logged value in Dutch: a code by its label, a date or moment written out, yes/no, a number
    with a decimal comma, a list or a nested record spelled out; never a Python repr."""
    if value is None or value == "" or value == [] or value == {}:
        return opmaak.LEEG
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return opmaak.getal(value)
    if isinstance(value, list | tuple):
        return "; ".join(_waarde(objecttype, veld, v) for v in value)
    if isinstance(value, dict):
        if set(value) >= {"van", "naar"} and len(value) == 2:
            van, naar = (_waarde(objecttype, veld, value[k]) for k in ("van", "naar"))
            return f"van “{van}” naar “{naar}”"
        return ", ".join(f"{vocabulary.veld_label(k).lower()}: {_waarde(objecttype, k, v)}" for k, v in value.items())
    text = str(value)
    lijst = vocabulary.VELD_CODELIJSTEN.get(f"{objecttype}.{veld}") or vocabulary.VELD_CODELIJSTEN.get(veld)
    if lijst and text in LIJSTEN[lijst]:
        return LIJSTEN[lijst].label(text)
    if len(text) >= 10 and text[:4].isdigit() and text[4:5] == "-":
        return opmaak.datum(text)
    return text


def wijzigingen(objecttype: str, wijziging: dict[str, Any]) -> list[tuple[str, str]]:
    """The change of one audit-log entry as (Dutch field label, Dutch text) pairs, for the beheerder's
    audit-log page: labels from register.vocabulary (VELD_LABELS, VELD_CODELIJSTEN), values as `_waarde`;
    a change `{"van": a, "naar": b}` reads 'van “a” naar “b”'."""
    return [(vocabulary.veld_label(veld), _waarde(objecttype, veld, waarde)) for veld, waarde in wijziging.items()]


HELPERS: dict[str, Any] = {
    "wijzigingen": wijzigingen,
    "label": vocabulary.label,
    "dit": vocabulary.dit,
    "opties": opties,
    "lijst": LIJSTEN.__getitem__,
    "datum": opmaak.datum,
    "tijdstip": opmaak.tijdstip,
    "getal": opmaak.getal,
    "keurmerk_weergave": keurmerk_weergave,
    "dagen_tot": dagen_tot,
    "gemeente": gemeente,
    "vocabulary": vocabulary,
}
FILTERS: dict[str, Any] = {"datum": opmaak.datum, "tijdstip": opmaak.tijdstip, "getal": opmaak.getal}


def configure(engine: JinjaTemplateEngine) -> None:
    """Make the helpers and filters available in every template (TemplateConfig's engine callback)."""
    engine.engine.globals.update(HELPERS)
    engine.engine.filters.update(FILTERS)
