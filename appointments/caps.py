"""Bookings and the services' daily caps.

A booking takes a place of its service's daily cap at its centre for the day it is booked
for, like a ticket does: the engine refuses it (`daily_cap_reached`, `engine.daily_cap_claim`)
when that day's tickets plus the bookings still active for it (booked, not yet checked in)
fill the cap. A checked-in booking is counted once, by its ticket; a booking that came late
or was cancelled is not counted.
"""

from appointments.models import Booking
from centre.models import CentreService
from queueing import engine


def booking_cap_claim(*, booking: Booking) -> None:
    """Inside the caller's transaction, before `booking` (new or moved) is saved. The capped
    offer row is locked before the day's bookings are counted, so two bookings (or a booking
    and a ticket) never both take the last place."""
    centre = booking.centre
    offer = (
        CentreService.objects.select_for_update()
        .filter(centre=centre, service=booking.service, daily_cap__isnull=False)
        .first()
    )
    if offer is None:
        return
    day = centre.service_day(booking.starts_at)
    starts, ends = centre.day_window(day)
    held = (
        Booking.objects.filter(
            centre=centre,
            service=booking.service,
            status=Booking.Status.BOOKED,
            starts_at__gte=starts,
            starts_at__lt=ends,
        )
        .exclude(pk=booking.pk)
        .count()
    )
    engine.daily_cap_claim(centre=centre, service_code=booking.service.code, day=day, held=held)
