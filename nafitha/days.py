"""Local calendar days: the one rule for "today", "this day's window" and "local midnight".

Every centre is in Jordan. `Centre.timezone` stays per centre (it is part of the centres API
and of the federation feed, and is Asia/Amman everywhere), so the rule is: a record that
belongs to a centre is dated in its centre's zone, anything else in the project TIME_ZONE
(also Asia/Amman). Both go through these functions and nothing else converts a moment to a
day: not `date.today()` (the server's zone), not `replace(hour=0)` (wrong on a day whose
midnight is skipped by a clock change), not UTC.
"""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import timezone


def zone(name: str | None = None) -> zoneinfo.ZoneInfo:
    """The named zone, or the project's when none is named."""
    return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)


def local_day(at: dt.datetime | None = None, tz: zoneinfo.ZoneInfo | None = None) -> dt.date:
    """The local calendar day `at` (default: now) falls on."""
    return (at or timezone.now()).astimezone(tz or zone()).date()


def day_window(
    day: dt.date, tz: zoneinfo.ZoneInfo | None = None
) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants a local calendar day starts and ends (23 or 25 hours on DST days)."""
    tz = tz or zone()
    start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def day_start(at: dt.datetime | None = None, tz: zoneinfo.ZoneInfo | None = None) -> dt.datetime:
    """The instant the local day containing `at` (default: now) began."""
    return day_window(local_day(at, tz), tz)[0]
