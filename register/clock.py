"""The one source of 'now', so time-dependent rules are tested at fixed dates."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date in the Netherlands (the register's legal time zone)."""
    from zoneinfo import ZoneInfo

    return now().astimezone(ZoneInfo("Europe/Amsterdam")).date()
