"""Check-in at the kiosk: too early, on time (queued by the booked time), too late (a walk-in
ticket), twice (the same ticket), at the wrong centre."""

import datetime as dt

import pytest
from django.utils import translation

from appointments import services
from appointments.errors import AppointmentError
from appointments.models import Booking
from appointments.selectors import slots_for
from queueing import engine
from queueing.models import Ticket
from tests.appointments.conftest import NOW, PHONE, last_code
from tests.conftest import make_centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(centre, passport, plan):
    slot = slots_for(centre=centre, service=passport, first=dt.date(2026, 3, 9), now=NOW)[30]
    services.code_send(phone=PHONE, now=NOW)
    result = services.booking_create(
        centre=centre,
        service=passport,
        starts_at=slot.starts_at,
        phone=PHONE,
        code=last_code(),
        now=NOW,
    )
    return result


def check_in(booked, centre, minutes_from_start):
    now = booked.booking.starts_at + dt.timedelta(minutes=minutes_from_start)
    return services.booking_check_in(reference=booked.reference, centre=centre, now=now)


def test_too_early_says_when_to_come_back_and_changes_nothing(booked, centre):
    with translation.override("en"), pytest.raises(AppointmentError) as refused:
        check_in(booked, centre, -31)
    local = (booked.booking.starts_at - dt.timedelta(minutes=30)).astimezone(centre.tz)
    assert refused.value.code == "too_early"
    assert local.strftime("%H:%M") in refused.value.message
    assert not Ticket.objects.exists()
    assert Booking.objects.get().status == "booked"


def test_on_time_queues_by_the_booked_time_with_the_appointment_class(booked, centre):
    result = check_in(booked, centre, -20)
    ticket = result.ticket
    assert (result.late, result.created) == (False, True)
    assert ticket.channel == "appointment" and ticket.priority.code == "appointment"
    assert ticket.queue_since == booked.booking.starts_at == ticket.appointment_at
    booking = Booking.objects.get()
    assert (booking.status, booking.ticket) == ("checked_in", ticket)


def test_a_second_scan_returns_the_same_ticket(booked, centre):
    first = check_in(booked, centre, 0)
    again = check_in(booked, centre, 1)
    assert again.ticket == first.ticket and not again.created
    assert Ticket.objects.count() == 1


def test_too_late_becomes_a_walk_in_ticket(booked, centre):
    result = check_in(booked, centre, 11)
    ticket = result.ticket
    assert result.late
    assert ticket.channel == "kiosk" and ticket.priority is None and ticket.appointment_at is None
    assert ticket.queue_since == booked.booking.starts_at + dt.timedelta(minutes=11)
    assert Booking.objects.get().status == "late"


def test_another_centre_refuses_and_changes_nothing(booked):
    irbid = make_centre("irbid", name_en="Irbid", name_ar="إربد")
    with pytest.raises(AppointmentError) as refused:
        check_in(booked, irbid, 0)
    assert refused.value.code == "booking_other_centre"
    assert not Ticket.objects.exists() and Booking.objects.get().status == "booked"


def test_a_cancelled_booking_cannot_check_in(booked, centre):
    services.booking_cancel(reference=booked.reference)
    with pytest.raises(AppointmentError) as refused:
        check_in(booked, centre, 0)
    assert refused.value.code == "booking_not_active"


def test_a_due_appointment_is_called_before_walk_ins_but_an_early_one_is_not(
    booked, centre, passport, open_counter, alice
):
    start = booked.booking.starts_at
    walk_in = engine.ticket_issue(
        centre=centre, service_codes=[passport.code], now=start - dt.timedelta(minutes=25)
    ).ticket
    appointment = check_in(booked, centre, -20).ticket
    # Ten minutes before the booked time the walk-in who waits is called first…
    called = engine.ticket_call_next(
        counter=open_counter, staff=alice, now=start - dt.timedelta(minutes=10)
    )
    assert called == walk_in
    later = engine.ticket_issue(
        centre=centre, service_codes=[passport.code], now=start - dt.timedelta(minutes=5)
    ).ticket
    # …and at the booked time the appointment goes before the walk-in who came since.
    called = engine.ticket_call_next(
        counter=open_counter, staff=alice, finish="completed", now=start
    )
    assert called == appointment
    assert later.pk != called.pk
