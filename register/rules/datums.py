"""Calendar arithmetic for the rules: months and years from a date, clamped to the month's last day.

The register's one convention for "plus one year" and "plus two years" (issue #16, case 13), used for the
traject's end date, the year boundaries of its hours budget, the report schedule, the retention period and
the demo data:

- `add_years(d, n)` is the same day and month n years on; where that day does not exist (29 February in a
  common year) it is the last day of that month, 28 February. This is the month arithmetic of
  `add_months` (31 January + 1 month = 28 February) and what PostgreSQL's `date + interval '1 year'`,
  dateutil's relativedelta and java.time's plusYears do, so a figure computed in SQL or by a case system
  agrees with ours.
- A period of n years from a start date ends the day before `add_years(start, n)` (`periode_einde`).
  So a traject starting on 29 February 2024 has year 1 from 29 February 2024 to 27 February 2025, year 2
  from 28 February 2025 to 27 February 2026, and (two years) ends on 27 February 2026; one starting on
  1 March 2024 ends on 28 February 2026. A two-year period therefore always has 730 or 731 days.
- Going back works the same way: `add_years(29 February 2028, -2)` is 28 February 2026.
"""

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
    """`on` moved by whole years (negative: back); 29 February in a common year becomes 28 February."""
    return add_months(on, 12 * years)


def periode_einde(start: dt.date, years: int) -> dt.date:
    """The last day of a period of `years` years starting on `start` (inclusive): the day before
    `add_years(start, years)`. 29 February 2024 + 2 years -> 27 February 2026."""
    return add_years(start, years) - dt.timedelta(days=1)


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
