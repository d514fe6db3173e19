"""Working-day arithmetic for response deadlines: Jordan's week (Sunday–Thursday) less the
public holidays the centres close on (`centre.PublicHoliday`), counted in the local calendar
(`nafitha.days`: the request's centre's zone, or the project's for a request to a department)."""

import datetime as dt
import zoneinfo

from django.conf import settings

from centre.models import PublicHoliday
from nafitha import days as local


def is_working_day(day: dt.date, holidays: set[dt.date]) -> bool:
    return day.weekday() not in settings.NAFITHA_WEEKEND and day not in holidays


def add_working_days(
    start: dt.datetime, days: int, tz: zoneinfo.ZoneInfo | None = None
) -> dt.datetime:
    """End of the `days`-th working day after `start`'s local day (midnight, local time).

    A request received on Thursday with 2 working days is due at the end of Monday; one
    received on a Friday counts from Sunday. Counting starts the day after receipt, so a
    request always gets `days` whole working days.
    """
    day = local.local_day(start, tz)
    horizon = day + dt.timedelta(days=days * 3 + 30)
    holidays = PublicHoliday.objects.dates_between(day + dt.timedelta(days=1), horizon)
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return local.day_window(day, tz)[1]
