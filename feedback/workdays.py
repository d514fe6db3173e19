"""Working-day arithmetic for response deadlines: Jordan's week (Sunday–Thursday) less the
public holidays the centres close on (`centre.PublicHoliday`), counted in the local calendar (Asia/Amman)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from centre.models import PublicHoliday


def is_working_day(day: dt.date, holidays: set[dt.date]) -> bool:
    return day.weekday() not in settings.NAFITHA_WEEKEND and day not in holidays


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """End of the `days`-th working day after `start`'s local day (midnight, local time).

    A request received on Thursday with 2 working days is due at the end of Monday; one
    received on a Friday counts from Sunday. Counting starts the day after receipt, so a
    request always gets `days` whole working days.
    """
    local = timezone.localtime(start)
    day = local.date()
    horizon = day + dt.timedelta(days=days * 3 + 30)
    holidays = PublicHoliday.objects.dates_between(day + dt.timedelta(days=1), horizon)
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0))
    return timezone.make_aware(end, local.tzinfo)
