"""Booking with a verified number: limits per number, no overlaps, a secret reference; moving
and cancelling. Every refusal changes nothing."""

import datetime as dt

import pytest

from appointments import services
from appointments.errors import AppointmentError
from appointments.models import Booking, PhoneVerification
from appointments.selectors import booking_by_reference, reference_digest, slots_for
from kiosk.models import Notification
from tests.appointments.conftest import NOW, PHONE, last_code

pytestmark = pytest.mark.django_db


def state():
    return (
        list(Booking.objects.order_by("pk").values()),
        list(PhoneVerification.objects.order_by("pk").values()),
        list(Notification.objects.order_by("pk").values()),
    )


def free_slots(centre, service, day=9, days=1):
    return slots_for(
        centre=centre, service=service, first=dt.date(2026, 3, day), days=days, now=NOW
    )


def book(centre, service, slot, *, phone=PHONE, now=NOW):
    services.code_send(phone=phone, language="en", now=now)
    return services.booking_create(
        centre=centre,
        service=service,
        starts_at=slot.starts_at,
        phone=phone,
        code=last_code(phone),
        language="en",
        now=now,
    )


def refused(expected, call, **kwargs):
    before = state()
    with pytest.raises(AppointmentError) as caught:
        call(**kwargs)
    assert caught.value.code == expected
    assert state() == before
    return caught.value


def test_it_books_a_slot_and_sends_the_reference(centre, passport, plan):
    slot = free_slots(centre, passport)[0]
    booked = book(centre, passport, slot)
    booking = booked.booking
    assert (booking.starts_at, booking.ends_at, booking.status) == (
        slot.starts_at,
        slot.ends_at,
        "booked",
    )
    assert booked.reference.startswith("B-") and len(booked.reference) == 19
    assert booking.reference_digest == reference_digest(booked.reference)
    assert booked.reference not in str(Booking.objects.values().get())
    message = Notification.objects.get(kind="booking")
    assert booked.reference in message.text and message.phone == PHONE
    # The code is used up; the slot is taken.
    assert PhoneVerification.objects.get().code_hash == ""
    assert free_slots(centre, passport)[0].free == 0
    # The reference is found however it is typed.
    typed = booked.reference.lower().replace("-", " ")
    assert booking_by_reference(reference=typed) == booking


def test_a_code_books_once(centre, passport, plan):
    first, second = free_slots(centre, passport)[:2]
    services.code_send(phone=PHONE, now=NOW)
    code = last_code()
    services.booking_create(
        centre=centre, service=passport, starts_at=first.starts_at, phone=PHONE, code=code, now=NOW
    )
    refused(
        "code_expired",
        services.booking_create,
        centre=centre,
        service=passport,
        starts_at=second.starts_at,
        phone=PHONE,
        code=code,
        now=NOW,
    )


def test_it_refuses_a_taken_slot_and_keeps_the_code(centre, passport, plan):
    slot = free_slots(centre, passport)[0]
    book(centre, passport, slot, phone="+962780000001")
    services.code_send(phone=PHONE, now=NOW)
    code = last_code()
    refused(
        "slot_full",
        services.booking_create,
        centre=centre,
        service=passport,
        starts_at=slot.starts_at,
        phone=PHONE,
        code=code,
        now=NOW,
    )
    services.code_check(phone=PHONE, code=code, now=NOW)  # still good for another slot


def test_it_refuses_a_time_that_is_not_a_slot(centre, passport, plan):
    services.code_send(phone=PHONE, now=NOW)
    slot = free_slots(centre, passport)[0]
    for starts_at in (slot.starts_at + dt.timedelta(minutes=1), NOW - dt.timedelta(hours=1)):
        refused(
            "slot_unknown",
            services.booking_create,
            centre=centre,
            service=passport,
            starts_at=starts_at,
            phone=PHONE,
            code=last_code(),
            now=NOW,
        )


def test_one_number_cannot_hold_overlapping_bookings(centre, passport, id_card, plan):
    from appointments.models import AppointmentPlan

    AppointmentPlan.objects.create(centre=centre, service=id_card, counters=1, walk_in_percent=0)
    slot = free_slots(centre, passport)[0]
    book(centre, passport, slot)
    overlapping = next(
        s for s in free_slots(centre, id_card) if s.starts_at < slot.ends_at <= s.ends_at
    )
    services.code_send(phone=PHONE, now=NOW + dt.timedelta(minutes=1))
    refused(
        "booking_overlaps",
        services.booking_create,
        centre=centre,
        service=id_card,
        starts_at=overlapping.starts_at,
        phone=PHONE,
        code=last_code(),
        now=NOW,
    )


def test_limits_per_number_per_day_and_week(centre, passport, plan, settings):
    settings.NAFITHA_BOOKING = {
        **settings.NAFITHA_BOOKING,
        "per_number_day": 1,
        "per_number_week": 2,
    }
    settings.NAFITHA_SMS_PER_NUMBER_PER_DAY = 20
    monday = free_slots(centre, passport, day=9)
    book(centre, passport, monday[0], now=NOW)
    services.code_send(phone=PHONE, now=NOW + dt.timedelta(minutes=1))
    refused(
        "booking_day_limit",
        services.booking_create,
        centre=centre,
        service=passport,
        starts_at=monday[5].starts_at,
        phone=PHONE,
        code=last_code(),
        now=NOW,
    )
    book(
        centre, passport, free_slots(centre, passport, day=10)[0], now=NOW + dt.timedelta(minutes=2)
    )
    services.code_send(phone=PHONE, now=NOW + dt.timedelta(minutes=3))
    refused(
        "booking_week_limit",
        services.booking_create,
        centre=centre,
        service=passport,
        starts_at=free_slots(centre, passport, day=11)[0].starts_at,
        phone=PHONE,
        code=last_code(),
        now=NOW,
    )
    # The next week (from Saturday 14 March) is open again.
    book(
        centre, passport, free_slots(centre, passport, day=15)[0], now=NOW + dt.timedelta(minutes=4)
    )


def test_move_and_cancel(centre, passport, plan):
    first, second = free_slots(centre, passport)[:2]
    booked = book(centre, passport, first)
    moved = services.booking_move(reference=booked.reference, starts_at=second.starts_at, now=NOW)
    assert moved.starts_at == second.starts_at
    assert [s.free for s in free_slots(centre, passport)[:2]] == [1, 0]
    services.booking_cancel(reference=booked.reference)
    assert [s.free for s in free_slots(centre, passport)[:2]] == [1, 1]
    refused("booking_not_active", services.booking_cancel, reference=booked.reference)
    refused(
        "booking_not_active",
        services.booking_move,
        reference=booked.reference,
        starts_at=first.starts_at,
        now=NOW,
    )


def test_a_guessed_reference_finds_nothing(centre, passport, plan):
    book(centre, passport, free_slots(centre, passport)[0])
    refused("booking_unknown", services.booking_cancel, reference="B-22222-22222-22222")
