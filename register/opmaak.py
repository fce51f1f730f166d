"""One presentation of dates, times and numbers for every Dutch text: pages, messages and explanations.

- a date is written "3 maart 2026";
- a moment is shown in Dutch time (Europe/Amsterdam) with the zone: "3 maart 2026 om 14:05 (CET)", or
  CEST in summer; stored timestamps are UTC (a naive one counts as UTC);
- a number has a decimal comma and no needless zeros: "6,5", "20", "12,25".

The JSON API keeps ISO 8601 dates and UTC timestamps with `Z`; this module is only for people. Pure (no
I/O and no clock): the templates use it through the Jinja helpers of api/weergave.py, the rules and
services call it directly for their messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
LEEG = "—"


def _moment(value: dt.datetime) -> dt.datetime:
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(AMSTERDAM)


def _parse(value: str) -> dt.date | dt.datetime | None:
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def dag_in_nederland(value: dt.datetime) -> dt.date:
    """The calendar day in Dutch time of a moment (a naive moment counts as UTC)."""
    return _moment(value).date()


def datum(value: Any) -> str:
    """A date as "3 maart 2026"; a moment (datetime) as `tijdstip`; None or "" as "—".

    An ISO string (as stored in JSON evidence) is read first; any other text is returned unchanged."""
    if value is None or value == "":
        return LEEG
    if isinstance(value, str):
        parsed = _parse(value)
        if parsed is None:
            return value
        value = parsed
    if isinstance(value, dt.datetime):
        return tijdstip(value)
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


def tijdstip(value: Any) -> str:
    """A moment in Dutch time with its zone: "3 maart 2026 om 14:05 (CET)"; a date as `datum`."""
    if value is None or value == "":
        return LEEG
    if isinstance(value, str):
        parsed = _parse(value)
        if parsed is None:
            return value
        value = parsed
    if not isinstance(value, dt.datetime):
        return datum(value)
    local = _moment(value)
    return f"{local.day} {MAANDEN[local.month - 1]} {local.year} om {local:%H:%M} ({local.tzname()})"


def getal(value: Any, decimalen: int = 2) -> str:
    """A number with a decimal comma, rounded half up, without needless trailing zeros ("12,5", "20")."""
    if value is None or value == "":
        return LEEG
    try:
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return str(value)
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",")


def procent(value: Any) -> str:
    """A share as a whole percentage: 0.905 -> "91%"."""
    if value is None:
        return LEEG
    return f"{getal(float(value) * 100, 0)}%"


def opsomming(namen: Iterable[str], voegwoord: str = "en") -> str:
    """ "a", "a en b", "a, b en c" (or with "of")."""
    items = [n for n in namen if n]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {voegwoord} " + items[-1]


def eerste_hoofdletter(text: str) -> str:
    return text[:1].upper() + text[1:]
