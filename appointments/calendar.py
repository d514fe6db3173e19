"""Days a centre receives booked visits: not Fridays, not the public holidays the centres
close on (`centre.PublicHoliday`, confirmed dates only, read through the process cache
`centre.cached.holidays`)."""

import datetime as dt

from django.conf import settings

from centre import cached


def public_holidays(first: dt.date, last: dt.date) -> set[dt.date]:
    """Public holidays between `first` and `last`, inclusive."""
    return {day for day in cached.holidays() if first <= day <= last}


def is_booking_day(day: dt.date, holidays: set[dt.date]) -> bool:
    """Fridays (NAFITHA_BOOKING["closed_weekdays"]) and public holidays take no bookings;
    other days follow the centre's opening hours."""
    return day.weekday() not in settings.NAFITHA_BOOKING["closed_weekdays"] and day not in holidays
