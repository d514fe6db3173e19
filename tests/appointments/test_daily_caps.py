"""Bookings count against the service's daily cap like tickets: a booking is refused with the
engine's `daily_cap_reached` when the day's tickets plus its bookings still active fill the
cap; a checked-in booking is counted once (by its ticket). Refusals change nothing."""

import datetime as dt

import pytest

from appointments import services
from appointments.models import Booking, PhoneVerification
from appointments.selectors import slots_for
from kiosk.models import Notification
from queueing import engine
from queueing.errors import QueueError
from queueing.models import Ticket
from tests.appointments.conftest import NOW, last_code

pytestmark = pytest.mark.django_db

PHONES = [f"+96279000000{i}" for i in range(1, 8)]


@pytest.fixture
def capped(centre, passport, plan):
    centre.offers.filter(service=passport).update(daily_cap=2)
    return plan


def state():
    return (
        list(Booking.objects.order_by("pk").values()),
        list(PhoneVerification.objects.order_by("pk").values("phone", "code_hash", "attempts")),
        list(Notification.objects.exclude(kind="code").order_by("pk").values()),
        Ticket.objects.count(),
    )


def slots(centre, service, day):
    return [
        s
        for s in slots_for(
            centre=centre, service=service, first=dt.date(2026, 3, day), days=1, now=NOW
        )
        if s.free
    ]


def book(centre, service, slot, phone):
    services.code_send(phone=phone, language="en", now=NOW)
    return create(centre, service, slot, phone)


def create(centre, service, slot, phone):
    return services.booking_create(
        centre=centre,
        service=service,
        starts_at=slot.starts_at,
        phone=phone,
        code=last_code(phone),
        language="en",
        now=NOW,
    )


def refused_by_cap(centre, service, slot, phone):
    services.code_send(phone=phone, language="en", now=NOW)
    refused(create, centre, service, slot, phone)


def refused(call, *args, **kwargs):
    before = state()
    with pytest.raises(QueueError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == "daily_cap_reached"
    assert state() == before


def test_bookings_fill_the_cap_of_their_day(centre, passport, capped):
    monday = slots(centre, passport, 9)
    first = book(centre, passport, monday[0], PHONES[0])
    book(centre, passport, monday[1], PHONES[1])
    refused_by_cap(centre, passport, monday[2], PHONES[2])
    # Another day has its own cap; a cancelled booking gives its place back.
    book(centre, passport, slots(centre, passport, 10)[0], PHONES[4])
    services.booking_cancel(reference=first.reference)
    book(centre, passport, monday[2], PHONES[3])


def test_tickets_issued_count_and_a_checked_in_booking_counts_once(
    centre, passport, capped, open_counter
):
    today = [s for s in slots(centre, passport, 8) if s.starts_at > NOW + dt.timedelta(hours=1)]
    booked = book(centre, passport, today[0], PHONES[0])
    services.booking_check_in(
        reference=booked.reference, centre=centre, now=today[0].starts_at - dt.timedelta(minutes=5)
    )
    assert Booking.objects.get().status == Booking.Status.CHECKED_IN
    # One place taken (the ticket of the checked-in booking), not two.
    second = book(centre, passport, today[1], PHONES[1])
    refused_by_cap(centre, passport, today[2], PHONES[2])
    services.booking_cancel(reference=second.reference)
    engine.ticket_issue(centre=centre, service_codes=[passport.code], now=NOW)
    refused_by_cap(centre, passport, today[2], PHONES[3])


def test_a_move_to_a_full_day_is_refused_and_changes_nothing(centre, passport, capped):
    monday, tuesday = slots(centre, passport, 9), slots(centre, passport, 10)
    book(centre, passport, tuesday[0], PHONES[0])
    book(centre, passport, tuesday[1], PHONES[1])
    moving = book(centre, passport, monday[0], PHONES[2])
    refused(
        services.booking_move, reference=moving.reference, starts_at=tuesday[2].starts_at, now=NOW
    )
    # Within its own full day a booking may move: it is not counted twice.
    kept = book(centre, passport, monday[1], PHONES[3])
    moved = services.booking_move(reference=kept.reference, starts_at=monday[2].starts_at, now=NOW)
    assert moved.starts_at == monday[2].starts_at


def test_a_service_without_cap_is_not_limited(centre, passport, plan):
    monday = slots(centre, passport, 9)
    for slot, phone in zip(monday[:3], PHONES[:3], strict=True):
        book(centre, passport, slot, phone)
    assert Booking.objects.count() == 3
