"""Days a centre receives booked visits. Public holidays are read through `public_holidays`
alone, so moving the holiday list to another app changes one import."""

import datetime as dt

from django.conf import settings


def public_holidays(first: dt.date, last: dt.date) -> set[dt.date]:
    """Public holidays between `first` and `last`, inclusive."""
    from feedback.models import Holiday

    return set(Holiday.objects.filter(date__range=(first, last)).values_list("date", flat=True))


def is_booking_day(day: dt.date, holidays: set[dt.date]) -> bool:
    """Fridays (NAFITHA_BOOKING["closed_weekdays"]) and public holidays take no bookings;
    other days follow the centre's opening hours."""
    return day.weekday() not in settings.NAFITHA_BOOKING["closed_weekdays"] and day not in holidays
