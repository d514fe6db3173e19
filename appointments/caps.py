"""Bookings and the services' daily caps.

A booking takes a place of the daily cap of each service of its visit at its centre for the
day it is booked for, like a ticket does, and holds it until the citizen checks in: the
engine refuses a booking (`daily_cap_reached`, `engine.daily_cap_claim`) when that day's
tickets plus the places already held fill the cap, and it refuses a walk-in the same way,
so walk-ins cannot take the places of the day's bookings still to come.

The places held live in `queueing.CapHold` (one row per offer and day), which the engine
reads without knowing about bookings. Appointments keeps them: every change of a booking's
state (book, move, cancel, check-in, release as a no-show) recounts the held places of the
days it touched (`holds_sync`), in the same transaction and under the offers' row locks,
which are taken in primary-key order like the engine takes them. A recount, not an
increment: a row is always the count of the bookings still *booked* for that day.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from appointments.models import Booking
from centre.models import Centre, CentreService, Service
from queueing import engine
from queueing.models import CapHold


def lock_offers(*, centre: Centre, services: Iterable[Service]) -> list[CentreService]:
    """The centre's offers of `services`, locked in primary-key order (the engine's order).
    Only the offers: their services are joined to read, not locked (a service row is shared
    by every centre's issuers)."""
    return list(
        CentreService.objects.select_for_update(of=("self",))
        .filter(centre=centre, service__in=[s.pk for s in services])
        .select_related("service")
        .order_by("pk")
    )


def booking_cap_claim(*, booking: Booking, services: list[Service]) -> None:
    """Inside the caller's transaction, before `booking` (new, or moved to another day) is
    saved: refuse with `daily_cap_reached` when a capped service of the visit has no place
    left that day. The offer rows stay locked until commit, so two bookings (or a booking
    and a ticket) never both take the last place."""
    day = booking.centre.service_day(booking.starts_at)
    for offer in lock_offers(centre=booking.centre, services=services):
        if offer.daily_cap is not None:
            engine.daily_cap_claim(centre=booking.centre, service_code=offer.service.code, day=day)


def holds_sync(*, centre: Centre, services: Iterable[Service], days: Iterable[dt.date]) -> None:
    """Recount the places held by the bookings still *booked* for `services` on `days`, after
    the booking's change is saved (same transaction)."""
    offers = lock_offers(centre=centre, services=services)
    for day in sorted(set(days)):
        starts, ends = centre.day_window(day)
        booked = Booking.objects.filter(
            centre=centre, status=Booking.Status.BOOKED, starts_at__gte=starts, starts_at__lt=ends
        )
        for offer in offers:
            held = (
                booked.filter(
                    Q(items__service_id=offer.service_id)
                    | Q(items__isnull=True, service_id=offer.service_id)
                )
                .distinct()
                .count()
            )
            CapHold.objects.update_or_create(offer=offer, service_day=day, defaults={"held": held})
