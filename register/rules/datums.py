"""Calendar arithmetic for the rules: months and years from a date, clamped to the month's last day."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache


@lru_cache(maxsize=4096)
def add_months(on: dt.date, months: int) -> dt.date:
    """`on` moved by whole months; 31 January + 1 month is 28 (or 29) February."""
    year, month = divmod(on.year * 12 + (on.month - 1) + months, 12)
    day = min(on.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def add_years(on: dt.date, years: int) -> dt.date:
    return add_months(on, 12 * years)


def months_before(on: dt.date, months: int) -> dt.date:
    """The exclusive start of the window "the `months` months before `on`": a date d counts when
    months_before(on, months) < d <= on."""
    return add_months(on, -months)


def in_window(value: dt.date, on: dt.date, months: int) -> bool:
    return months_before(on, months) < value <= on


def begin_van_dag(on: dt.date) -> dt.datetime:
    """The first moment (00:00 Europe/Amsterdam) of a Dutch calendar day, as an aware UTC datetime: the
    moment a status change with an ingangsdatum takes effect."""
    from zoneinfo import ZoneInfo

    return dt.datetime.combine(on, dt.time(0), ZoneInfo("Europe/Amsterdam")).astimezone(dt.UTC)
